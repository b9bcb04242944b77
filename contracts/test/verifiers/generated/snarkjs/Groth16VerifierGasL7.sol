// SPDX-License-Identifier: GPL-3.0
// snarkjs 0.7.6's Groth16 verifier (templates/verifier_groth16.sol.ejs rendered with ejs from
// the verifying key, as `snarkjs zkey export solidityverifier` does), renamed from Groth16Verifier.
// Do not edit: regenerate it with
//   node tools/snarkjs/export-solidity-verifier.mjs circuits/fixtures/gas-l7/verification_key.json Groth16VerifierGasL7 contracts/test/verifiers/generated/snarkjs/Groth16VerifierGasL7.sol
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

contract Groth16VerifierGasL7 {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 19610185992393723462068248854960227715770016229813165348175115473954151700006;
    uint256 constant alphay  = 17284714072088342822809618430023932169216524864657136332721759032618961128803;
    uint256 constant betax1  = 19764387258832803815420319617984972823326195503582040915670973000791681984737;
    uint256 constant betax2  = 21624665174252696043093895544112685648103981912552748097724255234171135936602;
    uint256 constant betay1  = 12340562346510308964871354375659015907893769753466624195113049918901410310521;
    uint256 constant betay2  = 11473225079820152157230925214776709082841293228106456946106159314444369841512;
    uint256 constant gammax1 = 10628186442207718614701995634235672425527395322450552914796394150171656235564;
    uint256 constant gammax2 = 9531810056654393015650010276727663815131973660361016966845771588490673947569;
    uint256 constant gammay1 = 16686751566056543811477642595830911783000813089773265282944201630496731338062;
    uint256 constant gammay2 = 18280520127584828097918075900532799560451761375938849018737320727981829032688;
    uint256 constant deltax1 = 7400789581119269593873235189129003127762083571075286979190134285577737603759;
    uint256 constant deltax2 = 8653547415379806494632701225354271772562052345781492494649618652440808418886;
    uint256 constant deltay1 = 4017597944341005533723143435959212465689119876705552466140218158102866583463;
    uint256 constant deltay2 = 6591252952716613523742928196140772086389205825847578393294940653737872360815;

    
    uint256 constant IC0x = 10381859613758376820343503941934952216055586225805628641266178491734165365118;
    uint256 constant IC0y = 9545113506934679163927782377036057913574329076744949690207771564951145705299;
    
    uint256 constant IC1x = 17364296912919435448814268991415834440719110347062416499563486965511140676716;
    uint256 constant IC1y = 18376973494501431575755035341727486169035812325493615944134166203875773778886;
    
    uint256 constant IC2x = 19967217120361545210576491401088344242572973686475712983171230651690304658694;
    uint256 constant IC2y = 19724025916691431030996152991136706557430039452423808964709674558917083091376;
    
    uint256 constant IC3x = 5778110483717763663922077269440716019727428407227095562683234990625267677598;
    uint256 constant IC3y = 8541808324731986608254231812891015045918153556955248385474082184288514516217;
    
    uint256 constant IC4x = 15753014125429455165586072352751518637268367509339114204192256693296740762785;
    uint256 constant IC4y = 8342562909382724709779278912058159804729163176134142784602677111829250503933;
    
    uint256 constant IC5x = 15966930985815959908791562226945399998547040801217769184529101262242831806467;
    uint256 constant IC5y = 10496355384111347545019395613055387946630571582992490109020501048789348641337;
    
    uint256 constant IC6x = 20784526363447888231756433942299769637445396366434660707326251747560478646029;
    uint256 constant IC6y = 10156596547442910121954615769022053560333491696143735044185223262886653236134;
    
    uint256 constant IC7x = 7694792223279887532684786744992815362458205354306903273749684081332966912549;
    uint256 constant IC7y = 2652033328671436459587377979339001847290330806078205819499210929826663172991;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[7] calldata _pubSignals) public view returns (bool) {
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
                
                g1_mulAccC(_pVk, IC7x, IC7y, calldataload(add(pubSignals, 192)))
                

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
            
            checkField(calldataload(add(_pubSignals, 192)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
