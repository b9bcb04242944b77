// SPDX-License-Identifier: GPL-3.0
// snarkjs 0.7.6's Groth16 verifier (templates/verifier_groth16.sol.ejs rendered with ejs from
// the verifying key, as `snarkjs zkey export solidityverifier` does), renamed from Groth16Verifier.
// Do not edit: regenerate it with
//   node tools/snarkjs/export-solidity-verifier.mjs circuits/fixtures/gas-l8/verification_key.json Groth16VerifierGasL8 contracts/test/verifiers/generated/snarkjs/Groth16VerifierGasL8.sol
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

contract Groth16VerifierGasL8 {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 5178056382165872713688739401315688510142342929935682678552210011485682646408;
    uint256 constant alphay  = 5002519051703529456018331791294186430344479817391555499557390637012106216873;
    uint256 constant betax1  = 566233662249999964844834073949667313568288101802133255773856616108188131735;
    uint256 constant betax2  = 2642930421554050689016502103013367949953890288194992220815298805405208528610;
    uint256 constant betay1  = 15354651660364725566855004374746284676953638724226023268344688783175122703785;
    uint256 constant betay2  = 9890959110867021225279908082569600542369558771851456916234490397592082350126;
    uint256 constant gammax1 = 3966516236784233484152827626020414057270940300136109960769039726167640307859;
    uint256 constant gammax2 = 17369674264332852476956794530146608220798031169069775544879338491030157573998;
    uint256 constant gammay1 = 195291285518545653488475586960978670318667116241686573231683363139778993955;
    uint256 constant gammay2 = 14794116980110233467224206694861912175489978894764632584464624743123407441956;
    uint256 constant deltax1 = 5801227953682117968358754131173933801029909895437325543867858776637807494664;
    uint256 constant deltax2 = 8760407032539026540255636469347373579521393883093188666028552357536610790952;
    uint256 constant deltay1 = 7519184392930565180484148716313299349030457041611732184560988661170087778785;
    uint256 constant deltay2 = 13429493239791589570376813044248030389899441305441089304537487775408713082792;

    
    uint256 constant IC0x = 559917435206535527626724572078759157848575738070173970454250018592031777975;
    uint256 constant IC0y = 17598909449014208001798874903607930166059610798182124649064597247729090260081;
    
    uint256 constant IC1x = 15944702025751061742871897347487170922254632412936438705969068538230344907312;
    uint256 constant IC1y = 4585594524878979684744848194562402984045229345399313772507047000085424607949;
    
    uint256 constant IC2x = 7647088668251812854292322401794219139017854472952088383395587335664004459313;
    uint256 constant IC2y = 17824468389411476383226941001613223578865756973514446912808684071606286268332;
    
    uint256 constant IC3x = 14854969510044065120353420785886548058417447977257780020353118908467848922815;
    uint256 constant IC3y = 3554737974726476685141743694332709493638836838929509106861301545327497809844;
    
    uint256 constant IC4x = 16541354937337137606403550414700983189990099997153405131403579630775735202790;
    uint256 constant IC4y = 5921616911637652265870018905552875539659678916992199154321531201189575067779;
    
    uint256 constant IC5x = 5724744896740184120575049040250358502530542447180132379084441409080412176647;
    uint256 constant IC5y = 8487328517871007200589079890711247790126564894135128097225630360764210056374;
    
    uint256 constant IC6x = 15178445700207595235229586994884512519730553973064758523190927881937896314751;
    uint256 constant IC6y = 12500562874367226199544076901753585919766799493126820503179374954272428664983;
    
    uint256 constant IC7x = 7133634449261998215849828089692068317706559636609241985307352139833411655513;
    uint256 constant IC7y = 20768769172937124561158018837605407917683304534352892786395063552275533317269;
    
    uint256 constant IC8x = 11142907434173137217691832753123706393497878789316707147014494165390592949541;
    uint256 constant IC8y = 9596014501788656798795992396381256447244759312210626010225322232363632980103;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[8] calldata _pubSignals) public view returns (bool) {
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
                
                g1_mulAccC(_pVk, IC8x, IC8y, calldataload(add(pubSignals, 224)))
                

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
            
            checkField(calldataload(add(_pubSignals, 224)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
