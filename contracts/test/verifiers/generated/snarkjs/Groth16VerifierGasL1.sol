// SPDX-License-Identifier: GPL-3.0
// snarkjs 0.7.6's Groth16 verifier (templates/verifier_groth16.sol.ejs rendered with ejs from
// the verifying key, as `snarkjs zkey export solidityverifier` does), renamed from Groth16Verifier.
// Do not edit: regenerate it with
//   node tools/snarkjs/export-solidity-verifier.mjs circuits/fixtures/gas-l1/verification_key.json Groth16VerifierGasL1 contracts/test/verifiers/generated/snarkjs/Groth16VerifierGasL1.sol
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

contract Groth16VerifierGasL1 {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 5695647891058145426960992256924239258977162663247491423090033033549927848147;
    uint256 constant alphay  = 12733265912285760475369614862274621513389353530522689426312383006520304007458;
    uint256 constant betax1  = 17188853177100231683318768507376651386297005843729275101947347654738824529982;
    uint256 constant betax2  = 16046772795261360631872770483206825907800984977136063169057074951177603730360;
    uint256 constant betay1  = 12292672574052723815432127860729230633063172427493062034153727604500388164809;
    uint256 constant betay2  = 2598678333051668525174856434856193461287086780911027270199639036205042539859;
    uint256 constant gammax1 = 11628222563324298181230674495008344240186186826325519137593610615358287529212;
    uint256 constant gammax2 = 6831243439432830324813084301481941947356974712036823415176253777732738556231;
    uint256 constant gammay1 = 17925384280287611628018084016142832400779395652863340582106143584039524919439;
    uint256 constant gammay2 = 18846298836546160555052373845605078349585884040720348961824903102337542184854;
    uint256 constant deltax1 = 3628883038028850944881513950572053331780075276182269323324470636960766857522;
    uint256 constant deltax2 = 18369593787142627228396437495565997248027757595014760737103508814658377944098;
    uint256 constant deltay1 = 7177405643285582574332637269969080867215958208610218360308679444926037813928;
    uint256 constant deltay2 = 13560294035408069076432193212197627500290128495326813965045145908416813321341;

    
    uint256 constant IC0x = 9578043414543377702363413119998178578189312517921292068909324920018230035410;
    uint256 constant IC0y = 1550592446645721832749011514117275960023357884752851366545823343417157644455;
    
    uint256 constant IC1x = 16275593427754857056558147426029873784865676844928479367653072381683506162457;
    uint256 constant IC1y = 6948236090687150805582880043517626485180680296055612605883018284871014481241;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[1] calldata _pubSignals) public view returns (bool) {
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
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
