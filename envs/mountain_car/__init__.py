"""Fused twins of Gymnasium's MountainCar-v0 (`discrete`) and MountainCarContinuous-v0
(`continuous`); the ids are Gymnasium's and are not registered again."""

from instinct_envs.mountain_car import continuous as _cont
from instinct_envs.mountain_car import discrete as _disc
from instinct_envs.world import world_from_core

WORLDS = (
    world_from_core(
        _disc,
        id="MountainCar-v0",
        entry_point=None,
        max_episode_steps=200,
        reward_threshold=-110.0,
        start_states="instinct_envs.mountain_car.discrete:start_states",
        preset=dict(
            strategy="ga",
            encoding="seeds",
            hidden=[8],
            population=512,
            sigma=0.05,
            episodes=8,
            generations=120,
        ),  # measured: docs/twins.md
        description="Gymnasium's mountain car: rock an under-powered car up to the flag",
    ),
    world_from_core(
        _cont,
        id="MountainCarContinuous-v0",
        entry_point=None,
        max_episode_steps=999,
        reward_threshold=90.0,
        start_states="instinct_envs.mountain_car.continuous:start_states",
        preset=dict(
            strategy="cma",
            encoding="direct",
            hidden=[],
            population=32,
            sigma=3.0,
            episodes=4,
            generations=60,
        ),  # measured: docs/twins.md; a linear policy, so a velocity-driven pump is found
        description="Gymnasium's mountain car with a continuous throttle that costs energy",
    ),
)
