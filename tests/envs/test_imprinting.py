"""The Imprinting world: the gym contract, parity with the fused path, and the chance level.

The memory claim is tested from both sides: a hand-wired policy that remembers the first colour
it saw follows the imprinted object almost always, while policies without memory (follow the
nearest object, follow the cue) stay at chance, as `chance_level` says they must.
"""

import warnings

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from instinct_envs.imprinting import baselines, render
from instinct_envs.imprinting import dynamics as dyn
from instinct_envs.imprinting import params as lay

from instinct.evaluate import FusedEvaluator, GymEvaluator, architecture_for_env
from instinct.genome import make_encoding

ENV_ID = "instinct/Imprinting-v0"
P = dyn.DEFAULT_PARAMS
KEYS = np.arange(3000)


def success_rate(policy, params=P, keys=KEYS):
    _, codes = baselines.run(policy, keys, params)
    return float((codes == dyn.SUCCESS).mean())


def within(rate, p, n=KEYS.size, sds=4.0):
    """rate is within `sds` binomial standard deviations of p."""
    return abs(rate - p) <= sds * np.sqrt(p * (1 - p) / n)


def test_world_is_declared_and_registered():
    world = instinct_envs.WORLDS[ENV_ID]
    assert instinct_envs.FUSED_CORES[ENV_ID] is dyn
    assert world.obs_dim == dyn.OBS_DIM == len(dyn.OBS_NAMES) == 31
    assert sorted(i for g in dyn.OBS_GROUPS.values() for i in g) == list(range(dyn.OBS_DIM))
    assert world.outcomes[world.success] == "followed the imprinted object"
    assert callable(dyn.reset) and world.baselines.endswith(":policies")


def test_check_env_passes_without_warnings():
    env = gym.make(ENV_ID).unwrapped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env, skip_render_check=True)
    assert [str(w.message) for w in caught] == []
    check_env(gym.make(ENV_ID, render_mode="rgb_array").unwrapped)


def test_stable_baselines3_check_env_passes_where_installed():
    sb3 = pytest.importorskip("stable_baselines3.common.env_checker")
    sb3.check_env(gym.make(ENV_ID).unwrapped, warn=True)


def test_render_draws_the_arena_and_objects():
    env = gym.make(ENV_ID, render_mode="rgb_array")
    env.reset(seed=5)
    for _ in range(P.test_start + 3):
        env.step(np.array([0.3, 0.5], np.float32))
    frame = env.render()
    assert frame.shape == (400, 400, 3) and frame.dtype == np.uint8
    ground = np.all(frame == render.GROUND, axis=-1).mean()
    assert 0.5 < ground < 1.0  # mostly the arena, with objects and the duckling on it


def test_the_gym_face_steps_the_core():
    env = gym.make(ENV_ID).unwrapped
    obs, _ = env.reset(seed=77)
    state = np.zeros(dyn.STATE_DIM)
    dyn.reset(state, 77, P)
    mine = np.zeros(dyn.OBS_DIM, np.float32)
    action = np.array([0.4, 0.1], np.float32)
    for _ in range(P.max_steps):
        dyn.observe(state, P, mine)
        assert np.array_equal(obs, mine)
        obs, reward, terminated, truncated, info = env.step(action)
        r, code = dyn.step(state, action, P)
        assert reward == r and terminated == (code != lay.RUNNING)
    assert terminated and not truncated and info["t"] == P.max_steps


@pytest.mark.slow  # compiles the fused kernel for this world (~1 min on a loaded machine)
def test_seeded_reset_is_the_fused_episode():
    arch = architecture_for_env(ENV_ID, (8,), "tanh")
    params = np.stack([make_encoding("direct", arch).initial_vector(s) for s in range(3)])
    keys = np.array([0, 7, 123456789], np.uint32)
    fused = FusedEvaluator(instinct_envs.WORLDS[ENV_ID], arch).evaluate(params, None, keys)
    gym_path = GymEvaluator(ENV_ID, arch).evaluate(params, None, keys)
    assert np.array_equal(fused.returns, gym_path.returns)
    assert np.array_equal(fused.lengths, gym_path.lengths)


def test_an_episode_is_a_pure_function_of_its_key():
    a, b = np.zeros(dyn.STATE_DIM), np.zeros(dyn.STATE_DIM)
    dyn.reset(a, 42, P)
    dyn.reset(b, 41, P)
    dyn.reset(b, 42, P)
    assert np.array_equal(a, b)
    action = np.array([0.2, 0.4], np.float32)
    for _ in range(P.max_steps):
        assert dyn.step(a, action, P) == dyn.step(b, action, P)
    assert np.array_equal(a, b) and a[lay.OUTCOME] != lay.RUNNING


def test_features_are_drawn_afresh_and_exchangeable():
    feats = []
    for key in range(2000):
        s = np.zeros(dyn.STATE_DIM)
        dyn.reset(s, key, P)
        blocks = s[lay.OBJECTS :].reshape(lay.N_OBJECTS, lay.OBJ_SIZE)
        colours = blocks[:, lay.OCOLOUR :]
        assert len(set(colours.argmax(1))) == lay.N_OBJECTS  # dominant channels all differ
        feats.append(blocks[:2, [lay.OSPEED, lay.OSIZE, lay.OWIGGLE]].ravel().tolist()
                     + colours[:2].argmax(1).tolist())  # fmt: skip
    f = np.array(feats)
    imprinted, distractor = f[:, [0, 1, 2, 6]], f[:, [3, 4, 5, 7]]
    assert np.std(imprinted[:, 3]) > 1.0  # the imprinted colour changes from episode to episode
    sd = np.std(f[:, :6], axis=0)[:3] / np.sqrt(len(f))
    assert np.all(np.abs(imprinted[:, :3].mean(0) - distractor[:, :3].mean(0)) < 5 * sd)
    counts = [
        np.bincount(col.astype(int), minlength=4) for col in (imprinted[:, 3], distractor[:, 3])
    ]
    assert np.all(np.abs(counts[0] - counts[1]) < 5 * np.sqrt(len(f) / 4))


def test_policies_without_memory_stay_at_chance():
    assert dyn.chance_level(P) == 0.5
    assert within(success_rate("follow-nearest"), 0.5)
    assert within(success_rate("follow-cue"), 0.5)
    three = P._replace(n_distractors=2)
    assert dyn.chance_level(three) == pytest.approx(1 / 3)
    assert within(success_rate("follow-nearest", three), 1 / 3)
    assert success_rate("straight") < 0.05


def test_memory_of_the_first_object_solves_it_even_with_a_stranger():
    assert success_rate("follow-first-seen") > 0.97
    late = P._replace(stranger_prob=1.0, n_distractors=2)
    assert success_rate("follow-first-seen", late) > 0.97


def test_the_cue_is_as_reliable_as_its_parameter():
    for reliability in (0.8, 1.0):
        rate = success_rate("follow-cue", P._replace(cue_reliability=reliability))
        assert within(rate, reliability) if reliability < 1 else rate > 0.97
