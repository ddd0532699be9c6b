import hashlib
import subprocess
import sys

import numpy as np

from instinct.genome import make_encoding
from instinct.nn import Architecture
from instinct.strategies import make_strategy

ARCH = Architecture(6, (10,), 2)


def test_ga_children_are_their_seed_chains_bit_for_bit():
    enc = make_encoding("seeds", ARCH, sigma=0.1)
    ga = make_strategy("ga", pop_size=12, sigma=0.1, truncation=4)
    state = ga.init(enc, seed=3)
    rng = np.random.default_rng(0)
    for gen in range(6):
        pop = ga.ask(state, 3, gen)
        for vector, chain in zip(pop.vectors, pop.chains, strict=True):
            assert 1 <= len(chain) <= gen + 1  # at most four bytes more per generation
            assert np.array_equal(enc.replay(chain), vector)
        state, _ = ga.tell(state, pop, rng.normal(size=12))


def test_seed_chain_decode_is_linear_and_grows_four_bytes_per_mutation():
    enc = make_encoding("seeds", ARCH, sigma=0.05)
    chain = list(range(1, 30))
    genome = enc.genome(None, chain)
    assert genome.num_bytes == 4 * len(chain)
    params, mask = enc.decode(genome)
    assert mask is None and params.dtype == np.float32 and params.shape == (ARCH.num_params,)
    biases = ~ARCH.weight_mask()
    short = enc.replay(chain[:1])
    assert np.all(short[biases] == 0)  # biases start at zero, mutations move them


# Known answer: the decode of this chain must never change (numpy's PCG64 stream, our replay).
GOLDEN_CHAIN = [12345, 678, 91011]
GOLDEN_SHA256 = "fe9c8db3d14a12a7ccfc8d28c84462d580c0866ec31a86ee7d4c5d93d42eecca"


def _golden_hash():
    enc = make_encoding("seeds", Architecture(4, (8,), 2), sigma=0.05)
    return hashlib.sha256(enc.replay(GOLDEN_CHAIN).tobytes()).hexdigest()


def test_decode_known_answer():
    assert _golden_hash() == GOLDEN_SHA256


def test_decode_is_identical_in_a_fresh_process():
    code = (
        "import hashlib; from instinct.genome import make_encoding;"
        "from instinct.nn import Architecture;"
        "enc = make_encoding('seeds', Architecture(4, (8,), 2), sigma=0.05);"
        f"print(hashlib.sha256(enc.replay({GOLDEN_CHAIN}).tobytes()).hexdigest())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == _golden_hash()


def test_direct_encoding_is_the_parameters():
    enc = make_encoding("direct", ARCH)
    v = enc.initial_vector(5)
    params, mask = enc.grow(v[None])
    assert mask is None and np.array_equal(params[0], v)
