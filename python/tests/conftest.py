"""Shared by the Python tests: one chunk key cache for the session (the small shape's key is
made once), and the small chunk shape of crates/cli/tests/it/dataset.rs."""

import random

import pandas as pd
import pytest

SHAPE = dict(chunk_log2=14, limb_bits=4, set_size=8)
LABELS = ["cat", "dog", "bird", "fish"]


def table(rows: int, seed: int) -> pd.DataFrame:
    """A seeded table: integers, decimals with two digits, categories."""
    rng = random.Random(seed)
    return pd.DataFrame(
        {
            "age": [rng.randint(18, 90) for _ in range(rows)],
            "income": [rng.randint(0, 20_000_000) / 100 for _ in range(rows)],
            "score": [rng.randint(-500, 500) for _ in range(rows)],
            "label": [rng.choice(LABELS) for _ in range(rows)],
        }
    )


@pytest.fixture(scope="session")
def keys(tmp_path_factory):
    """The chunk key cache every test shares."""
    return tmp_path_factory.mktemp("keys")


def _free_base_port() -> int:
    """A loopback port with the next two also free (the devnet's three chains)."""
    import socket

    for base in range(28545, 60000, 7):
        try:
            socks = []
            for port in range(base, base + 3):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no three free loopback ports")


@pytest.fixture(scope="session")
def devnet(tmp_path_factory):
    """The real local devnet (three anvil chains, contracts deployed by forge), started from
    Python and stopped at the end of the session; its home is a temporary directory."""
    from pathlib import Path

    import zkp_ledger as zl

    root = Path(__file__).resolve().parents[2]
    dev = zl.Devnet(root, home=tmp_path_factory.mktemp("home"), base_port=_free_base_port())
    dev.start()
    yield dev
    dev.stop()
