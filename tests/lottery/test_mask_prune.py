import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.genome import decode, fileformat, make_encoding
from instinct.lottery.mask import Mask, weights_remaining
from instinct.lottery.prune import magnitude_prune, target_kept, targets
from instinct.nn import Architecture

ARCH = Architecture(5, (7, 4), 3)


def naive_prune(params, keep, arch, n_keep_per_scope, scope):
    """Reference: sort (-|w|, index) in pure Python over the alive weights of each scope."""
    out = list(keep)
    if scope == "global":
        groups = [[i for w, _, _, _ in arch.layers() for i in range(w.start, w.stop)]]
    else:
        groups = [list(range(w.start, w.stop)) for w, _, _, _ in arch.layers()]
    for idx, n in zip(groups, n_keep_per_scope, strict=True):
        alive = [i for i in idx if keep[i]]
        ranked = sorted(alive, key=lambda i: (-abs(float(params[i])), i))
        for i in idx:
            out[i] = 0
        for i in ranked[:n]:
            out[i] = 1
    return np.array(out, np.uint8)


def test_mask_is_validated_and_immutable():
    with pytest.raises(InstinctError):
        Mask(ARCH, np.ones(ARCH.num_params - 1, np.uint8))
    with pytest.raises(InstinctError):
        Mask(ARCH, np.full(ARCH.num_params, 2, np.uint8))
    bias_pruned = np.ones(ARCH.num_params, np.uint8)
    bias_pruned[ARCH.layers()[0][1].start] = 0
    with pytest.raises(InstinctError, match="bias"):
        Mask(ARCH, bias_pruned)
    m = Mask.ones(ARCH)
    with pytest.raises(ValueError):
        m.values[0] = 0
    with pytest.raises(AttributeError):
        m.values = None
    assert m.weights_remaining == 1.0 and m == Mask(ARCH, np.ones(ARCH.num_params, bool))


def test_mask_travels_in_the_genome_file(tmp_path):
    enc = make_encoding("seeds", ARCH, sigma=0.05)
    genome = enc.genome(None, [1, 2, 3], env_id="CartPole-v1")
    params, _ = decode(genome)
    mask = magnitude_prune(params, Mask.ones(ARCH), 0.5, 2, "global")
    fileformat.save(mask.attach(genome), tmp_path / "t.dna")
    loaded = fileformat.load(tmp_path / "t.dna")
    assert Mask.of(loaded) == mask
    got, _ = decode(loaded)
    assert np.array_equal(got, mask.apply(params))
    assert np.all(got[mask.values == 0] == 0)


@pytest.mark.parametrize("scope", ["global", "layer"])
@pytest.mark.parametrize("seed", range(5))
def test_magnitude_prune_matches_naive_reference(scope, seed):
    rng = np.random.default_rng(seed)
    params = rng.normal(size=ARCH.num_params).astype(np.float32)
    params[rng.integers(0, ARCH.num_params, 6)] = 0.5  # ties
    mask = Mask.ones(ARCH)
    for level in range(1, 6):
        new = magnitude_prune(params, mask, 0.3, level, scope)
        n = targets(Mask.ones(ARCH), 0.3, level, scope)
        assert np.array_equal(new.values, naive_prune(params, mask.values, ARCH, n, scope))
        assert np.all(new.values <= mask.values)  # a subset of the previous level
        mask = new


@pytest.mark.parametrize("scope", ["global", "layer"])
@pytest.mark.parametrize("rate", [0.2, 0.5, 0.9])
def test_sparsity_reached_is_the_target_on_the_evaluated_parameters(scope, rate):
    params = np.random.default_rng(1).normal(size=ARCH.num_params).astype(np.float32)
    mask = Mask.ones(ARCH)
    for level in range(1, 8):
        mask = magnitude_prune(params, mask, rate, level, scope)
        evaluated = mask.apply(params)
        want = targets(Mask.ones(ARCH), rate, level, scope)
        if scope == "layer":
            got = [np.count_nonzero(evaluated[w]) for w, _, _, _ in ARCH.layers()]
            assert got == list(want)
        assert weights_remaining(ARCH, evaluated) == want.sum() / ARCH.num_weights
        assert mask.weights_kept == want.sum()
        assert np.array_equal(evaluated[~ARCH.weight_mask()], params[~ARCH.weight_mask()])


def test_global_and_layer_scopes_differ_when_layers_differ_in_scale():
    params = np.random.default_rng(2).normal(size=ARCH.num_params).astype(np.float32)
    w0 = ARCH.layers()[0][0]
    params[w0] = 10 + np.abs(params[w0])  # the first layer's weights dominate globally
    g = magnitude_prune(params, Mask.ones(ARCH), 0.5, 1, "global")
    lay = magnitude_prune(params, Mask.ones(ARCH), 0.5, 1, "layer")
    assert g.layer_kept()[0] == g.layer_total()[0]
    assert list(lay.layer_kept()) == [int(round(t * 0.5)) for t in lay.layer_total()]


def test_target_counts_never_compound_rounding():
    assert [target_kept(10, 0.2, k) for k in range(5)] == [10, 8, 6, 5, 4]
    assert target_kept(3, 0.9, 10) == 1
    with pytest.raises(InstinctError):
        magnitude_prune(np.zeros(ARCH.num_params), Mask.ones(ARCH), 1.0, 1)
