"""Each description-length formula on cases worked out by hand."""

import math

import numpy as np
import pytest

from instinct.genome import description as d
from instinct.genome.base import Genome
from instinct.nn import Architecture


def test_entropy_of_a_fair_and_a_certain_bit():
    assert d.entropy(0.5) == 1.0
    assert d.entropy(0.0) == d.entropy(1.0) == 0.0
    assert d.entropy(0.25) == pytest.approx(0.811278, abs=1e-6)


def test_mask_bits_are_n_times_entropy():
    assert d.mask_bits(1000, 500) == 1000.0
    assert d.mask_bits(1000, 100) == pytest.approx(468.996, abs=1e-3)
    assert d.mask_bits(8, 8) == 0.0


def test_quantised_and_sparse_bits():
    assert d.quantised_bits(100, 4) == 432
    # 10 of 1024 weights kept at 8 bits: 10 * (10 + 8) + 32
    assert d.sparse_bits(1024, 10, 8) == 212
    assert d.sparse_bits(1000, 10, 8) == 10 * (10 + 8) + 32  # ceil(log2 1000) = 10
    assert d.sparse_bits(1000, 0, 8) == 0


def test_seed_chain_selection_and_random_search_bits():
    assert d.seed_chain_bits(21, 64) == 126.0  # 21 entries, 6 bits each
    assert d.selection_bits(20, 64, 16) == 40.0  # log2(4) = 2 bits per generation
    assert d.random_search_bits(1024) == 10.0
    assert d.random_search_bits(1) == 0.0


def test_quantise_keeps_zero_the_maximum_and_a_grid_of_levels():
    v = np.array([0.0, 1.0, -0.5, 0.3, -1.0], np.float32)
    q = d.quantise(v, 2)  # one level each side: -1, 0, 1
    np.testing.assert_array_equal(q, [0.0, 1.0, -0.0, 0.0, -1.0])
    q4 = d.quantise(v, 4)  # 7 levels each side, step 1/7
    assert len(np.unique(np.abs(q4))) <= 8 and q4[1] == 1.0 and q4[0] == 0.0
    assert np.abs(q4 - v).max() <= 0.5 / 7 + 1e-6
    np.testing.assert_allclose(d.quantise(v, 16), v, atol=1e-4)


def test_description_of_a_direct_genome_and_its_header():
    arch = Architecture(4, (3,), 2)
    g = Genome("direct", {}, arch, np.ones(arch.num_params, np.float32))
    bits = d.description(g)
    n = arch.num_params
    assert bits["float32"] == 32 * n and bits["q4"] == 4 * n + 32
    assert d.headline(g, bits) == 32 * n
    assert d.header_bits(4 * n + 100, g) == 800


def test_description_of_a_seed_chain_needs_the_population():
    arch = Architecture(4, (3,), 2)
    g = Genome("seeds", {"sigma": 0.05}, arch, np.arange(5, dtype=np.uint32))
    assert "chain_index" not in d.description(g)
    bits = d.description(g, population=32, parents=4)
    assert bits["raw_chain"] == 160 and bits["chain_index"] == 25.0
    assert bits["selection_bound"] == pytest.approx(4 * math.log2(8))
