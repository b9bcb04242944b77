use ark_bn254::Fr;
use ark_ff::{UniformRand, Zero};
use proptest::prelude::*;
use rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_merkle::{Error, Tree, empty_root, entry_value, inner_node, leaf_node};

/// The obvious full computation: all 2^depth slots, empty ones 0.
fn naive_root(depth: usize, values: &[Fr]) -> Fr {
    let mut level: Vec<Fr> = (0..1usize << depth)
        .map(|i| values.get(i).map(|v| leaf_node(*v)).unwrap_or(Fr::zero()))
        .collect();
    while level.len() > 1 {
        level = level.chunks(2).map(|p| inner_node(p[0], p[1])).collect();
    }
    level[0]
}

fn values(n: usize, seed: u64) -> Vec<Fr> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| Fr::rand(&mut rng)).collect()
}

#[test]
fn boundary_sizes_match_naive_and_every_proof_verifies() {
    for depth in 0..=5 {
        let cap = 1usize << depth;
        for n in [0, 1, 2, 3, cap.saturating_sub(1), cap] {
            if n > cap {
                continue;
            }
            let vals = values(n, (depth * 100 + n) as u64);
            let tree = Tree::new(depth, &vals).unwrap();
            assert_eq!(tree.root(), naive_root(depth, &vals), "depth {depth} n {n}");
            for (i, v) in vals.iter().enumerate() {
                let p = tree.proof(i as u64).unwrap();
                assert!(p.verify(depth, tree.root(), *v).unwrap(), "depth {depth} n {n} i {i}");
            }
        }
    }
}

#[test]
fn empty_tree_root_is_empty_root() {
    let t = Tree::new(20, &[]).unwrap();
    assert_eq!(t.root(), empty_root(20));
    assert_eq!(empty_root(1), inner_node(Fr::zero(), Fr::zero()));
}

#[test]
fn too_many_leaves_is_an_error() {
    assert_eq!(
        Tree::new(2, &values(5, 1)),
        Err(Error::TooManyLeaves { leaves: 5, depth: 2, capacity: 4 })
    );
    assert_eq!(Tree::new(65, &[]), Err(Error::DepthTooLarge { depth: 65, max: 64 }));
}

#[test]
fn proof_rejects_wrong_value_sibling_index_and_length() {
    let vals = values(11, 9);
    let tree = Tree::new(4, &vals).unwrap();
    let root = tree.root();
    let p = tree.proof(6).unwrap();
    assert!(p.verify(4, root, vals[6]).unwrap());
    assert!(!p.verify(4, root, vals[5]).unwrap(), "another leaf's value");
    for h in 0..4 {
        let mut bad = p.clone();
        bad.siblings[h] += Fr::from(1u64);
        assert!(!bad.verify(4, root, vals[6]).unwrap(), "sibling {h} changed");
        let mut bad = p.clone();
        bad.index ^= 1 << h;
        assert!(!bad.verify(4, root, vals[6]).unwrap(), "index bit {h} flipped");
    }
    let mut short = p.clone();
    short.siblings.pop();
    assert_eq!(short.verify(4, root, vals[6]), Err(Error::WrongPathLength { got: 3, expected: 4 }));
    let mut far = p;
    far.index = 16;
    assert!(far.verify(4, root, vals[6]).is_err());
    assert_eq!(tree.proof(11), Err(Error::IndexOutOfRange { index: 11, leaves: 11 }));
}

/// An inner node cannot be presented as a leaf value one level down: the leaf hash differs.
#[test]
fn inner_node_is_not_a_leaf() {
    let vals = values(4, 3);
    let tree = Tree::new(2, &vals).unwrap();
    let left = inner_node(leaf_node(vals[0]), leaf_node(vals[1]));
    let right = inner_node(leaf_node(vals[2]), leaf_node(vals[3]));
    assert_eq!(tree.root(), inner_node(left, right));
    // A depth-1 "proof" that `left` is a leaf of the same root fails: leaves are hashed again.
    let forged = zkp_ledger_merkle::Proof { index: 0, siblings: vec![right] };
    assert!(!forged.verify(1, tree.root(), left).unwrap());
}

#[test]
fn entry_value_distinguishes_d_and_d_plus_r() {
    // d = 1 and d + r are different 32-byte entries that a reduction mod r would merge.
    let mut one = [0u8; 32];
    one[31] = 1;
    let r_plus_one = {
        let mut b = [0u8; 32];
        let r = hex_r();
        let mut carry = 1u16;
        for i in (0..32).rev() {
            let s = u16::from(r[i]) + carry;
            b[i] = s as u8;
            carry = s >> 8;
        }
        b
    };
    assert_ne!(entry_value(&one), entry_value(&r_plus_one));
}

fn hex_r() -> [u8; 32] {
    let s = "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
    let mut out = [0u8; 32];
    for i in 0..32 {
        out[i] = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn prop_sparse_equals_naive(depth in 0usize..=6, n_frac in 0.0f64..=1.0, seed in any::<u64>()) {
        let n = ((1usize << depth) as f64 * n_frac) as usize;
        let vals = values(n, seed);
        let tree = Tree::new(depth, &vals).unwrap();
        prop_assert_eq!(tree.root(), naive_root(depth, &vals));
        if n > 0 {
            let i = (seed as usize) % n;
            prop_assert!(tree.proof(i as u64).unwrap().verify(depth, tree.root(), vals[i]).unwrap());
        }
    }
}

#[test]
fn large_sparse_tree_depth_20() {
    let vals = values(3000, 77);
    let tree = Tree::new(20, &vals).unwrap();
    let p = tree.proof(2999).unwrap();
    assert_eq!(p.siblings.len(), 20);
    assert!(p.verify(20, tree.root(), vals[2999]).unwrap());
}
