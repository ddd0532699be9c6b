"""instinct's side of the world contract (`instinct_envs.world.World`): look a world up by id,
resolve its "module:function" names, and build its episodes' start states.

Everything that runs a world's core (the fused evaluator, the viewer's clutch, the exits) goes
through here, so a world's start-state hook is honoured everywhere.
"""

from __future__ import annotations

import importlib

import numpy as np

from instinct.errors import InstinctError


def world_for(env_id: str):
    """The `World` record of one of instinct's fused worlds, or None for any other env."""
    import instinct_envs

    return instinct_envs.WORLDS.get(env_id)


def resolve(entry: str):
    """The object a "module:name" string names."""
    module, _, name = entry.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as e:
        raise InstinctError(f"cannot load {entry!r}: {e}") from None


def start_states(world, keys, world_params=None) -> np.ndarray:
    """f64[E, state_dim]: the start state of each episode key u32[E], from the world's
    `start_states` hook where it has one, else from its core's reset."""
    keys = np.ascontiguousarray(keys, np.uint32)
    if world.start_states is not None:
        states = np.ascontiguousarray(resolve(world.start_states)(keys), np.float64)
        if states.shape != (keys.shape[0], world.state_dim):
            raise InstinctError(
                f"{world.id}: start_states gave shape {states.shape}, "
                f"expected {(keys.shape[0], world.state_dim)}"
            )
        return states
    from instinct.kernels.rollout import reset_all

    params = world.params if world_params is None else world_params
    states = np.zeros((keys.shape[0], world.state_dim), np.float64)
    reset_all(world.core.reset, params, states, keys)
    return states
