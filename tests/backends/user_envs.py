"""A user's own env, found by `--env tests.backends.user_envs:BackendsPole-v0` (Gymnasium's
module:id form), in the driver and in every worker."""

import gymnasium as gym

if "BackendsPole-v0" not in gym.registry:
    gym.register(
        "BackendsPole-v0",
        entry_point="gymnasium.envs.classic_control.cartpole:CartPoleEnv",
        max_episode_steps=100,
    )
