"""The world contract, Gymnasium's check_env and fused-vs-Gymnasium parity, for EVERY registered
world (a new world folder is tested here without editing this file)."""

import warnings

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from instinct.evaluate import FusedEvaluator, GymEvaluator, architecture_for_env
from instinct.genome import make_encoding
from instinct.worlds import resolve, start_states

IDS = sorted(instinct_envs.WORLDS)


@pytest.mark.parametrize("world_id", IDS)
def test_the_world_record_fits_its_core_and_its_gym_face(world_id):
    world = instinct_envs.WORLDS[world_id]
    for name in ("reset", "observe", "step"):
        assert callable(getattr(world.core, name)), f"{world_id}: core has no {name}"
    assert world.outcomes[0] == "running" and len(set(world.outcomes)) == len(world.outcomes)
    if world.pose_slots is not None:
        assert all(0 <= i < world.state_dim for i in world.pose_slots)
    for entry in (world.render and f"{world.render}:__name__", world.baselines, world.start_states):
        if entry:
            resolve(entry)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env = gym.make(world_id)
    try:
        assert env.observation_space.shape == (world.obs_dim,)
        shape = env.action_space.shape
        assert shape in ((world.act_dim,), ()), f"{world_id}: action space {env.action_space}"
    finally:
        env.close()
    starts = start_states(world, np.array([0, 1, 2**32 - 1], np.uint32))
    assert starts.shape == (3, world.state_dim) and np.isfinite(starts).all()
    assert np.array_equal(starts, start_states(world, np.array([0, 1, 2**32 - 1], np.uint32)))


@pytest.mark.parametrize("world_id", IDS)
def test_check_env(world_id):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env = gym.make(world_id)
    try:
        check_env(env.unwrapped, skip_render_check=True)
    finally:
        env.close()


@pytest.mark.parametrize("world_id", IDS)
def test_the_fused_path_matches_the_gymnasium_path(world_id):
    arch = architecture_for_env(world_id, (6,), "tanh")
    enc = make_encoding("direct", arch)
    params = np.stack([enc.initial_vector(s) * 2 for s in range(3)])
    keys = np.array([0, 7, 123456], np.uint32)
    world = instinct_envs.WORLDS[world_id]
    steps = min(int(world.params.max_steps), 300)
    fused = FusedEvaluator(world, arch, max_steps=steps).evaluate(params, None, keys)
    gym_path = GymEvaluator(world_id, arch, max_steps=steps)
    try:
        plain = gym_path.evaluate(params, None, keys)
    finally:
        gym_path.close()
    assert np.array_equal(fused.lengths, plain.lengths)
    assert np.array_equal(fused.returns, plain.returns)
