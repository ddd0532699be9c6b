"""The fused twin of Gymnasium's CartPole-v1 (the id is Gymnasium's; it is not registered again)."""

from instinct_envs.cartpole import core as _core
from instinct_envs.world import world_from_core

WORLDS = (
    world_from_core(
        _core,
        id="CartPole-v1",
        entry_point=None,
        max_episode_steps=500,
        reward_threshold=475.0,
        start_states="instinct_envs.cartpole.core:start_states",
        preset=dict(
            strategy="ga",
            encoding="seeds",
            hidden=[16],
            population=128,
            sigma=0.1,
            episodes=4,
            generations=40,
        ),  # measured: docs/twins.md
        description="Gymnasium's cart-pole, balanced by pushing the cart left or right",
    ),
)
