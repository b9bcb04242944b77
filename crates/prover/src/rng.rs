//! Generators derived from a caller's generator.

use rand::{RngCore, SeedableRng, rngs::StdRng};

/// A ChaCha12 generator ([`StdRng`]) of its own, seeded with 32 bytes of `rng`: one draw from
/// `rng` (an OS call for `OsRng`) however much the child is asked for, and a child per task when
/// tasks run side by side.
pub fn child_rng(rng: &mut impl RngCore) -> StdRng {
    let mut seed = <StdRng as SeedableRng>::Seed::default();
    rng.fill_bytes(&mut seed);
    StdRng::from_seed(seed)
}
