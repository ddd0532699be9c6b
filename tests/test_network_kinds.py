"""The network seam: a kind with memory plugs into every rollout, and its memory starts afresh at
every episode start."""

import dataclasses

import instinct_envs
import numpy as np
import pytest
from numba import njit

from instinct.errors import InstinctError
from instinct.evaluate import FusedEvaluator, GymEvaluator
from instinct.nn import Architecture, kinds
from instinct.nn.kinds import register
from instinct.worlds import start_states
from tests import toy_kind

ENV = "instinct/Hatchling-v0"
register(toy_kind.KIND)


@njit
def _episode(observe, step, policy_init, policy_step, params, max_steps, state, theta, net):
    """One episode, plainly: reset the memory, then observe, act, step until the episode ends."""
    hidden = np.zeros(net.hidden_dim, np.float32)
    policy_init(net, theta, hidden)
    obs = np.zeros(net.sizes[0], np.float32)
    action = np.zeros(net.sizes[-1], np.float32)
    buf_a, buf_b = np.zeros(net.width, np.float32), np.zeros(net.width, np.float32)
    total, steps = 0.0, 0
    while steps < max_steps:
        observe(state, params, obs)
        policy_step(net, theta, hidden, obs, action, buf_a, buf_b)
        reward, code = step(state, action, params)
        total += reward
        steps += 1
        if code != 0:
            break
    return total, steps


def reference_episode(world, arch, theta, key):
    """One episode from its start state, one agent at a time (compiled: Hatchling's episodes are
    hundreds of steps, too slow to step from Python)."""
    state = start_states(world, [key])[0].copy()
    policy_init, policy_step = arch.policy()
    return _episode(world.core.observe, world.core.step, policy_init, policy_step, world.params,
                    world.params.max_steps, state, theta, arch.kernel_args())  # fmt: skip


@pytest.fixture(scope="module")
def setup():
    world = instinct_envs.WORLDS[ENV]
    arch = Architecture(world.obs_dim, (6,), world.act_dim, "tanh", "tanh", kind="toy-counter")
    rng = np.random.default_rng(4)
    params = rng.normal(0, 0.6, (2, arch.num_params)).astype(np.float32)
    params[:, 0] = [-1.5, 1.5]  # the counter's start value differs per network
    return world, arch, params


def test_the_kinds_are_registered():
    assert "mlp" in kinds() and kinds()["toy-counter"] is toy_kind.KIND
    with pytest.raises(InstinctError, match="unknown network kind"):
        Architecture(3, (4,), 2, kind="no-such-kind")


def test_a_kind_with_memory_restarts_it_at_every_episode(setup):
    world, arch, params = setup
    keys = np.array([7, 11, 7], np.uint32)  # 7 twice: the second must not remember the first
    fused = FusedEvaluator(world, arch).evaluate(params, None, keys)
    for p in range(params.shape[0]):
        for e, key in enumerate(keys):
            want = reference_episode(world, arch, params[p], int(key))
            assert (fused.returns[p, e], fused.lengths[p, e]) == want
    assert np.array_equal(fused.returns[:, 0], fused.returns[:, 2])
    # the memory matters: the feed-forward network of the same parameters acts otherwise
    plain = dataclasses.replace(arch, kind="mlp")
    ff = [reference_episode(world, plain, params[p], int(keys[0])) for p in range(2)]
    assert ff != [(fused.returns[p, 0], fused.lengths[p, 0]) for p in range(2)]


def test_the_gym_path_carries_and_restarts_memory_too(setup):
    world, arch, params = setup
    keys = np.array([3, 5], np.uint32)
    fused = FusedEvaluator(world, arch).evaluate(params, None, keys)
    gym = GymEvaluator(ENV, arch).evaluate(params, None, keys)
    assert np.array_equal(fused.returns, gym.returns) and np.array_equal(fused.lengths, gym.lengths)


def test_the_default_kind_stays_out_of_files():
    arch = Architecture(3, (4,), 2)
    assert "kind" not in arch.to_dict()
    toy = dataclasses.replace(arch, kind="toy-counter")
    assert toy.to_dict()["kind"] == "toy-counter"
    assert Architecture.from_dict(toy.to_dict()) == toy
    assert Architecture.from_dict(arch.to_dict()) == arch
