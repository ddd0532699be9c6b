"""The fused twin of Gymnasium's Acrobot-v1 (the id is Gymnasium's; it is not registered again)."""

from instinct_envs.acrobot import core as _core
from instinct_envs.world import world_from_core

WORLDS = (
    world_from_core(
        _core,
        id="Acrobot-v1",
        entry_point=None,
        max_episode_steps=500,
        reward_threshold=-100.0,
        start_states="instinct_envs.acrobot.core:start_states",
        preset=dict(
            strategy="ga",
            encoding="seeds",
            hidden=[16],
            population=128,
            sigma=0.1,
            episodes=4,
            generations=30,
        ),  # measured: docs/twins.md
        description="Gymnasium's acrobot: swing the tip of a two-link pendulum above the bar",
    ),
)
