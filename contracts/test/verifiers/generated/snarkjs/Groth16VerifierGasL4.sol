// SPDX-License-Identifier: GPL-3.0
// snarkjs 0.7.6's Groth16 verifier (templates/verifier_groth16.sol.ejs rendered with ejs from
// the verifying key, as `snarkjs zkey export solidityverifier` does), renamed from Groth16Verifier.
// Do not edit: regenerate it with
//   node tools/snarkjs/export-solidity-verifier.mjs circuits/fixtures/gas-l4/verification_key.json Groth16VerifierGasL4 contracts/test/verifiers/generated/snarkjs/Groth16VerifierGasL4.sol
/*
    Copyright 2021 0KIMS association.

    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).

    snarkJS is a free software: you can redistribute it and/or modify it
    under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    snarkJS is distributed in the hope that it will be useful, but WITHOUT
    ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
    or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public
    License for more details.

    You should have received a copy of the GNU General Public License
    along with snarkJS. If not, see <https://www.gnu.org/licenses/>.
*/

pragma solidity >=0.7.0 <0.9.0;

contract Groth16VerifierGasL4 {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 18696095191913045909351396869636718444858851890820586574306162924903851713680;
    uint256 constant alphay  = 8174946960298405007709359731276105542726033856631170604331214677122381634692;
    uint256 constant betax1  = 20547762801411778962345975963289721424567136063209931530268799322004065750445;
    uint256 constant betax2  = 15653983807033638172200507999135454598041839787540227469491531499522141791629;
    uint256 constant betay1  = 17755855278816210281797914987896834751343634662489367558124719639675974317606;
    uint256 constant betay2  = 5553068226972153972056990471300313806920193208290243638283555629872639664549;
    uint256 constant gammax1 = 21615003463985623385257257775056621765890877631388403161593825885352944766341;
    uint256 constant gammax2 = 18093330573562826114770417411064775720905187370510448676625181852400331210886;
    uint256 constant gammay1 = 19382168751371102186880854964152417169583483354994393930465839752204520393803;
    uint256 constant gammay2 = 12510688342007472715898313548355155588077332582924399355672445460779311549909;
    uint256 constant deltax1 = 4668866273246718331618387983451619744112511272420427253515490733745380269369;
    uint256 constant deltax2 = 16313722016901701861495240372899524097480370177962810765045675753460751057816;
    uint256 constant deltay1 = 4897551856498385525560745933409848022846525395283249568001363935580109310693;
    uint256 constant deltay2 = 4977803780037129259752421728342010916086256363485532429992499158825314081675;

    
    uint256 constant IC0x = 19959671582335688366400245611492753658902774787008738447636323976783002709614;
    uint256 constant IC0y = 11702063694221182411175973128941931570953981752854602274635413271163843896841;
    
    uint256 constant IC1x = 18886364281229400894530993016053374890600974166350116307877229466257831440389;
    uint256 constant IC1y = 18864707490021586527569997866981781394108234525338691790967704132038267144152;
    
    uint256 constant IC2x = 13235252222108505717614924250144289574359938382295908056361688884716005656428;
    uint256 constant IC2y = 17528346721079667178600045818571523163328381566506336311193357391497590326840;
    
    uint256 constant IC3x = 19838387976658908057273595894133323555386508182442556099793882619021619047245;
    uint256 constant IC3y = 20218787882552892454299746048168098326785682426224588788710872799660115184959;
    
    uint256 constant IC4x = 5584825412027424759849687406031732885990194746244433063467288672748818599550;
    uint256 constant IC4y = 21748745409869420465634529600599891078716761624010264910332647571990010450448;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[4] calldata _pubSignals) public view returns (bool) {
        assembly {
            function checkField(v) {
                if iszero(lt(v, r)) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }
            
            // G1 function to multiply a G1 value(x,y) to value in an address
            function g1_mulAccC(pR, x, y, s) {
                let success
                let mIn := mload(0x40)
                mstore(mIn, x)
                mstore(add(mIn, 32), y)
                mstore(add(mIn, 64), s)

                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }

                mstore(add(mIn, 64), mload(pR))
                mstore(add(mIn, 96), mload(add(pR, 32)))

                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }

            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {
                let _pPairing := add(pMem, pPairing)
                let _pVk := add(pMem, pVk)

                mstore(_pVk, IC0x)
                mstore(add(_pVk, 32), IC0y)

                // Compute the linear combination vk_x
                
                g1_mulAccC(_pVk, IC1x, IC1y, calldataload(add(pubSignals, 0)))
                
                g1_mulAccC(_pVk, IC2x, IC2y, calldataload(add(pubSignals, 32)))
                
                g1_mulAccC(_pVk, IC3x, IC3y, calldataload(add(pubSignals, 64)))
                
                g1_mulAccC(_pVk, IC4x, IC4y, calldataload(add(pubSignals, 96)))
                

                // -A
                mstore(_pPairing, calldataload(pA))
                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))

                // B
                mstore(add(_pPairing, 64), calldataload(pB))
                mstore(add(_pPairing, 96), calldataload(add(pB, 32)))
                mstore(add(_pPairing, 128), calldataload(add(pB, 64)))
                mstore(add(_pPairing, 160), calldataload(add(pB, 96)))

                // alpha1
                mstore(add(_pPairing, 192), alphax)
                mstore(add(_pPairing, 224), alphay)

                // beta2
                mstore(add(_pPairing, 256), betax1)
                mstore(add(_pPairing, 288), betax2)
                mstore(add(_pPairing, 320), betay1)
                mstore(add(_pPairing, 352), betay2)

                // vk_x
                mstore(add(_pPairing, 384), mload(add(pMem, pVk)))
                mstore(add(_pPairing, 416), mload(add(pMem, add(pVk, 32))))


                // gamma2
                mstore(add(_pPairing, 448), gammax1)
                mstore(add(_pPairing, 480), gammax2)
                mstore(add(_pPairing, 512), gammay1)
                mstore(add(_pPairing, 544), gammay2)

                // C
                mstore(add(_pPairing, 576), calldataload(pC))
                mstore(add(_pPairing, 608), calldataload(add(pC, 32)))

                // delta2
                mstore(add(_pPairing, 640), deltax1)
                mstore(add(_pPairing, 672), deltax2)
                mstore(add(_pPairing, 704), deltay1)
                mstore(add(_pPairing, 736), deltay2)


                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)

                isOk := and(success, mload(_pPairing))
            }

            let pMem := mload(0x40)
            mstore(0x40, add(pMem, pLastMem))

            // Validate that all evaluations ∈ F
            
            checkField(calldataload(add(_pubSignals, 0)))
            
            checkField(calldataload(add(_pubSignals, 32)))
            
            checkField(calldataload(add(_pubSignals, 64)))
            
            checkField(calldataload(add(_pubSignals, 96)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
