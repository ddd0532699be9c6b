"""Making Gymnasium envs by id, with one-line errors, and the architecture an env needs."""

from __future__ import annotations

import warnings

from instinct.errors import InstinctError
from instinct.nn import DEFAULT_KIND, Architecture, architecture_for


def make_env(env_id: str, **kwargs):
    """gymnasium.make with a one-line error for an unknown or broken env id."""
    import gymnasium as gym
    import instinct_envs  # noqa: F401  (registers instinct's worlds)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return gym.make(env_id, **kwargs)
    except gym.error.Error as e:
        raise InstinctError(f"cannot make env {env_id!r}: {e} (see `instinct envs`)") from None
    except (ImportError, ModuleNotFoundError) as e:
        raise InstinctError(f"env {env_id!r} needs a package that is not installed: {e}") from None


def architecture_for_env(env_id: str, hidden, activation: str, kind: str = DEFAULT_KIND):
    """The network (of `kind`, default feed-forward) that maps env_id's observations to actions."""
    env = make_env(env_id)
    try:
        return architecture_for(env.observation_space, env.action_space, hidden, activation, kind)
    finally:
        env.close()


def env_spec(env_id: str):
    """Gymnasium's EnvSpec of env_id (reward_threshold, max_episode_steps), or None."""
    import gymnasium as gym
    import instinct_envs  # noqa: F401

    try:
        return gym.spec(env_id)
    except gym.error.Error:
        return None


__all__ = ["Architecture", "architecture_for_env", "env_spec", "make_env"]
