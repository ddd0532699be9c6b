import numpy as np
import pytest

from instinct.genome import make_encoding
from instinct.lottery import controls as ctl
from instinct.lottery.inputs import by_group, input_connections, obs_labels, report
from instinct.lottery.mask import Mask
from instinct.lottery.prune import magnitude_prune, targets
from instinct.lottery.supermask import SupermaskEncoding
from instinct.nn import Architecture

ARCH = Architecture(5, (7, 4), 3)


def ticket(seed=0, level=3, scope="layer"):
    params = np.random.default_rng(seed).normal(size=ARCH.num_params).astype(np.float32)
    return params, magnitude_prune(params, Mask.ones(ARCH), 0.4, level, scope)


@pytest.mark.parametrize("scope", ["global", "layer"])
def test_every_control_keeps_per_layer_sparsity(scope):
    params, mask = ticket(scope=scope)
    enc = make_encoding("direct", ARCH)
    sets = ctl.controls(params, mask, enc, np.random.default_rng(5))
    assert set(sets) == set(ctl.CONTROLS)
    for name, (p, m) in sets.items():
        evaluated = m.apply(p)
        kept = [np.count_nonzero(evaluated[w]) for w, _, _, _ in ARCH.layers()]
        assert kept == list(mask.layer_kept()), name
        assert list(m.layer_kept()) == list(mask.layer_kept()), name
    assert sets["random_mask"][1] != mask
    for name in ("reinit", "shuffle", "signed_constant"):
        assert sets[name][1] == mask


def test_controls_change_what_they_say_and_nothing_else():
    params, mask = ticket()
    enc = make_encoding("direct", ARCH)
    sets = ctl.controls(params, mask, enc, np.random.default_rng(1))
    survivors = mask.apply(params)
    biases = ~ARCH.weight_mask()
    for w, _, _, _ in ARCH.layers():
        keep = mask.values[w] != 0
        shuffled = sets["shuffle"][0][w]
        assert np.array_equal(np.sort(shuffled[keep]), np.sort(survivors[w][keep]))
        signed = sets["signed_constant"][0][w][keep]
        assert np.array_equal(np.sign(signed), np.sign(survivors[w][keep]))
        assert np.unique(np.abs(signed)).size == 1
        assert np.isclose(np.abs(signed[0]), np.abs(survivors[w][keep]).mean())
        rand = sets["random_mask"]
        assert np.array_equal(rand[0][w][rand[1].values[w] != 0],
                              params[w][rand[1].values[w] != 0])  # fmt: skip
    for name in ("shuffle", "signed_constant", "random_mask"):
        assert np.array_equal(sets[name][0][biases], params[biases])
    reinit = sets["reinit"][0]
    assert not np.array_equal(reinit[mask.values != 0], survivors[mask.values != 0])


def test_controls_are_reproducible_from_the_generator():
    params, mask = ticket()
    enc = make_encoding("seeds", ARCH, sigma=0.05)
    a = ctl.controls(params, mask, enc, np.random.default_rng(9))
    b = ctl.controls(params, mask, enc, np.random.default_rng(9))
    for name in ctl.CONTROLS:
        assert np.array_equal(a[name][0], b[name][0]) and a[name][1] == b[name][1]


def test_input_report_counts_connections_and_live_paths():
    arch = Architecture(3, (4, 2), 1)
    params = np.zeros(arch.num_params, np.float32)
    (w0, _, _, _), (w1, _, _, _), (w2, _, _, _) = arch.layers()
    W0 = np.zeros((3, 4), np.float32)
    W0[0, [0, 1, 2]] = 1  # input 0 feeds hidden units 0, 1, 2
    W0[1, 3] = 1  # input 1 feeds only unit 3 ...
    W1 = np.zeros((4, 2), np.float32)
    W1[0, 0] = W1[1, 1] = 1  # ... and unit 3 and unit 2 lead nowhere
    W1[2, 1] = 1
    W2 = np.array([[1.0], [0.0]], np.float32)  # second-layer unit 1 is cut off from the output
    params[w0], params[w1], params[w2] = W0.ravel(), W1.ravel(), W2.ravel()
    kept, live = input_connections(arch, params)
    assert list(kept) == [3, 1, 0]
    assert list(live) == [1, 0, 0]  # only unit 0 -> unit 0 -> output
    rows = report(arch, params, "CartPole-v1")
    assert [r["name"] for r in rows] == ["obs[0]", "obs[1]", "obs[2]"]
    assert by_group(rows)["obs[0]"] == [3, 4, 1]


def test_hatchling_inputs_are_named_by_sense():
    import instinct_envs

    core = instinct_envs.FUSED_CORES.get("instinct/Hatchling-v0")
    if core is None or not hasattr(core, "OBS_GROUPS"):
        pytest.skip("the Hatchling world is not there yet")
    names, groups = obs_labels("instinct/Hatchling-v0", len(core.OBS_NAMES))
    assert names == list(core.OBS_NAMES)
    for group, idx in core.OBS_GROUPS.items():
        assert all(groups[i] == group for i in idx)


@pytest.mark.parametrize("scope", ["global", "layer"])
def test_supermask_grows_exactly_k_per_scope_over_fixed_weights(scope):
    params, _ = ticket()
    params[ARCH.layers()[0][0].start] = 0  # a weight the born network lacks
    base = Mask(ARCH, (params != 0) | ~ARCH.weight_mask())
    keep = targets(base, 0.5, 2, scope)
    enc = SupermaskEncoding(None, params, base, keep, scope)
    scores = np.random.default_rng(0).normal(size=(6, enc.genome_dim)).astype(np.float32)
    scores[:, 0] = 100.0  # the lacking weight is never chosen
    grown, masks = enc.grow(scores)
    for p, m in zip(grown, masks, strict=True):
        mask = Mask(ARCH, m)
        assert mask.values[ARCH.layers()[0][0].start] == 0
        if scope == "layer":
            assert list(mask.layer_kept()) == list(keep)
        assert mask.weights_kept == keep.sum() == np.count_nonzero(p[ARCH.weight_mask()])
        assert np.array_equal(p, mask.apply(params))
