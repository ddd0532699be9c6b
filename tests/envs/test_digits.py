"""The Digits world: the gym contract, the fixed split never mixed, parity with the fused path."""

import warnings

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from instinct_envs.digits import baselines, data, render, score
from instinct_envs.digits import dynamics as dyn

from instinct.evaluate import FusedEvaluator, make_evaluator
from instinct.nn import Architecture
from instinct.rng import episode_keys, heldout_keys, validation_keys
from tests import naive

ENV_ID = "instinct/Digits-v0"
P = dyn.DEFAULT_PARAMS


def shown_images(keys, params=P):
    """Every image index the core shows for these keys, stepping through whole episodes."""
    state = np.zeros(dyn.STATE_DIM)
    action = np.zeros(dyn.ACT_DIM, np.float32)
    seen = []
    for key in keys:
        dyn.reset(state, int(key), params)
        code = dyn.RUNNING
        while code == dyn.RUNNING:
            seen.append(int(state[dyn.IMAGE]))
            _, code = dyn.step(state, action, params)
    return np.array(seen)


def test_registered_with_its_fused_core():
    assert ENV_ID in gym.registry
    assert instinct_envs.FUSED_CORES[ENV_ID] is dyn
    world = instinct_envs.WORLDS[ENV_ID]
    assert world.obs_dim == 64 and world.outcomes[world.success] == "right"
    assert sorted(i for g in dyn.OBS_GROUPS.values() for i in g) == list(range(dyn.OBS_DIM))


def test_check_env_passes_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_env(gym.make(ENV_ID).unwrapped, skip_render_check=False)


def test_images_are_scikit_learns_load_digits():
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images, labels = data.load()
    np.testing.assert_array_equal(images, (bunch.data / 16.0).astype(np.float32))
    np.testing.assert_array_equal(labels, bunch.target)


def test_split_is_the_fixed_rule_and_partitions_the_images():
    train, val, held = P.train, P.validation, P.heldout
    assert (train.size, val.size, held.size) == (1079, 359, 359)
    assert np.all(held % 5 == 4) and np.all(val % 5 == 3) and np.all(train % 5 < 3)
    union = np.concatenate([train, val, held])
    assert np.array_equal(np.sort(union), np.arange(1797))


@pytest.mark.parametrize(
    "keys, pool",
    [
        (episode_keys(0, 3, 500), "train"),
        (validation_keys(1, 500), "validation"),
        (heldout_keys(2, 500), "heldout"),
        (np.array([0, 2**31 - 1, 2**31, 3 * 2**30 - 1, 3 * 2**30, 2**32 - 1], np.uint64), None),
    ],
)
def test_a_key_only_ever_shows_images_of_its_own_split(keys, pool):
    params = dyn.make_params(images_per_episode=7)
    seen = shown_images(keys, params)
    split = data.split_of_index(1797)[seen]
    if pool is None:  # the edges of each key range
        expected = np.repeat([0, 0, 1, 1, 2, 2], 7)
    else:
        expected = data.SPLITS.index(pool)
    assert np.all(split == expected)


def test_split_keys_show_every_heldout_image_exactly_once():
    for per_episode in (1, 5):
        params = dyn.make_params(images_per_episode=per_episode)
        seen = shown_images(score.split_keys(params, "heldout"), params)
        assert np.unique(seen).size == seen.size == 359 // per_episode * per_episode
        assert set(seen) <= set(P.heldout.tolist())


def test_reward_and_outcome_of_an_episode():
    params = dyn.make_params(images_per_episode=3)
    state = np.zeros(dyn.STATE_DIM)
    dyn.reset(state, 11, params)
    rewards, codes = [], []
    for wrong in (False, True, False):
        label = int(state[dyn.LABEL])
        answer = (label + 1) % 10 if wrong else label
        r, c = dyn.step(state, np.array([answer], np.float32), params)
        rewards.append(r)
        codes.append(c)
        assert state[dyn.LAST_ANSWER] == answer
    assert rewards == [1.0, 0.0, 1.0] and codes == [dyn.RUNNING, dyn.RUNNING, dyn.WRONG]
    dyn.reset(state, 11, params)
    for _ in range(3):
        _, code = dyn.step(state, np.array([state[dyn.LABEL]], np.float32), params)
    assert code == dyn.RIGHT and state[dyn.NUM_RIGHT] == 3


def test_classes_keep_only_those_digits():
    params = dyn.make_params(classes=(0, 1, 2, 3, 4))
    seen = shown_images(heldout_keys(0, 300), params)
    assert set(P.labels[seen].tolist()) == {0, 1, 2, 3, 4}


def test_gym_face_seeded_reset_equals_the_fused_path():
    arch = Architecture(64, (16,), 10, activation="relu", output="argmax")
    rng = np.random.default_rng(5)
    params = (rng.normal(size=(2, arch.num_params)) * 0.5).astype(np.float32)
    keys = np.concatenate([episode_keys(0, 0, 15), heldout_keys(0, 15)])
    fused = make_evaluator(ENV_ID, arch).evaluate(params, None, keys)
    for p in range(2):
        for e, key in enumerate(keys):
            total, steps = naive.gym_rollout(ENV_ID, params[p], None, arch, key)
            assert (fused.returns[p, e], fused.lengths[p, e]) == (total, steps)
    assert isinstance(make_evaluator(ENV_ID, arch), FusedEvaluator)


def test_render_shows_the_answer():
    env = gym.make(ENV_ID, render_mode="rgb_array")
    _, info = env.reset(seed=4)
    first = env.render()
    env.step(info["label"])
    answered = env.render()
    assert first.shape == answered.shape and first.dtype == np.uint8
    assert (answered == render.RIGHT_COLOR).all(axis=2).any()
    assert not (first == render.RIGHT_COLOR).all(axis=2).any()
    confusion = np.eye(10, dtype=np.int64)
    wide = render.rgb_array(env.unwrapped.state, P, confusion=confusion)
    assert wide.shape[1] > answered.shape[1]


def test_wilson_interval():
    lo, hi = score.wilson(85, 100)
    assert lo == pytest.approx(0.7672, abs=1e-3) and hi == pytest.approx(0.9069, abs=1e-3)
    assert score.wilson(0, 10)[0] == 0.0 and score.wilson(10, 10)[1] == 1.0


def test_baselines_bracket_chance_and_learning():
    rows = {r["name"].split(" (")[0]: r for r in baselines.score_all(seed=0)}
    assert 0.05 < rows["chance"]["accuracy"] < 0.16
    assert rows["logistic regression by gradient"]["accuracy"] > 0.9
    assert rows["nearest class mean"]["accuracy"] > 0.85
    assert all(r["images"] == 359 for r in rows.values())


def test_preset_is_a_valid_evolve_config():
    from instinct.config import build_config

    preset = instinct_envs.WORLDS[ENV_ID].preset
    config = build_config(env=ENV_ID, **preset)
    assert config.strategy == "es" and config.hidden == (32,) and config.episodes >= 100
