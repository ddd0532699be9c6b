"""The native vector env (instinct_envs/vector.py): `gymnasium.make_vec` on an instinct world is
one Numba loop over its core, and gives what N single envs from `gymnasium.make` give."""

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode
from instinct_envs.vector import CoreVectorEnv

N = 5


def single_run(env_id, seeds, actions, reset_keys=None, **kwargs):
    """N single envs stepped by hand with SyncVectorEnv's NEXT_STEP autoreset."""
    envs = [gym.make(env_id, **kwargs) for _ in seeds]
    options = None if reset_keys is None else {"key": reset_keys}
    first = [e.reset(seed=s, options=options)[0] for e, s in zip(envs, seeds, strict=True)]
    done = [False] * len(envs)
    rows = []
    for a in actions:
        row = []
        for k, env in enumerate(envs):
            if done[k]:
                obs, reward, term, trunc = env.reset()[0], 0.0, False, False
            else:
                obs, reward, term, trunc, _ = env.step(a[k])
            done[k] = term or trunc
            row.append((obs, reward, term, trunc))
        rows.append(row)
    return np.stack(first), rows


def check_parity(env_id, steps, seed=7, reset_keys=None, **kwargs):
    space = gym.make(env_id, **kwargs).action_space
    space.seed(0)
    actions = [[space.sample() for _ in range(N)] for _ in range(steps)]
    first, rows = single_run(env_id, [seed + i for i in range(N)], actions, reset_keys, **kwargs)
    vec = gym.make_vec(env_id, num_envs=N, **kwargs)
    assert isinstance(vec.unwrapped, CoreVectorEnv)
    options = None if reset_keys is None else {"key": reset_keys}
    obs, _ = vec.reset(seed=seed, options=options)
    np.testing.assert_array_equal(obs, first)
    ends = 0
    for a, row in zip(actions, rows, strict=True):
        obs, reward, term, trunc, info = vec.step(np.stack(a))
        assert obs.dtype == np.float32 and reward.dtype == np.float64
        np.testing.assert_array_equal(obs, np.stack([r[0] for r in row]))
        np.testing.assert_array_equal(reward, [r[1] for r in row])
        np.testing.assert_array_equal(term, [r[2] for r in row])
        np.testing.assert_array_equal(trunc, [r[3] for r in row])
        assert info["outcome"].shape == (N,)
        ends += int((term | trunc).sum())
    vec.close()
    return ends


def test_hatchling_v1_equals_single_envs_across_autoresets():
    # A short time limit (params) and a shorter TimeLimit: both ends and several autoresets.
    ends = check_parity("instinct/Hatchling-v1", 90, max_steps=40)
    assert ends >= N * 2
    ends = check_parity("instinct/Hatchling-v1", 40, max_episode_steps=15)
    assert ends >= N * 2


@pytest.mark.parametrize(
    ("env_id", "kwargs"),
    [
        ("instinct/Hatchling-v0", {"max_steps": 25}),  # the core's TIME_LIMIT is `truncated`
        ("instinct/Digits-v0", {}),  # Discrete actions, one image per episode
        ("instinct/Imprinting-v0", {"max_steps": 30, "test_start": 15}),
    ],
)
def test_other_worlds_equal_single_envs(env_id, kwargs):
    assert check_parity(env_id, 35, **kwargs) > 0


OWN = sorted(w.id for w in instinct_envs.WORLDS.values() if w.entry_point is not None)


@pytest.mark.parametrize("env_id", OWN)
def test_every_world_of_our_own_has_a_native_vector_env_equal_to_its_single_envs(env_id):
    check_parity(env_id, 12)


def test_reset_key_option_and_list_seeds():
    check_parity("instinct/Hatchling-v1", 5, reset_keys=123)
    vec = gym.make_vec("instinct/Hatchling-v1", num_envs=3)
    a, _ = vec.reset(seed=[4, 9, 2])
    b, _ = vec.reset(seed=[4, 9, 2])
    np.testing.assert_array_equal(a, b)
    c, _ = vec.reset(seed=[9, 9, 9])
    np.testing.assert_array_equal(c[0], a[1])
    np.testing.assert_array_equal(c[1], a[1])


def test_spaces_metadata_and_registration():
    vec = gym.make_vec("instinct/Hatchling-v1", num_envs=N)
    single = gym.make("instinct/Hatchling-v1")
    assert vec.metadata["autoreset_mode"] == AutoresetMode.NEXT_STEP
    assert vec.single_observation_space == single.observation_space
    assert vec.single_action_space == single.action_space
    assert vec.observation_space.shape == (N, *single.observation_space.shape)
    assert vec.action_space.shape == (N, *single.action_space.shape)
    assert vec.observation_space.contains(vec.reset(seed=0)[0])
    for world in instinct_envs.WORLDS.values():
        spec = gym.spec(world.id)
        if world.entry_point is None:  # a twin: Gymnasium's own id keeps Gymnasium's vector env
            assert world.vector_entry_point is None
            assert "instinct_envs" not in str(spec.vector_entry_point)
        else:
            assert spec.vector_entry_point is world.vector_entry_point is not None
    twin = gym.make_vec("CartPole-v1", num_envs=2)
    assert not isinstance(twin.unwrapped, CoreVectorEnv)
    sync = gym.make_vec("instinct/Hatchling-v1", num_envs=2, vectorization_mode="sync")
    assert not isinstance(sync.unwrapped, CoreVectorEnv)
    with pytest.raises(ValueError, match="sync"):
        gym.make_vec("instinct/Hatchling-v1", num_envs=2, render_mode="rgb_array")
