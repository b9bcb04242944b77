// SPDX-License-Identifier: GPL-3.0
// snarkjs 0.7.6's Groth16 verifier (templates/verifier_groth16.sol.ejs rendered with ejs from
// the verifying key, as `snarkjs zkey export solidityverifier` does), renamed from Groth16Verifier.
// Do not edit: regenerate it with
//   node tools/snarkjs/export-solidity-verifier.mjs circuits/fixtures/gas-l2/verification_key.json Groth16VerifierGasL2 contracts/test/verifiers/generated/snarkjs/Groth16VerifierGasL2.sol
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

contract Groth16VerifierGasL2 {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 8210273349576777288553422319736872459409281689551143288341131845846905088869;
    uint256 constant alphay  = 14722285655562224344408457520805967106960562633052910891484500393900366221945;
    uint256 constant betax1  = 15260536933180333620769572574475510440864828770884021281652838559526900179054;
    uint256 constant betax2  = 2113398622339159694079500099951749815024197826372689262449060644932451833614;
    uint256 constant betay1  = 10237190954311752174893819518171687818436110881087319238568394127802872374367;
    uint256 constant betay2  = 13699819594441075856237403159459623185413203640678742928941410109221289662042;
    uint256 constant gammax1 = 18248861806793234025150270305761249251583828586053899117753268517248397614823;
    uint256 constant gammax2 = 16163329318376969562287913159930665091416291477502992414823257548594119218224;
    uint256 constant gammay1 = 21676931807762327402632005493956892574618862705939730743402412392195005636943;
    uint256 constant gammay2 = 10750342482105404226708567593655602364280782633353751474278361729738528735233;
    uint256 constant deltax1 = 15807017389590424528027354939441497317426966652225667525881291963775204908655;
    uint256 constant deltax2 = 7972112341369510793973036055717937635038969324209590581852050662568374821341;
    uint256 constant deltay1 = 12314113765380444810394357618815700687754034489813777880038334148071400632996;
    uint256 constant deltay2 = 4174150980819485520282794598217976795224508127325941513421600941067064842950;

    
    uint256 constant IC0x = 19890972910078067706714517890203616710511061976992571858613897479445454198408;
    uint256 constant IC0y = 10409982961940747055377731633693841356342184863088293450453586998972261138397;
    
    uint256 constant IC1x = 17106948918263371511390239791417496266870710794868768749856715636315902980533;
    uint256 constant IC1y = 11732829622087219236291377071204552905699298058479868757736757660746313640197;
    
    uint256 constant IC2x = 9221242937807220210161671982771526495834972073040408152925880133301551940794;
    uint256 constant IC2y = 19536268309177403639864116929412675136306324935725542729885725572481244090372;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[2] calldata _pubSignals) public view returns (bool) {
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
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
