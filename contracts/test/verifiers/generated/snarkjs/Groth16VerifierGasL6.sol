// SPDX-License-Identifier: GPL-3.0
// snarkjs 0.7.6's Groth16 verifier (templates/verifier_groth16.sol.ejs rendered with ejs from
// the verifying key, as `snarkjs zkey export solidityverifier` does), renamed from Groth16Verifier.
// Do not edit: regenerate it with
//   node tools/snarkjs/export-solidity-verifier.mjs circuits/fixtures/gas-l6/verification_key.json Groth16VerifierGasL6 contracts/test/verifiers/generated/snarkjs/Groth16VerifierGasL6.sol
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

contract Groth16VerifierGasL6 {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 5526222753824392717282924414281898931969152566652739665440744349310830560017;
    uint256 constant alphay  = 4649257895852103367823614673772075670075967152218259881514867308204588258614;
    uint256 constant betax1  = 17008222924314395500642827766292355891758117600949042113170509479259995371285;
    uint256 constant betax2  = 4748405804053048740020382296113713235797119880530981689378495961216469205783;
    uint256 constant betay1  = 20657231342955313491754570177162575557963589181129901339437905282259894945315;
    uint256 constant betay2  = 5107233334688919094650399861682205369436221216436467413261446919239692556750;
    uint256 constant gammax1 = 11156618731754104038047393596966336317133664382180647968086928568005386674477;
    uint256 constant gammax2 = 6093099448006635068530180088907968572214688372838473970291182750139048731697;
    uint256 constant gammay1 = 14661839651008922614352526766414840501576074317508881065356371403745071978835;
    uint256 constant gammay2 = 21626375166412191252379307312136488266415574938395099857384001027646062971218;
    uint256 constant deltax1 = 19678331907380554013661515317724663983538280313708605075111486101602327276732;
    uint256 constant deltax2 = 6881511028445068953976987613602324935747251557393077704921834181309170651815;
    uint256 constant deltay1 = 17126931972259983304991846238235120178598195446176073746569022395553898215830;
    uint256 constant deltay2 = 7892324400768630990174636363539920395659705687160969218255420097341345799317;

    
    uint256 constant IC0x = 16566726445074190908422745355416124583553004125515911799483642103486789981383;
    uint256 constant IC0y = 1783520467770621755521242833993797465836530858090999893678435544413118933409;
    
    uint256 constant IC1x = 3061557775096604267133639488624665868302820761881912968329010014156073870730;
    uint256 constant IC1y = 1155818351262276952852911585412215763121386844888568337417099980081630445921;
    
    uint256 constant IC2x = 21594493644213661197582796891375811182589917018635557657355814166195175064466;
    uint256 constant IC2y = 11548359924582079748462567822848456577636505687055216190011162291900672106820;
    
    uint256 constant IC3x = 20426376961453981447967672979716954226950372565174638475109621730977205026682;
    uint256 constant IC3y = 624286527356464419831612690659070331692639053743939167006966692948929134849;
    
    uint256 constant IC4x = 1442624294849287513532158471090002832693571016452562530947876964909642437474;
    uint256 constant IC4y = 12687832980767158438048089263220070591105598030753781042544178571256853957873;
    
    uint256 constant IC5x = 3629193394270751619710564678713457902834734404724030539549243067220507677749;
    uint256 constant IC5y = 6274667472398830091795918106840559216473164591445108899025611684152045934320;
    
    uint256 constant IC6x = 21247282821433411169282350170359104510699456394577253788724770431452648930935;
    uint256 constant IC6y = 1189087396650760289890610091742294677696209718314152825633392004205485134832;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[6] calldata _pubSignals) public view returns (bool) {
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
                
                g1_mulAccC(_pVk, IC5x, IC5y, calldataload(add(pubSignals, 128)))
                
                g1_mulAccC(_pVk, IC6x, IC6y, calldataload(add(pubSignals, 160)))
                

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
            
            checkField(calldataload(add(_pubSignals, 128)))
            
            checkField(calldataload(add(_pubSignals, 160)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
