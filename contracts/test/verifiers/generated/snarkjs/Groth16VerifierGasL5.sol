// SPDX-License-Identifier: GPL-3.0
// snarkjs 0.7.6's Groth16 verifier (templates/verifier_groth16.sol.ejs rendered with ejs from
// the verifying key, as `snarkjs zkey export solidityverifier` does), renamed from Groth16Verifier.
// Do not edit: regenerate it with
//   node tools/snarkjs/export-solidity-verifier.mjs circuits/fixtures/gas-l5/verification_key.json Groth16VerifierGasL5 contracts/test/verifiers/generated/snarkjs/Groth16VerifierGasL5.sol
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

contract Groth16VerifierGasL5 {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 12486633956909428457035479572415620650358006891020115650751573997588152728567;
    uint256 constant alphay  = 307688155523243289533900326320643782321987040392003938265501357073351484525;
    uint256 constant betax1  = 8915122031249822311108005494903794829596093992226063046332399891003680290641;
    uint256 constant betax2  = 16687944176106323959043819769395027643238480085924605203561386229633790253542;
    uint256 constant betay1  = 11844742284099322658555529712649886528217570826874519925492103986128729660028;
    uint256 constant betay2  = 17820603019929594972080127093448532919655922443037526999670782685080894110253;
    uint256 constant gammax1 = 539716852173796342578691097411031508659868113566166051570239568615008853871;
    uint256 constant gammax2 = 8526859831684387456966246463072997116902259134510798766323245755582730688706;
    uint256 constant gammay1 = 16010546463437339358711281351401102502457279744033779289054863003735963226274;
    uint256 constant gammay2 = 4875684402075072193517013267860505788951519972127976585227190058831347766282;
    uint256 constant deltax1 = 13542285722849210653232869820372201768772129827418201536042988324661282949317;
    uint256 constant deltax2 = 12729819940227032733090292544973027147755952383353279104778870143403531548778;
    uint256 constant deltay1 = 12377890309126366169245367832059647234434238802339449016827010801601987196574;
    uint256 constant deltay2 = 8934470128952497535876137331698601869732476330114725174868099211903731906573;

    
    uint256 constant IC0x = 14835107772022167811909107019061414638154729099461666128699278002190323707658;
    uint256 constant IC0y = 18393348702780234342889423284608447976660555276136138098816268438596089692877;
    
    uint256 constant IC1x = 5719831432373389371950520351796579783187755401402953533930824961463491253066;
    uint256 constant IC1y = 14429217653416158140363016318676280434679440563656208970100738025971526932574;
    
    uint256 constant IC2x = 7520526059771923022636561939536473436297275969558635116045809223343557398136;
    uint256 constant IC2y = 4940727848739140863606569747608870215418730174399515570587545200199778759844;
    
    uint256 constant IC3x = 12674447649527804998477252233581590858910368604428509829807779430967233702475;
    uint256 constant IC3y = 7883717329134153735213830265536831939634468061597741533012814240581890929176;
    
    uint256 constant IC4x = 5564075346263393667829553153778857924389879551754202971245963240731808621520;
    uint256 constant IC4y = 15193593984452673381151572516306308463703386825347769364379540641955229444734;
    
    uint256 constant IC5x = 6589578229213487117683345768881933998436748385374739194193308672590748671082;
    uint256 constant IC5y = 19784573425929107049254557531186891030013090156195295007946012146491641928055;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[5] calldata _pubSignals) public view returns (bool) {
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
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
