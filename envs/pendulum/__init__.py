"""The fused twin of Gymnasium's Pendulum-v1 (the id is Gymnasium's; it is not registered again)."""

from instinct_envs.pendulum import core as _core
from instinct_envs.world import world_from_core

WORLDS = (
    world_from_core(
        _core,
        id="Pendulum-v1",
        entry_point=None,
        max_episode_steps=200,
        start_states="instinct_envs.pendulum.core:start_states",
        preset=dict(
            strategy="cma",
            encoding="direct",
            hidden=[8],
            population=64,
            sigma=0.5,
            episodes=8,
            generations=150,
            stop_fitness=-150.0,
        ),  # measured: docs/twins.md
        description="Gymnasium's pendulum: swing it up and hold it upright with a weak motor",
    ),
)
