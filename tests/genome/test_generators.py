"""cppn (HyperNEAT-style) and gnet (genomic bottleneck): growth against a pair-at-a-time reference,
genome size independent of network size, byte budgets, and bad settings."""

import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.genome import make_encoding
from instinct.genome.pairwise import generator_dim
from instinct.nn import Architecture
from tests import naive

ARCHS = [Architecture(5, (7, 6), 3), Architecture(3, (), 1), Architecture(4, (9,), 2, "relu")]


def by_layer(enc) -> list[np.ndarray]:
    feats, bounds = enc.features().astype(np.float64), np.cumsum([0, *enc.arch.sizes])
    return [feats[bounds[k] : bounds[k + 1]] for k in range(len(enc.arch.sizes))]


@pytest.mark.parametrize("name", ["cppn", "gnet"])
@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "-".join(map(str, a.sizes)))
def test_grow_matches_pair_at_a_time_reference(name, depth, arch):
    enc = make_encoding(name, arch, width=5, depth=depth)
    vectors = np.stack([enc.initial_vector(s) * 2 for s in range(3)])
    params, mask = enc.grow(vectors)
    assert mask is None and params.shape == (3, arch.num_params) and params.dtype == np.float32
    for p in range(3):
        want = naive.generator_grow(vectors[p], by_layer(enc), enc.units, 5, depth)
        np.testing.assert_allclose(params[p], want, atol=1e-4, rtol=1e-4)


def test_grow_is_independent_of_the_batch_it_is_in():
    enc = make_encoding("cppn", ARCHS[0])
    vectors = np.stack([enc.initial_vector(s) for s in range(5)])
    together, _ = enc.grow(vectors)
    alone, _ = enc.grow(vectors[3:4])
    assert np.array_equal(together[3], alone[0])


@pytest.mark.parametrize("name", ["cppn", "gnet"])
def test_genome_size_does_not_grow_with_the_network(name):
    small = make_encoding(name, Architecture(17, (8,), 2), width=12)
    big = make_encoding(name, Architecture(17, (256, 256), 2), width=12)
    assert small.genome_dim == big.genome_dim
    assert big.arch.num_params > 50 * big.genome_dim
    params, _ = big.grow(big.initial_vector(0)[None])
    assert np.isfinite(params).all() and params.std() > 0


def test_genome_sizes_follow_the_documented_formulas():
    arch = ARCHS[0]
    for h in (1, 3, 16):
        assert make_encoding("cppn", arch, width=h, depth=1).genome_dim == 7 * h + 2
        assert make_encoding("cppn", arch, width=h, depth=2).genome_dim == h * h + 8 * h + 2
        f = 8 + 1  # code_dim 8 plus the layer depth
        gnet = [make_encoding("gnet", arch, width=h, depth=d).genome_dim for d in (1, 2)]
        assert gnet == [(2 * f + 3) * h + 2, h * h + (2 * f + 4) * h + 2]
    assert generator_dim(2, 4, 2) == make_encoding("cppn", arch, width=4).genome_dim


@pytest.mark.parametrize("name", ["cppn", "gnet"])
@pytest.mark.parametrize("budget", [100, 256, 1024, 4096])
def test_settings_for_bytes_fit_the_budget(name, budget):
    arch = Architecture(17, (64, 64), 2)
    cls = type(make_encoding(name, arch))
    settings = cls.settings_for_bytes(arch, budget)
    enc = make_encoding(name, arch, **settings)
    assert 4 * enc.genome_dim <= budget
    wider = dict(settings, width=settings["width"] + 1)
    assert 4 * make_encoding(name, arch, **wider).genome_dim > budget or settings["depth"] == 1


def test_settings_for_too_few_bytes_is_a_user_error():
    with pytest.raises(InstinctError, match="fits"):
        type(make_encoding("gnet", ARCHS[0])).settings_for_bytes(ARCHS[0], 40)


def test_gnet_codes_tell_every_neuron_of_a_layer_apart():
    enc = make_encoding("gnet", Architecture(17, (300,), 2))
    assert enc.settings["code_dim"] == 9  # 300 neurons need 9 bits; the default 8 grows
    feats = by_layer(enc)
    for layer in feats:
        assert len({tuple(row) for row in layer}) == len(layer)
    with pytest.raises(InstinctError, match="code_dim"):
        make_encoding("gnet", Architecture(17, (300,), 2), code_dim=8)


@pytest.mark.parametrize(
    "name, settings",
    [("cppn", {"width": 0}), ("cppn", {"depth": 3}), ("cppn", {"width": 2.5}),
     ("cppn", {"width": True}), ("gnet", {"code_dim": "8"}), ("cppn", {"colour": 1})],
)  # fmt: skip
def test_bad_settings_are_refused(name, settings):
    with pytest.raises((InstinctError, TypeError)):
        make_encoding(name, ARCHS[0], **settings)
