"""Observations that are not flat Box spaces (Dict, Tuple, Discrete, MultiDiscrete, MultiBinary, a
Box of any shape): Gymnasium's own `FlattenObservation` turns them into one flat vector (Discrete
one-hot, Dict and Tuple concatenated), so a network can take them. Applied automatically where it
applies; an image too large for an input layer, or a space Gymnasium cannot flatten, is a user
error that names the wrappers to use."""

from __future__ import annotations

from instinct.errors import InstinctError

MAX_INPUTS = 4096  # beyond this a flattened observation is an image, not a sense to wire up
WRAPPER = "gymnasium.wrappers.FlattenObservation"


def is_flat_box(space) -> bool:
    import gymnasium as gym

    return isinstance(space, gym.spaces.Box) and len(space.shape) == 1


def flat_size(space) -> int:
    """How many inputs `space` is once flattened; raises a one-line user error when it cannot be
    (or should not be) flattened."""
    import gymnasium as gym

    if is_flat_box(space):
        return int(space.shape[0])
    try:
        size = int(gym.spaces.flatdim(space))
    except (NotImplementedError, ValueError, TypeError):
        raise InstinctError(
            f"observation space {space} has no flat form ({WRAPPER} cannot flatten it); wrap the "
            "env in an observation wrapper that gives a flat Box and register it under its own id"
        ) from None
    if size > MAX_INPUTS:
        raise InstinctError(
            f"observation space {space} flattens to {size} inputs (an image?): too many for a "
            "network's input layer; shrink it first (gymnasium.wrappers.ResizeObservation, "
            f"GrayscaleObservation, then {WRAPPER}) in an env registered under its own id"
        )
    return size


def flatten_env(env):
    """`env` wrapped in FlattenObservation when its observations are not already a flat Box."""
    if is_flat_box(env.observation_space):
        return env
    from gymnasium.wrappers import FlattenObservation

    flat_size(env.observation_space)  # the same one-line error as the architecture gives
    return FlattenObservation(env)
