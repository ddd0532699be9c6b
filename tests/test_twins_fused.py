"""The fused path and Gymnasium's own env give the same returns for the same genomes and keys,
for every twin of a classic-control world (and so the same fitness, run for run)."""

import instinct_envs
import numpy as np
import pytest

from instinct.evaluate import FusedEvaluator, architecture_for_env, make_evaluator

TWINS = sorted(w.id for w in instinct_envs.WORLDS.values() if w.entry_point is None)
FAST = {"CartPole-v1", "MountainCarContinuous-v0"}  # one Discrete, one Box; the rest are slow


def _bang_bang(arch):
    """A network acting on the sign of the last observation (the velocity in MountainCar: energy
    pumping, which reaches the flag), so episodes end by termination too."""
    theta = np.zeros(arch.num_params, np.float32)
    (w0, _, n_in, n_hidden), (w1, _, _, n_out) = arch.layers()
    theta[w0].reshape(n_in, n_hidden)[n_in - 1, 0] = 1000.0
    out = theta[w1].reshape(n_hidden, n_out)
    out[0, n_out - 1] = 10.0
    if n_out > 1:
        out[0, 0] = -10.0
    return theta


@pytest.mark.parametrize(
    "world_id", [w if w in FAST else pytest.param(w, marks=pytest.mark.slow) for w in TWINS]
)
def test_fused_and_gym_paths_give_equal_returns(world_id):
    arch = architecture_for_env(world_id, (6,), "tanh")
    rng = np.random.default_rng(3)
    params = (rng.normal(0, 1.5, (6, arch.num_params))).astype(np.float32)
    params[0] = _bang_bang(arch)
    keys = np.array([0, 9, 2**31 + 3, 3 * 2**30 + 7], np.uint32)
    fused = make_evaluator(world_id, arch)
    gym = make_evaluator(world_id, arch, path="gym")
    assert isinstance(fused, FusedEvaluator) and not isinstance(gym, FusedEvaluator)
    a, b = fused.evaluate(params, None, keys), gym.evaluate(params, None, keys)
    gym.close()
    assert np.array_equal(a.returns, b.returns) and np.array_equal(a.lengths, b.lengths)
    assert len(np.unique(a.returns)) > 1  # the networks behave differently: not a vacuous match
