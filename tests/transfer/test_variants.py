"""Hatchling-v1's variants (issue 13): registered, gym-checked, run by the fused evaluator, and
each the sampling its docstring says (the Mirror world checked as an exact reflection)."""

import warnings

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from instinct_envs.hatchling import dynamics_v1 as dyn
from instinct_envs.hatchling.variants import VARIANTS, variant_id, variant_params

from instinct.evaluate import EvaluatorSpec, FusedEvaluator, architecture_for_env, build
from instinct.genome import make_encoding

NAMES = sorted(VARIANTS)


def _starts(params, keys):
    out = np.zeros((len(keys), dyn.STATE_DIM))
    for i, k in enumerate(keys):
        dyn.reset(out[i], int(k), params)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_variant_is_registered_checked_and_its_params_are_the_gym_faces(name):
    world = instinct_envs.WORLDS[variant_id(name)]
    assert world.core is dyn and world.params == variant_params(name)
    assert world.params != dyn.DEFAULT_PARAMS
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        env = gym.make(variant_id(name))
        check_env(env.unwrapped, skip_render_check=True)
    assert not [w for w in caught if "instinct" in str(w.filename)]
    assert env.unwrapped.params == world.params
    env.close()


def test_lit_takes_intensity_and_colour_and_refuses_nonsense():
    env = gym.make("instinct/Hatchling-Lit-v1", intensity=500.0, colour="amber")
    p = env.unwrapped.params
    assert p == variant_params("Lit", intensity=500.0, colour="amber")
    s = _starts(p, range(50))
    n = s[:, dyn.N_LIGHTS].astype(int)
    assert (n >= 1).all()  # every beach lit
    lights = [s[i, dyn.LIGHTS : dyn.LIGHTS + 4 * k].reshape(k, 4) for i, k in enumerate(n)]
    short_i, long_i = np.concatenate(lights)[:, 2], np.concatenate(lights)[:, 3]
    assert np.allclose(long_i, 500.0) and np.allclose(short_i, 0.05 * 500.0)
    env.close()
    for bad in ({"colour": "green"}, {"intensity": -1.0}, {"intensity": float("nan")}):
        with pytest.raises(ValueError):
            gym.make("instinct/Hatchling-Lit-v1", **bad)


def test_dark_has_no_moon_no_lights_and_heavy_cloud():
    s = _starts(variant_params("Dark"), range(200))
    assert (s[:, dyn.MOON_S] == 0).all() and (s[:, dyn.N_LIGHTS] == 0).all()
    assert (s[:, dyn.CLOUD] >= 0.8).all() and (s[:, dyn.GLITTER_S] == 0).all()
    v1 = _starts(dyn.DEFAULT_PARAMS, range(200))
    assert np.median(s[:, dyn.GAIN_S] / s[:, dyn.SKY_S]) < 0.5 * np.median(
        v1[:, dyn.GAIN_S] / v1[:, dyn.SKY_S]
    )


def _swap_eyes(obs):
    """What a mirrored hatchling sees: left and right eyes swapped, slope left negated."""
    out = obs.copy()
    for block in range(4):  # channel x band: 6 sectors, left eye first
        b = 6 * block
        out[b : b + 3], out[b + 3 : b + 6] = obs[b + 3 : b + 6], obs[b : b + 3]
    out[dyn.N_BRIGHT + 1] = -obs[dyn.N_BRIGHT + 1]
    return out


def test_mirror_is_v1_reflected_left_right_step_for_step():
    quiet = {
        "noise_brightness": 0.0,
        "noise_slope": 0.0,
        "roughness": 0.0,
        "hazard_base": 0.0,
        "hazard_light": 0.0,
    }  # fmt: skip  (noise and sand are drawn per sensor, not mirrored)
    p0, p1 = dyn.DEFAULT_PARAMS._replace(**quiet), variant_params("Mirror", **quiet)
    rng = np.random.default_rng(0)
    for key in (1, 5, 17, 40, 123):
        a, b = np.zeros(dyn.STATE_DIM), np.zeros(dyn.STATE_DIM)
        dyn.reset(a, key, p0)
        dyn.reset(b, key, p1)
        assert np.isclose(b[dyn.X], -a[dyn.X]) and np.isclose(b[dyn.COS_H], -a[dyn.COS_H])
        oa, ob = np.zeros(dyn.OBS_DIM, np.float32), np.zeros(dyn.OBS_DIM, np.float32)
        for _ in range(30):
            dyn.observe(a, p0, oa)
            dyn.observe(b, p1, ob)
            np.testing.assert_allclose(ob, _swap_eyes(oa), atol=2e-3)
            act = rng.uniform(-1, 1, 2).astype(np.float32)
            dyn.step(a, act, p0)
            dyn.step(b, np.array([-act[0], act[1]], np.float32), p1)
            assert np.isclose(b[dyn.X], -a[dyn.X]) and np.isclose(b[dyn.Y], a[dyn.Y])


def test_desert_never_succeeds_and_the_fused_evaluator_runs_every_variant():
    arch = architecture_for_env("instinct/Hatchling-v1", (8,), "tanh")
    params = np.stack([make_encoding("direct", arch).initial_vector(s) for s in range(4)])
    keys = np.arange(40, dtype=np.uint32)
    for name in NAMES:
        world = instinct_envs.WORLDS[variant_id(name)]
        own = FusedEvaluator(world, arch).evaluate(params, None, keys)
        via = build(EvaluatorSpec("instinct/Hatchling-v1", arch, "fused", None, world.params))
        same = via.evaluate(params, None, keys)
        assert np.array_equal(own.returns, same.returns)
        assert np.array_equal(own.lengths, same.lengths)
        if name == "Desert":
            assert not own.success.any() and (own.returns == 0).all()
