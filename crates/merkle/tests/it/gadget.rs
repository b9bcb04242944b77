use ark_bn254::Fr;
use ark_ff::UniformRand;
use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, boolean::Boolean, fields::fp::FpVar};
use ark_relations::gr1cs::ConstraintSystem;
use rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_merkle::{Tree, constraints, leaf_node};

fn path_in_circuit(depth: usize, index: u64, value: Fr, siblings: &[Fr]) -> (Fr, usize, bool) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let v = FpVar::new_witness(cs.clone(), || Ok(value)).unwrap();
    let bits: Vec<Boolean<Fr>> = (0..depth)
        .map(|h| Boolean::new_witness(cs.clone(), || Ok((index >> h) & 1 == 1)).unwrap())
        .collect();
    let sibs: Vec<FpVar<Fr>> =
        siblings.iter().map(|s| FpVar::new_witness(cs.clone(), || Ok(*s)).unwrap()).collect();
    let root = constraints::root_from_value(&v, &bits, &sibs).unwrap();
    (root.value().unwrap(), cs.num_constraints(), cs.is_satisfied().unwrap())
}

#[test]
fn path_gadget_equals_native_at_boundaries() {
    let mut rng = StdRng::seed_from_u64(11);
    for depth in [1usize, 2, 8] {
        let n = (1usize << depth) - 1;
        let vals: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let tree = Tree::new(depth, &vals).unwrap();
        for i in [0, n / 2, n - 1] {
            let p = tree.proof(i as u64).unwrap();
            let (root, constraints, ok) = path_in_circuit(depth, p.index, vals[i], &p.siblings);
            assert!(ok);
            assert_eq!(root, tree.root(), "depth {depth} index {i}");
            // 213 for the leaf node, 240 + 1 (swap) per level, 1 per index bit.
            assert_eq!(constraints, 213 + depth * (240 + 1 + 1));
        }
    }
}

#[test]
fn wrong_path_gives_another_root() {
    let mut rng = StdRng::seed_from_u64(12);
    let vals: Vec<Fr> = (0..5).map(|_| Fr::rand(&mut rng)).collect();
    let tree = Tree::new(3, &vals).unwrap();
    let p = tree.proof(2).unwrap();
    let (root, _, _) = path_in_circuit(3, 3, vals[2], &p.siblings);
    assert_ne!(root, tree.root());
}

#[test]
fn whole_tree_gadget_equals_native() {
    let mut rng = StdRng::seed_from_u64(13);
    for (depth, n) in [(0usize, 1usize), (3, 5), (4, 16), (5, 0)] {
        let vals: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let leaves: Vec<FpVar<Fr>> = vals
            .iter()
            .map(|v| FpVar::new_witness(cs.clone(), || Ok(leaf_node(*v))).unwrap())
            .collect();
        let root = constraints::root_of_leaf_nodes(depth, &leaves).unwrap();
        assert_eq!(root.value().unwrap(), Tree::new(depth, &vals).unwrap().root());
        assert!(cs.is_satisfied().unwrap());
    }
}
