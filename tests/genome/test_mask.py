"""The supermask genome (Zhou et al. 2019): a seeded random network and one bit per parameter."""

import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.genome import decode, make_encoding, mutate
from instinct.genome import fileformat as ff
from instinct.nn import Architecture
from tests import naive

ARCH = Architecture(5, (7, 6), 3)


def test_params_are_the_fixed_weights_where_the_mask_is_on_and_zero_elsewhere():
    enc = make_encoding("mask", ARCH, weight_seed=4)
    scores = np.stack([enc.initial_vector(s) for s in range(4)])
    params, masks = enc.grow(scores)
    assert params.dtype == np.float32 and masks.dtype == np.uint8
    assert np.array_equal(masks, (scores > 0).astype(np.uint8))
    for p in range(4):
        on = masks[p] != 0
        assert np.array_equal(params[p][on], enc.fixed_params[on])
        assert np.all(params[p][~on] == 0)
        assert np.array_equal(params[p], naive.mask_grow(scores[p], 4, ARCH))


def test_fixed_network_is_the_signed_kaiming_constant():
    enc = make_encoding("mask", ARCH, weight_seed=1)
    for w, b, n_in, _ in ARCH.layers():
        np.testing.assert_allclose(np.abs(enc.fixed_params[w.start : b.stop]), 1 / np.sqrt(n_in))
    other = make_encoding("mask", ARCH, weight_seed=2)
    assert not np.array_equal(enc.fixed_params, other.fixed_params)
    normal = make_encoding("mask", ARCH, weight_seed=1, distribution="normal")
    assert len(np.unique(np.abs(normal.fixed_params))) > 10


def test_genome_is_the_packed_bits_and_decodes_to_the_same_params(tmp_path):
    enc = make_encoding("mask", ARCH, weight_seed=3)
    scores = mutate(enc.initial_vector(0), 1, 0.5)
    genome = enc.genome(scores, None, env_id="CartPole-v1")
    assert genome.payload.dtype == np.uint8 and genome.num_bytes == (ARCH.num_params + 7) // 8
    ff.save(genome, tmp_path / "m.dna")
    loaded = ff.load(tmp_path / "m.dna")
    params, mask = decode(loaded)
    grown, grown_mask = enc.grow(scores[None])
    assert np.array_equal(params, grown[0]) and np.array_equal(mask, grown_mask[0])


def test_a_lottery_mask_in_the_file_is_applied_on_top():
    enc = make_encoding("mask", ARCH, weight_seed=3)
    genome = enc.genome(enc.initial_vector(0), None)
    genome.mask = np.zeros(ARCH.num_params, np.uint8)
    genome.mask[:10] = 1
    params, mask = decode(genome)
    assert np.all(params[10:] == 0) and mask[10:].sum() == 0


def test_bad_settings_are_refused():
    with pytest.raises(InstinctError):
        make_encoding("mask", ARCH, distribution="uniform")
    with pytest.raises(InstinctError):
        make_encoding("mask", ARCH, weight_seed=-1)
