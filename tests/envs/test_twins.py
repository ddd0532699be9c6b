"""Fused twins of Gymnasium's classic-control worlds, stepped beside Gymnasium's own env.

Tolerance: none. A twin reproduces Gymnasium's float64 arithmetic operation for operation, so
start states, every state, observation, reward, termination and truncation must be EQUAL, bit for
bit, from the same start with the same actions: random ones (out of bounds too, for Box actions)
and hand-written controllers that reach each world's goal, so terminations are exercised.
"""

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest

TWINS = sorted(w.id for w in instinct_envs.WORLDS.values() if w.entry_point is None)
KEYS = [0, 1, 2, 12345, 2**31 + 1, 3 * 2**30 + 5, 2**32 - 1]


def _starts(world, keys):
    module, name = world.start_states.split(":")
    return __import__(module, fromlist=[name]).__dict__[name](keys)


# Controllers that reach the goal (or balance), over Gymnasium's observations.
def _cartpole(obs):
    return int(obs[2] + 0.5 * obs[3] + 0.05 * obs[1] > 0)


def _acrobot(obs):
    return 2 if obs[4] + 0.3 * obs[5] > 0 else 0  # pump with the shoulder's swing


def _mountain_car(obs):
    return 2 if obs[1] >= 0 else 0  # push along the velocity: energy pumping


def _mountain_car_continuous(obs):
    return np.array([1.0 if obs[1] >= 0 else -1.0], np.float32)


def _pendulum(obs):
    return np.array([np.clip(-3.0 * obs[1] - 1.0 * obs[2], -2.0, 2.0)], np.float32)


CONTROLLERS = {
    "CartPole-v1": _cartpole,
    "Acrobot-v1": _acrobot,
    "MountainCar-v0": _mountain_car,
    "MountainCarContinuous-v0": _mountain_car_continuous,
    "Pendulum-v1": _pendulum,
}


def test_every_twin_is_tested_and_not_registered_again():
    assert set(TWINS) == set(CONTROLLERS)
    for world_id in TWINS:
        world = instinct_envs.WORLDS[world_id]
        assert instinct_envs.FUSED_CORES[world_id] is world.core
        assert gym.spec(world_id).entry_point.startswith("gymnasium.envs.classic_control")
        assert gym.spec(world_id).max_episode_steps == world.params.max_steps


@pytest.mark.parametrize("world_id", TWINS)
def test_start_states_are_gymnasiums_reset(world_id):
    world = instinct_envs.WORLDS[world_id]
    starts = _starts(world, np.array(KEYS, np.uint32))
    assert starts.shape == (len(KEYS), world.state_dim) and starts.dtype == np.float64
    env = gym.make(world_id)
    obs = np.zeros(world.obs_dim, np.float32)
    for row, key in enumerate(KEYS):
        gym_obs, _ = env.reset(seed=key)
        state = np.asarray(env.unwrapped.state, np.float64)
        assert np.array_equal(starts[row, : state.size], state)
        world.core.observe(starts[row], world.params, obs)
        assert np.array_equal(obs, gym_obs)
    assert len({tuple(s) for s in starts}) == len(KEYS)  # keys give distinct starts


def _random_action(env, rng, t):
    space = env.action_space
    if isinstance(space, gym.spaces.Discrete):
        return int(rng.integers(space.n))
    if t % 7 == 0:  # beyond the bounds: Gymnasium clips, so must the twin
        return (rng.uniform(-2, 2, space.shape) * space.high).astype(np.float32)
    return rng.uniform(space.low, space.high).astype(np.float32)


def _side_by_side(world_id, choose, keys):
    """Step Gymnasium's env and the twin from the same starts; returns (steps, ends) where ends
    counts (terminated, truncated) episodes. Fails at the first difference."""
    world = instinct_envs.WORLDS[world_id]
    core, params = world.core, world.params
    env = gym.make(world_id)
    obs = np.zeros(world.obs_dim, np.float32)
    action = np.zeros(1, np.float32)
    steps, ends = 0, [0, 0]
    for key, start in zip(keys, _starts(world, np.array(keys, np.uint32)), strict=True):
        gym_obs, _ = env.reset(seed=int(key))
        state = start.copy()
        for t in range(1, 10_000):
            a = choose(gym_obs, t)
            action[0] = np.asarray(a, np.float32).reshape(-1)[0]
            gym_obs, gym_reward, terminated, truncated, _ = env.step(a)
            reward, code = core.step(state, action, params)
            core.observe(state, params, obs)
            steps += 1
            where = f"{world_id} key {key} step {t}"
            gym_state = np.asarray(env.unwrapped.state, np.float64)
            assert np.array_equal(state[: gym_state.size], gym_state), where
            assert np.array_equal(obs, gym_obs), where
            assert reward == gym_reward, where
            assert (code != 0) == terminated, where
            assert (t >= params.max_steps and not terminated) == truncated, where
            if terminated or truncated:
                ends[0 if terminated else 1] += 1
                break
    return steps, ends


@pytest.mark.parametrize("world_id", TWINS)
def test_random_actions_step_exactly_as_gymnasium(world_id):
    rng = np.random.default_rng(7)
    env = gym.make(world_id)
    steps, ends = _side_by_side(world_id, lambda o, t: _random_action(env, rng, t), KEYS[:4])
    assert sum(ends) == 4 and steps >= 4


@pytest.mark.parametrize("world_id", TWINS)
def test_controllers_step_exactly_as_gymnasium_through_their_ends(world_id):
    controller = CONTROLLERS[world_id]
    steps, (terminated, truncated) = _side_by_side(world_id, lambda o, t: controller(o), KEYS)
    assert terminated + truncated == len(KEYS)
    if instinct_envs.WORLDS[world_id].outcomes[1:]:  # a world that can end does end
        assert terminated > 0 or world_id == "CartPole-v1"
    assert truncated > 0 or world_id in ("Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0")


_FUSED_FIRST = """
import sys
import numpy as np, instinct_envs
from instinct.evaluate import FusedEvaluator, architecture_for_env
from instinct.genome import make_encoding
sys.path.insert(0, sys.argv[1])
from test_twins import TWINS, _random_action, _side_by_side
import gymnasium as gym
for world_id in TWINS:
    arch = architecture_for_env(world_id, (4,), "tanh")
    params = make_encoding("direct", arch).initial_vector(0)[None]
    world = instinct_envs.WORLDS[world_id]
    FusedEvaluator(world, arch, max_steps=20).evaluate(params, None, np.array([0], np.uint32))
    rng, env = np.random.default_rng(7), gym.make(world_id)
    _side_by_side(world_id, lambda o, t: _random_action(env, rng, t), [0, 1])
print("exact")
"""


def test_a_twin_steps_exactly_after_a_fused_rollout_compiled_it_first(tmp_path):
    """Numba lets a callee without its own fastmath inherit the fused rollout's, and caches that
    build for later calls: in a fresh process whose first use of a twin is the fused rollout,
    the twin's own step must still be Gymnasium's, bit for bit."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "NUMBA_CACHE_DIR": str(tmp_path / "numba"),
        "INSTINCT_CACHE_DIR": str(tmp_path / "instinct"),
    }
    here = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", _FUSED_FIRST, here],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0 and "exact" in done.stdout, done.stderr[-3000:]
