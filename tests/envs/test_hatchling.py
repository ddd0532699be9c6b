"""The Hatchling world: the gym contract, the biology sanity checks of WORLDS.md, parity.

Controllers here are hand-wired in plain numpy over the core's `observe` / `step`: a crossed
two-eye (Braitenberg) one must find the sea on natural beaches (H3, H10, H11), with one eye covered
it must circle (H10), and blind it can only go downhill (H2, H6).
"""

import warnings

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from instinct_envs.hatchling import dynamics as dyn
from instinct_envs.hatchling import render
from instinct_envs.hatchling.hash import hash3
from numba import njit, prange

ENV_ID = "instinct/Hatchling-v0"
P = dyn.DEFAULT_PARAMS
KEYS = range(200)
LEFT, RIGHT = dyn.EYE_BRIGHTNESS["left"], dyn.EYE_BRIGHTNESS["right"]


def braitenberg(obs):
    """Crossed wiring: turn toward the eye that sees more short-wavelength light, full speed."""
    diff = obs[0:3].mean() - obs[3:6].mean()
    return np.array([np.clip(6.0 * diff, -1.0, 1.0), 1.0], np.float32)


def slope_follower(obs):
    """Turn toward downhill (obs 15 is the uphill gradient to the left)."""
    return np.array([np.clip(-3.0 * obs[15], -1.0, 1.0), 1.0], np.float32)


def run(policy, keys, cover=(), params=P, lights=()):
    """Success rate and mean path straightness (length of the mean heading vector) over keys."""
    state = np.zeros(dyn.STATE_DIM)
    obs = np.zeros(dyn.OBS_DIM, np.float32)
    wins, straightness = [], []
    for key in keys:
        dyn.reset(state, key, params)
        for light in lights:
            dyn.add_light(state, *light)
        headings, code = [], dyn.RUNNING
        while code == dyn.RUNNING:
            dyn.observe(state, params, obs)
            obs[list(cover)] = dyn.DARK
            _, code = dyn.step(state, policy(obs, key), params)
            headings.append(state[dyn.HEADING])
        wins.append(code == dyn.SUCCESS)
        straightness.append(np.abs(np.exp(1j * np.array(headings)).mean()))
    return float(np.mean(wins)), float(np.mean(straightness))


def on_obs(controller):
    return lambda obs, key: controller(obs)


def constant_turn(obs, key):
    """A random constant turn per episode at full speed: the no-information baseline."""
    return np.array([np.random.default_rng(key).uniform(-1, 1), 1.0], np.float32)


@pytest.fixture(scope="module")
def two_eyes():
    return run(on_obs(braitenberg), KEYS)


def test_registered_and_fused_core_exported():
    assert ENV_ID in gym.registry
    assert instinct_envs.FUSED_CORES[ENV_ID] is dyn
    assert len(dyn.OBS_NAMES) == dyn.OBS_DIM == dyn.OBS_LOW.size == dyn.OBS_HIGH.size
    assert sorted(i for g in dyn.OBS_GROUPS.values() for i in g) == list(range(dyn.OBS_DIM))
    assert dyn.OUTCOMES[dyn.SUCCESS] == "reached sea" and dyn.ACT_DIM == 2


def test_check_env_passes_without_warnings():
    env = gym.make(ENV_ID).unwrapped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env, skip_render_check=True)
    assert [str(w.message) for w in caught] == []
    check_env(gym.make(ENV_ID, render_mode="rgb_array").unwrapped)


def test_braitenberg_finds_the_sea(two_eyes):
    success, straightness = two_eyes
    assert success >= 0.8
    assert straightness > 0.8


def test_one_eye_covered_circles(two_eyes):
    success, straightness = run(on_obs(braitenberg), KEYS[:100], cover=LEFT)
    assert straightness < 0.3 * two_eyes[1]
    assert success < 0.3 * two_eyes[0]


def test_blind_slope_following_beats_constant_turning():
    blind = LEFT + RIGHT
    slope, _ = run(on_obs(slope_follower), KEYS[:100], cover=blind)
    constant, _ = run(constant_turn, KEYS[:100], cover=blind)
    assert slope > constant + 0.2


def test_same_key_same_trajectory_other_key_other_beach():
    def trajectory(key):
        state, obs, rows = np.zeros(dyn.STATE_DIM), np.zeros(dyn.OBS_DIM, np.float32), []
        dyn.reset(state, key, P)
        beach = state[: dyn.SECTORS].copy()
        for _ in range(50):
            dyn.observe(state, P, obs)
            dyn.step(state, braitenberg(obs), P)
            rows.append(np.concatenate([state[:8], obs]))
        return beach, np.array(rows)

    beach_a, a = trajectory(7)
    beach_b, b = trajectory(7)
    beach_c, _ = trajectory(8)
    np.testing.assert_array_equal(a, b)
    drawn = [dyn.DUNE_Y, dyn.DUNE_H, dyn.NEST_Y, dyn.SKY, dyn.SLOPE_TAN]
    assert np.all(beach_a[drawn] != beach_c[drawn])
    dunes = []
    for key in range(300):
        state = np.zeros(dyn.STATE_DIM)
        dyn.reset(state, key, P)
        dunes.append(state[dyn.DUNE_Y])
    assert abs(np.mean(dunes) - P.dune_mean) < 2.0 and 6.0 < np.std(dunes) < 11.0  # H13


@njit(parallel=True, cache=True)
def _rollouts_in_parallel(keys, params, states):
    """Whole Braitenberg episodes for many keys at once, as the fused kernel will run them."""
    for n in prange(keys.size):
        obs, action = np.empty(dyn.OBS_DIM, np.float32), np.empty(2, np.float32)
        dyn.reset(states[n], keys[n], params)
        code = dyn.RUNNING
        while code == dyn.RUNNING:
            dyn.observe(states[n], params, obs)
            diff = (obs[0] + obs[1] + obs[2]) - (obs[3] + obs[4] + obs[5])
            action[0], action[1] = min(max(2.0 * diff, -1.0), 1.0), 1.0
            _, code = dyn.step(states[n], action, params)


def test_same_key_same_episode_in_any_thread():
    keys = np.arange(64, dtype=np.uint32)
    first, second = np.zeros((64, dyn.STATE_DIM)), np.zeros((64, dyn.STATE_DIM))
    _rollouts_in_parallel(keys, P, first)
    _rollouts_in_parallel(keys[::-1].copy(), P, second)
    np.testing.assert_array_equal(first, second[::-1])
    serial = np.zeros(dyn.STATE_DIM)
    dyn.reset(serial, 5, P)
    np.testing.assert_array_equal(serial[dyn.DUNE_Y :], first[5, dyn.DUNE_Y :])


def _mix64_reference(z):
    """splitmix64's finaliser in plain Python integers (Steele, Lea & Flood 2014)."""
    mask = (1 << 64) - 1
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return z ^ (z >> 31)


def test_hash_matches_reference_and_known_answers():
    """The counter hash is what makes a beach the same everywhere: check it against plain Python
    and pin two values, so a change to it cannot pass unnoticed."""
    mask = (1 << 64) - 1
    for key, counter, purpose in [(0, 0, 1), (1, 0, 1), (0, 1, 2), (2**32 - 1, 399, 3), (77, 5, 4)]:
        inner = _mix64_reference(key ^ (purpose << 32))
        expected = _mix64_reference((inner + counter * 0x9E3779B97F4A7C15) & mask)
        assert int(hash3(key, counter, purpose)) == expected
    assert int(hash3(0, 0, 1)) == 0xEDFEA30CFBBF01C3
    assert int(hash3(2**32 - 1, 399, 3)) == 0xD47A3A23204D619C


def test_observations_stay_in_bounds_under_random_actions():
    env = gym.make(ENV_ID).unwrapped
    space = env.observation_space
    rng = np.random.default_rng(0)
    for episode in range(20):
        obs, _ = env.reset(seed=episode)
        for _ in range(400):
            assert np.all(np.isfinite(obs)) and space.contains(obs)
            obs, reward, terminated, truncated, _ = env.step(
                rng.uniform(-1, 1, 2).astype(np.float32)
            )
            assert 0.0 <= reward <= 2.0
            if terminated or truncated:
                break


def test_gym_face_matches_core_step_for_step():
    env = gym.make(ENV_ID).unwrapped
    obs_env, _ = env.reset(options={"key": 123})
    state, obs = np.zeros(dyn.STATE_DIM), np.zeros(dyn.OBS_DIM, np.float32)
    dyn.reset(state, 123, P)
    dyn.observe(state, P, obs)
    np.testing.assert_array_equal(obs_env, obs)
    done = False
    while not done:
        action = braitenberg(obs)
        obs_env, r_env, terminated, truncated, info = env.step(action)
        r, code = dyn.step(state, action, P)
        dyn.observe(state, P, obs)
        np.testing.assert_array_equal(obs_env, obs)
        assert r_env == r and info["outcome"] == dyn.OUTCOMES[code]
        done = terminated or truncated
    assert terminated == (code in (1, 2, 3, 4)) and truncated == (code == dyn.TIME_LIMIT)


def test_success_reward_and_finished_state_is_inert():
    state, obs = np.zeros(dyn.STATE_DIM), np.zeros(dyn.OBS_DIM, np.float32)
    for key in range(50):
        dyn.reset(state, key, P)
        total, code = 0.0, dyn.RUNNING
        while code == dyn.RUNNING:
            dyn.observe(state, P, obs)
            reward, code = dyn.step(state, braitenberg(obs), P)
            total += reward
        if code == dyn.SUCCESS:
            assert total == pytest.approx(1.0 + (P.max_steps - state[dyn.T]) / P.max_steps)
            break
    before = state.copy()
    assert dyn.step(state, np.ones(2, np.float32), P) == (0.0, code)
    np.testing.assert_array_equal(state, before)


def test_light_is_seen_and_misorients():
    state, dark, lit = np.zeros(dyn.STATE_DIM), np.zeros(17, np.float32), np.zeros(17, np.float32)
    dyn.reset(state, 3, P)
    state[dyn.COS_H], state[dyn.SIN_H], state[dyn.HEADING] = 1.0, 0.0, 0.0  # facing +x
    dyn.observe(state, P, dark)
    assert dyn.add_light(state, state[dyn.X] + 1.0, state[dyn.Y] + 20.0, 3000.0, 0.0) == 0
    dyn.observe(state, P, lit)
    assert lit[list(LEFT)].mean() > dark[list(LEFT)].mean() + 0.5  # the light is to the left
    assert abs(lit[list(RIGHT)].mean() - dark[list(RIGHT)].mean()) < 0.2
    for _ in range(dyn.MAX_LIGHTS - 1):
        dyn.add_light(state, 0.0, 40.0, 1.0, 1.0)
    assert dyn.add_light(state, 0.0, 40.0, 1.0, 1.0) == -1
    natural, _ = run(on_obs(braitenberg), KEYS[:60])
    white, _ = run(on_obs(braitenberg), KEYS[:60], lights=[(0.0, 40.0, 1000.0, 0.0)])
    amber, _ = run(on_obs(braitenberg), KEYS[:60], lights=[(0.0, 40.0, 1000.0, 1.0)])
    assert white < natural - 0.3 and white < amber  # H7, H15


def test_render_shows_sea_below_sand_and_a_moving_hatchling():
    env = gym.make(ENV_ID, render_mode="rgb_array").unwrapped
    obs, _ = env.reset(options={"key": 5})
    first = env.render()
    for _ in range(10):
        obs, *_ = env.step(braitenberg(obs))
    second = env.render()
    assert first.shape == (400, 600, 3) and first.dtype == np.uint8
    view = render.make_view(env.state, 600, 400)
    _, surf_row = view.to_px(0.0, 0.0)
    _, toe_row = view.to_px(0.0, env.state[dyn.DUNE_Y])
    sea, sand = first[int(surf_row) + 6 :], first[int(toe_row) + 5 : int(surf_row) - 5]

    def blueness(img):
        return img[..., 2].astype(float).mean() - img[..., 0].astype(float).mean()

    assert blueness(sea) > blueness(sand) + 10
    # The hatchling's shell colour sits at its position in each frame, and the position moved.
    where = [np.argwhere((img == render.HATCHLING).all(-1)).mean(0) for img in (first, second)]
    assert np.linalg.norm(where[1] - where[0]) > 5
