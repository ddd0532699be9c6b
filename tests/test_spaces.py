"""Observations that are not flat Box spaces get Gymnasium's FlattenObservation, or a message
that names what to do."""

import gymnasium as gym
import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.evaluate import GymEvaluator, architecture_for_env
from instinct.nn import architecture_for
from tests import naive

ACT = gym.spaces.Discrete(2)


@pytest.mark.parametrize(
    "space, size",
    [
        (gym.spaces.Discrete(16), 16),
        (gym.spaces.Tuple((gym.spaces.Discrete(32), gym.spaces.Discrete(11))), 43),
        (gym.spaces.Dict({"a": gym.spaces.Box(-1, 1, (3,)), "b": gym.spaces.Discrete(4)}), 7),
        (gym.spaces.MultiBinary(5), 5),
        (gym.spaces.Box(0, 1, (4, 5)), 20),
    ],
)
def test_non_flat_spaces_are_flattened(space, size):
    assert architecture_for(space, ACT, (4,), "tanh").obs_dim == size


def test_an_image_names_the_wrappers_that_shrink_it():
    with pytest.raises(InstinctError, match="ResizeObservation.*FlattenObservation"):
        architecture_for(gym.spaces.Box(0, 255, (96, 96, 3), np.uint8), ACT, (4,), "tanh")


def test_a_space_with_no_flat_form_says_so():
    space = gym.spaces.Sequence(gym.spaces.Discrete(3))
    with pytest.raises(InstinctError, match="no flat form"):
        architecture_for(space, ACT, (4,), "tanh")


def one_hot_rollout(params, arch, seed, max_steps=200):
    """FrozenLake by hand: the position as a one-hot vector of 16 into the plain forward pass."""
    env = gym.make("FrozenLake-v1")
    obs, _ = env.reset(seed=int(seed))
    total, steps = 0.0, 0
    for _ in range(max_steps):
        x = np.zeros(16)
        x[int(obs)] = 1.0
        obs, r, term, trunc, _ = env.step(naive.action(arch, naive.forward(params, None, arch, x)))
        total, steps = total + r, steps + 1
        if term or trunc:
            break
    env.close()
    return total, steps


def test_a_discrete_observation_env_evaluates_as_its_one_hot_reference():
    arch = architecture_for_env("FrozenLake-v1", (6,), "tanh")
    assert arch.obs_dim == 16
    params = np.random.default_rng(1).standard_normal((3, arch.num_params)).astype(np.float32)
    keys = np.array([5, 9, 12, 40], np.uint32)
    ev = GymEvaluator("FrozenLake-v1", arch).evaluate(params, None, keys)
    for p in range(3):
        for e, key in enumerate(keys):
            total, steps = one_hot_rollout(params[p], arch, key)
            assert ev.returns[p, e] == total and ev.lengths[p, e] == steps
