// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title FastLz
/// @notice The length of the FastLZ level-1 compression of a byte string, without producing the
///         compressed bytes: the `fastlzSize` of the OP Stack's Fjord L1 fee formula, which
///         compresses with FastLZ level 1 (fastlz.c's `fastlz1_compress`; Optimism's
///         GasPriceOracle gets it from Solady's LibZip.flzCompress, op-geth from its
///         FlzCompressLen). Written from the algorithm; checked against vectors from an
///         independent Python implementation and from op-geth's and Optimism's own tests
///         (tools/fastlz/README.md).
/// @dev The algorithm: a hash table of 8,192 entries maps the hash of the 3 bytes at a position
///      to the last position with that hash. Scanning from position 2, a position whose 3 bytes
///      equal those at the position in its table slot, less than 8,192 bytes back, starts a
///      match; the match runs on while bytes agree (bounded by length - 4), is emitted as 2 or 3
///      bytes (3 more per 262 bytes of match length), and the two positions after it are
///      hashed. Everything between matches, and after the last position scanned (length - 13),
///      is emitted as literal runs: one control byte per 32 literals or fewer. Output lengths:
///      a literal run of r bytes costs r + ceil(r / 32); a match whose compare length is l
///      costs 3 * ((l - 1) / 262) + ((l - 1) % 262 >= 6 ? 3 : 2).
library FastLz {
    /// @notice The length of FastLZ level-1 compressed `data`.
    /// @param data The input.
    /// @return n The number of bytes the compressor would emit (0 for empty input).
    function compressedLength(bytes memory data) internal pure returns (uint256 n) {
        assembly ("memory-safe") {
            // The 3 bytes at p as a little-endian 24-bit number, as fastlz reads them.
            function u24(p) -> v {
                let w := mload(p)
                v := or(or(byte(0, w), shl(8, byte(1, w))), shl(16, byte(2, w)))
            }
            // fastlz's hash: bits 19 to 31 of v * 2654435769.
            function hash(v) -> h {
                h := and(shr(19, mul(v, 2654435769)), 0x1fff)
            }
            // Table slot h (4 bytes at t + 4h), holding a position relative to the input.
            function slotGet(t, h) -> pos {
                pos := shr(224, mload(add(t, shl(2, h))))
            }
            function slotSet(t, h, pos) {
                let p := add(t, shl(2, h))
                mstore(p, or(shl(224, pos), shr(32, shl(32, mload(p)))))
            }
            // Output bytes of a literal run of r bytes: a control byte per 32 or fewer.
            function literals(r) -> c {
                c := add(r, div(add(r, 31), 32))
            }
            // Output bytes of a match with compare length l (l >= 1).
            function matchBytes(l) -> c {
                l := sub(l, 1)
                c := add(mul(3, div(l, 262)), add(2, iszero(lt(mod(l, 262), 6))))
            }
            // fastlz's flz_cmp: the number of bytes compared from p and q while q < end, the
            // first differing byte included.
            function cmpLength(p, q, end) -> l {
                for {} lt(q, end) {} {
                    let differ := iszero(eq(byte(0, mload(p)), byte(0, mload(q))))
                    p := add(p, 1)
                    q := add(q, 1)
                    l := add(l, 1)
                    if differ { leave }
                }
            }

            let len := mload(data)
            let src := add(data, 0x20)
            // The table lives past the free memory pointer (scratch), zeroed: 8,192 x 4 bytes.
            let table := mload(0x40)
            codecopy(table, codesize(), 0x8000)
            let ipLimit := 0
            if gt(len, 13) { ipLimit := sub(len, 13) }
            let ipBound := 0
            if gt(len, 4) { ipBound := sub(len, 4) }
            let anchor := 0
            for { let ip := 2 } lt(ip, ipLimit) {} {
                // Find the next match: ref is the earlier position, ip ends one past the start.
                let ref := 0
                for {} 1 {} {
                    let seq := u24(add(src, ip))
                    let h := hash(seq)
                    ref := slotGet(table, h)
                    slotSet(table, h, ip)
                    let distance := sub(ip, ref)
                    if iszero(lt(ip, ipLimit)) { break }
                    ip := add(ip, 1)
                    if lt(distance, 8192) { if eq(seq, u24(add(src, ref))) { break } }
                }
                if iszero(lt(ip, ipLimit)) { break }
                ip := sub(ip, 1)
                if gt(ip, anchor) { n := add(n, literals(sub(ip, anchor))) }
                let l := cmpLength(add(src, add(ref, 3)), add(src, add(ip, 3)), add(src, ipBound))
                n := add(n, matchBytes(l))
                // Hash the two positions at the end of the match; scanning resumes after them.
                ip := add(ip, l)
                slotSet(table, hash(u24(add(src, ip))), ip)
                ip := add(ip, 1)
                slotSet(table, hash(u24(add(src, ip))), ip)
                ip := add(ip, 1)
                anchor := ip
            }
            n := add(n, literals(sub(len, anchor)))
        }
    }
}
