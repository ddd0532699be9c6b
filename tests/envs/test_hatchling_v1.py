"""Hatchling-v1: the gym contract, parity with the fused path, and the biology of issue 9.

The hand-wired crossed two-eye controller (the battery's, built by instinct.baselines) runs in a
small Numba loop over the core's own reset / observe / step: with one eye covered it circles
(H10); with a light inland, misorientation grows with the light's intensity (H15), and amber
misleads less than white at equal intensity (H7, Witherington & Bjorndal 1991).
"""

import warnings

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from instinct_envs.hatchling import dynamics_v1 as dyn
from instinct_envs.hatchling import render
from numba import njit, prange

from instinct.baselines.battery import declared_battery
from instinct.baselines.policies import linear_params
from instinct.evaluate import architecture_for_env

ENV_ID = "instinct/Hatchling-v1"
P = dyn.DEFAULT_PARAMS
UNLIT = P._replace(unlit_share=1.0)  # no lights drawn: the tests place their own


def crossed_weights():
    """W f32[OBS_DIM, 2] and b f32[2] of the battery's hand-wired crossed two-eye controller."""
    entry = next(e for e in declared_battery(ENV_ID) if e["name"].startswith("crossed"))
    lin = architecture_for_env(ENV_ID, (), "tanh")
    theta = linear_params(lin, entry["weights"], entry["bias"])
    return theta[: 2 * dyn.OBS_DIM].reshape(dyn.OBS_DIM, 2), theta[2 * dyn.OBS_DIM :]


@njit(parallel=True, cache=True)
def _episodes(keys, params, w, b, covered, light):
    """Whole episodes of a linear tanh controller; covered inputs read DARK; light = (dx from the
    nest, dy beyond the dune crest, intensity, warmth, height), intensity 0 for none. Returns
    outcome codes and the straightness of each path (length of the mean heading vector)."""
    codes = np.zeros(keys.size, np.int64)
    straight = np.zeros(keys.size)
    for n in prange(keys.size):
        state = np.empty(dyn.STATE_DIM)
        obs = np.empty(dyn.OBS_DIM, np.float32)
        action = np.empty(2, np.float32)
        dyn.reset(state, keys[n], params)
        if light[2] > 0.0:
            y = state[dyn.DUNE_Y] + params.dune_depth + light[1]
            dyn.add_light(state, state[dyn.NEST_X] + light[0], y, light[2], light[3], light[4])
        code, sx, sy, steps = 0, 0.0, 0.0, 0
        while code == 0:
            dyn.observe(state, params, obs)
            for i in covered:
                obs[i] = dyn.DARK
            for o in range(2):
                z = b[o]
                for i in range(obs.size):
                    z += obs[i] * w[i, o]
                action[o] = np.tanh(z)
            _, code = dyn.step(state, action, params)
            sx += state[dyn.COS_H]
            sy += state[dyn.SIN_H]
            steps += 1
        codes[n] = code
        straight[n] = np.sqrt(sx * sx + sy * sy) / steps
    return codes, straight


def crossed_run(keys, params=P, covered=(), light=(0.0, 0.0, 0.0, 0.0, 6.0)):
    w, b = crossed_weights()
    codes, straight = _episodes(
        np.asarray(keys, np.uint32), params, w.astype(np.float64), b.astype(np.float64),
        np.array(covered, np.int64), np.array(light, np.float64),
    )  # fmt: skip
    return float(np.mean(codes == dyn.SUCCESS)), float(np.mean(straight))


KEYS = np.arange(300)


def test_registered_beside_v0_with_its_own_core():
    assert ENV_ID in gym.registry and "instinct/Hatchling-v0" in gym.registry
    world = instinct_envs.WORLDS[ENV_ID]
    assert instinct_envs.FUSED_CORES[ENV_ID] is dyn and world.params == P
    assert len(dyn.OBS_NAMES) == dyn.OBS_DIM == dyn.OBS_LOW.size == 27
    assert sorted(i for g in dyn.OBS_GROUPS.values() for i in g) == list(range(dyn.OBS_DIM))
    assert not any("horizon" in name for name in dyn.OBS_NAMES)  # seen, not given
    assert world.baselines and declared_battery(ENV_ID)


def test_check_env_passes_without_warnings_and_renders():
    env = gym.make(ENV_ID).unwrapped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env, skip_render_check=True)
    assert [str(w.message) for w in caught] == []
    env = gym.make(ENV_ID, render_mode="rgb_array").unwrapped
    check_env(env)
    env.reset(seed=5)
    frame = env.render()
    assert frame.shape == (400, 600, 3) and frame.dtype == np.uint8 and frame.std() > 5


def test_seeded_reset_is_the_fused_beach_and_the_face_matches_the_core():
    env = gym.make(ENV_ID).unwrapped
    obs_env, _ = env.reset(seed=123)
    state, obs = np.zeros(dyn.STATE_DIM), np.zeros(dyn.OBS_DIM, np.float32)
    dyn.reset(state, 123, P)
    dyn.observe(state, P, obs)
    np.testing.assert_array_equal(env.state, state)
    np.testing.assert_array_equal(obs_env, obs)
    w, b = crossed_weights()
    done = False
    while not done:
        action = np.tanh(obs @ w + b).astype(np.float32)
        obs_env, r_env, terminated, truncated, info = env.step(action)
        r, code = dyn.step(state, action, P)
        dyn.observe(state, P, obs)
        np.testing.assert_array_equal(obs_env, obs)
        assert r_env == r and info["outcome"] == dyn.OUTCOMES[code]
        done = terminated or truncated


def test_beaches_hold_lights_islands_clouds_and_curved_shores():
    state = np.zeros(dyn.STATE_DIM)
    lights, islands, clouds, bends = [], [], [], []
    for key in range(400):
        dyn.reset(state, key, P)
        lights.append(state[dyn.N_LIGHTS])
        islands.append(state[dyn.ISLAND_H] > 0)
        clouds.append(state[dyn.CLOUD] > 0)
        bends.append(abs(state[dyn.SHORE_K]))
    lights = np.array(lights)
    assert abs(np.mean(lights == 0) - P.unlit_share) < 0.07 and lights.max() == P.lights_max
    assert abs(np.mean(islands) - P.island_prob) < 0.07
    assert abs(np.mean(clouds) - (1 - P.cloud_clear)) < 0.07 and max(bends) > 0.01


def test_no_input_is_a_function_of_the_seas_bearing():
    """v0's horizon input was exactly 0 for every seaward bearing; here every input varies with
    the night at a fixed bearing: a fit on the bearing explains under half of its variance."""
    state, obs = np.zeros(dyn.STATE_DIM), np.zeros(dyn.OBS_DIM, np.float32)
    rows, feats = [], []
    for key in range(600):
        dyn.reset(state, key, P)
        dyn.observe(state, P, obs)
        rel = state[dyn.HEADING] + 0.5 * np.pi  # 0 when facing the sea
        feats.append([1, np.cos(rel), np.sin(rel), np.cos(2 * rel), np.sin(2 * rel)])
        rows.append(obs[: dyn.N_BRIGHT].copy())
    x, y = np.array(feats), np.array(rows, np.float64)
    fit = x @ np.linalg.lstsq(x, y, rcond=None)[0]
    r2 = 1 - ((y - fit) ** 2).sum(0) / ((y - y.mean(0)) ** 2).sum(0)
    assert r2.max() < 0.5


def test_observations_stay_in_bounds_under_random_actions():
    env = gym.make(ENV_ID).unwrapped
    rng = np.random.default_rng(0)
    for episode in range(10):
        obs, _ = env.reset(seed=episode)
        for _ in range(200):
            assert np.all(np.isfinite(obs)) and env.observation_space.contains(obs)
            obs, reward, terminated, truncated, _ = env.step(rng.uniform(-1, 1, 2).astype("f4"))
            assert 0.0 <= reward <= 2.0
            if terminated or truncated:
                break


@pytest.fixture(scope="module")
def two_eyes():
    return crossed_run(KEYS, UNLIT)


def test_crossed_controller_finds_the_sea_on_unlit_beaches(two_eyes):
    success, straightness = two_eyes
    assert success >= 0.6 and straightness > 0.6


def test_one_eye_covered_makes_the_crossed_controller_circle(two_eyes):
    left = dyn.EYE_BRIGHTNESS["left"]
    success, straightness = crossed_run(KEYS, UNLIT, covered=left)
    assert straightness < 0.3 * two_eyes[1] and success < 0.3 * two_eyes[0]


def test_misorientation_grows_with_light_intensity():
    rates = [crossed_run(KEYS, UNLIT, light=(0.0, 10.0, i, 0.0, 6.0))[0]
             for i in (0.0, 10.0, 100.0, 1000.0, 10000.0)]  # fmt: skip
    assert all(a >= b - 0.03 for a, b in zip(rates, rates[1:], strict=False))
    assert rates[0] - rates[-1] > 0.4


def test_amber_misleads_less_than_white_at_equal_intensity():
    for intensity in (300.0, 3000.0):
        white = crossed_run(KEYS, UNLIT, light=(0.0, 10.0, intensity, 0.0, 6.0))[0]
        amber = crossed_run(KEYS, UNLIT, light=(0.0, 10.0, intensity, 1.0, 6.0))[0]
        assert amber > white + 0.1


def test_render_draws_a_v1_beach():
    env = gym.make(ENV_ID, render_mode="rgb_array").unwrapped
    obs, _ = env.reset(seed=11)
    first = env.render()
    view = render.make_view(env.state, 600, 400)
    _, surf_row = view.to_px(0.0, 0.0)
    sea = first[int(surf_row) + 6 :]
    assert sea[..., 2].mean() > sea[..., 0].mean() + 10
