use ark_bn254::Fr;
use ark_ff::UniformRand;
use rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_circuits::inclusion::{InclusionCircuit, Witness};

use crate::run;

fn values(n: usize, seed: u64) -> Vec<Fr> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| Fr::rand(&mut rng)).collect()
}

#[test]
fn valid_paths_satisfy_at_boundaries() {
    for (depth, n) in [(1usize, 1usize), (1, 2), (4, 16), (4, 5), (20, 1000)] {
        let vals = values(n, depth as u64);
        for index in [0, n / 2, n - 1] {
            let w = Witness::from_values(depth, &vals, index as u64).unwrap();
            let (ok, constraints) = run(InclusionCircuit::for_proving(depth, w).unwrap());
            assert!(ok, "depth {depth} n {n} index {index}");
            // Leaf node 213, per level 240 + 1 swap + 1 bit, final equality 1.
            assert_eq!(constraints, 213 + depth * 242 + 1);
        }
    }
}

#[test]
fn wrong_witnesses_are_unsatisfied() {
    let vals = values(9, 1);
    let good = Witness::from_values(4, &vals, 3).unwrap();
    let mut cases = Vec::new();
    let mut w = good.clone();
    w.leaf = vals[4];
    cases.push(("another leaf", w));
    let mut w = good.clone();
    w.root += Fr::from(1u64);
    cases.push(("wrong root", w));
    for h in 0..4 {
        let mut w = good.clone();
        w.proof.siblings[h] = Fr::from(7u64);
        cases.push(("bad sibling", w));
        let mut w = good.clone();
        w.proof.index ^= 1 << h;
        cases.push(("bad index bit", w));
    }
    // An inner node offered as a leaf one level up.
    let mut w = good;
    w.proof.siblings.remove(0);
    w.proof.siblings.push(Fr::from(0u64));
    cases.push(("shifted path", w));
    for (what, w) in cases {
        let (ok, _) = run(InclusionCircuit::for_proving(4, w).unwrap());
        assert!(!ok, "{what} satisfied the circuit");
    }
}

#[test]
fn bad_parameters_are_errors() {
    assert!(InclusionCircuit::for_setup(0).is_err());
    assert!(InclusionCircuit::for_setup(64).is_err());
    assert!(Witness::from_values(2, &values(5, 2), 0).is_err(), "5 leaves in depth 2");
    assert!(Witness::from_values(3, &values(5, 2), 5).is_err(), "index past the leaves");
    let w = Witness::from_values(3, &values(5, 2), 1).unwrap();
    assert!(InclusionCircuit::for_proving(4, w).is_err(), "path of another depth");
}
