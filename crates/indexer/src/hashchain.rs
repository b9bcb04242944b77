//! The anchors' hash chain (ILedgerAnchor.sol):
//!
//! ```text
//! head_0     = bytes32(0)
//! head_{n+1} = keccak256(abi.encode(head_n, root_n, count_n, seq_n))   (seq_n == n)
//! ```
//!
//! [`check_link`] checks one anchor against the one before it; [`check_sequence`] a whole list.

use alloy::primitives::B256;
use serde::Serialize;
use zkp_ledger_store::{
    Bytes32,
    index::{AnchorRow, BreakKind, BreakRow},
};

use crate::hex0x;

/// `keccak256(abi.encode(prev_head, root, count, seq))`: the head after anchoring `root` (the
/// chain crate's [`zkp_ledger_contracts::next_head`], on stored bytes).
pub fn next_head(prev_head: &Bytes32, root: &Bytes32, count: u64, seq: u64) -> Bytes32 {
    zkp_ledger_contracts::next_head(B256::from(*prev_head), B256::from(*root), count, seq).0
}

/// What an anchor links to: the previous anchor's sequence number and head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Sequence number.
    pub seq: u64,
    /// Head after it.
    pub head: Bytes32,
}

impl From<&AnchorRow> for Link {
    fn from(a: &AnchorRow) -> Self {
        Self { seq: a.seq, head: a.head }
    }
}

/// The breaks of `anchor` given the anchor before it (`None`: it should be the first). An
/// anchor can break the chain in several ways at once; each is reported.
pub fn check_link(prev: Option<Link>, anchor: &AnchorRow) -> Vec<BreakRow> {
    let o = &anchor.origin;
    let br = |kind, expected: String, found: String| BreakRow {
        chain_id: o.chain_id,
        block_number: o.block_number,
        log_index: o.log_index,
        kind,
        seq: anchor.seq,
        expected,
        found,
    };
    let mut out = Vec::new();
    let (want_seq, want_prev) = match prev {
        Some(p) => (p.seq.checked_add(1), p.head),
        None => (Some(0), [0u8; 32]),
    };
    if want_seq != Some(anchor.seq) {
        let expected =
            want_seq.map_or_else(|| "none (previous seq is the last)".into(), |s| s.to_string());
        out.push(br(BreakKind::Seq, expected, anchor.seq.to_string()));
    }
    if want_prev != anchor.prev_head {
        out.push(br(BreakKind::PrevHead, hex0x(&want_prev), hex0x(&anchor.prev_head)));
    }
    let head = next_head(&anchor.prev_head, &anchor.root, anchor.count, anchor.seq);
    if head != anchor.head {
        out.push(br(BreakKind::Head, hex0x(&head), hex0x(&anchor.head)));
    }
    out
}

/// The breaks of a list of anchors in chain order, the first linking to `prev`.
pub fn check_sequence(prev: Option<Link>, anchors: &[AnchorRow]) -> Vec<BreakRow> {
    let mut prev = prev;
    let mut out = Vec::new();
    for a in anchors {
        out.extend(check_link(prev, a));
        prev = Some(Link::from(a));
    }
    out
}

#[cfg(test)]
mod tests {
    use alloy::primitives::b256;
    use zkp_ledger_store::index::EventOrigin;

    use super::*;

    fn chain(n: u64) -> Vec<AnchorRow> {
        let mut prev = [0u8; 32];
        (0..n)
            .map(|seq| {
                let mut root = [0u8; 32];
                root[31] = seq as u8 + 1;
                let head = next_head(&prev, &root, 10 + seq, seq);
                let a = AnchorRow {
                    origin: EventOrigin {
                        chain_id: 1,
                        contract: [7; 20],
                        block_number: 100 + seq,
                        block_hash: [1; 32],
                        tx_hash: [2; 32],
                        log_index: 0,
                        timestamp: 0,
                    },
                    root,
                    seq,
                    count: 10 + seq,
                    prev_head: prev,
                    head,
                };
                prev = head;
                a
            })
            .collect()
    }

    fn kinds(b: &[BreakRow]) -> Vec<(u64, BreakKind)> {
        b.iter().map(|b| (b.seq, b.kind)).collect()
    }

    /// The head formula equals the contract's: a value computed by `cast keccak $(cast
    /// abi-encode "f(bytes32,bytes32,uint64,uint64)" 0x00..00 0x00..01 1 0)`.
    #[test]
    fn head_matches_abi_encode() {
        let mut root = [0u8; 32];
        root[31] = 1;
        let mut enc = Vec::new();
        enc.extend_from_slice(&[0u8; 32]);
        enc.extend_from_slice(&root);
        enc.extend_from_slice(&[0u8; 31]);
        enc.push(1);
        enc.extend_from_slice(&[0u8; 32]);
        assert_eq!(next_head(&[0; 32], &root, 1, 0), alloy::primitives::keccak256(&enc).0);
        assert_ne!(
            next_head(&[0; 32], &root, 1, 0),
            b256!("0000000000000000000000000000000000000000000000000000000000000000").0
        );
    }

    #[test]
    fn good_chain_has_no_breaks() {
        assert!(check_sequence(None, &chain(5)).is_empty());
        let c = chain(5);
        assert!(check_sequence(Some(Link::from(&c[1])), &c[2..]).is_empty());
    }

    #[test]
    fn gap_in_seq() {
        let mut c = chain(5);
        c.remove(2);
        // seq 3 follows seq 1, and its prevHead is head_3, not head_2.
        assert_eq!(
            kinds(&check_sequence(None, &c)),
            vec![(3, BreakKind::Seq), (3, BreakKind::PrevHead)]
        );
    }

    #[test]
    fn first_anchor_must_be_seq_zero_on_zero() {
        let c = chain(3);
        assert_eq!(
            kinds(&check_sequence(None, &c[1..])),
            vec![(1, BreakKind::Seq), (1, BreakKind::PrevHead)]
        );
    }

    #[test]
    fn duplicate_and_reordered() {
        let c = chain(3);
        let dup = vec![c[0], c[1], c[1], c[2]];
        assert_eq!(
            kinds(&check_sequence(None, &dup)),
            vec![(1, BreakKind::Seq), (1, BreakKind::PrevHead)]
        );
        let swapped = vec![c[0], c[2], c[1]];
        assert_eq!(
            kinds(&check_sequence(None, &swapped)),
            vec![
                (2, BreakKind::Seq),
                (2, BreakKind::PrevHead),
                (1, BreakKind::Seq),
                (1, BreakKind::PrevHead)
            ]
        );
    }

    #[test]
    fn wrong_head_and_prev_head() {
        let mut c = chain(4);
        c[1].head[0] ^= 1;
        // seq 1's head is wrong, and seq 2 names the right head as its prevHead, not that one.
        assert_eq!(
            kinds(&check_sequence(None, &c)),
            vec![(1, BreakKind::Head), (2, BreakKind::PrevHead)]
        );
        let mut c = chain(4);
        c[2].prev_head[5] ^= 1;
        // a prevHead that is not the previous head also makes the recomputed head differ.
        assert_eq!(
            kinds(&check_sequence(None, &c)),
            vec![(2, BreakKind::PrevHead), (2, BreakKind::Head)]
        );
        let mut c = chain(4);
        c[3].count += 1;
        assert_eq!(kinds(&check_sequence(None, &c)), vec![(3, BreakKind::Head)]);
        let b = check_sequence(None, &c);
        assert_eq!(b[0].found, hex0x(&c[3].head));
        assert_eq!(b[0].expected, hex0x(&next_head(&c[3].prev_head, &c[3].root, c[3].count, 3)));
    }
}
