"""Containment for a user's Gymnasium env: what it raises, and what it returns.

An exception in the env's constructor, `reset()` or `step()` becomes one line (`EnvFailure`) that
names the env and the call; the run keeps its last state and can be resumed once the env is
fixed. Observations of the wrong shape are refused the same way. A NaN or infinite observation
ends that episode as a failed evaluation (return NaN) rather than feeding NaN to the network, and
NaN or infinite rewards make the return non-finite, which every strategy ranks below all others.
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager

import numpy as np

from instinct.errors import InstinctError

DEFAULT_MAX_STEPS = 1000  # an env whose spec sets no step limit is cut here (--max-steps)


class EnvFailure(InstinctError):
    """The env itself failed (raised, or broke its own observation space)."""


@contextmanager
def calling(env_id: str, call: str):
    """`with calling(env_id, "step"):` turn whatever the env raises into one line."""
    try:
        yield
    except (InstinctError, MemoryError):
        raise
    except Exception as e:  # noqa: BLE001  a user's env may raise anything
        raise failure(env_id, call, e) from None


def failure(env_id: str, call: str, error: Exception) -> EnvFailure:
    text = " ".join(str(error).split())[:300]  # one line, whatever the env's message
    return EnvFailure(f"env {env_id} failed in {call}(): {type(error).__name__}: {text}")


def observations(env_id: str, obs, num_envs: int, obs_dim: int, call: str):
    """(f32[n, obs_dim] with non-finite rows zeroed, bool[n] rows that were not finite)."""
    try:
        arr = np.asarray(obs, np.float32)
    except (TypeError, ValueError) as e:
        raise EnvFailure(f"env {env_id} returned observations from {call}() that are not numbers: "
                         f"{e}") from None  # fmt: skip
    if arr.size != num_envs * obs_dim:
        raise EnvFailure(
            f"env {env_id} returned observations of shape {arr.shape} from {call}(); its "
            f"observation space says ({obs_dim},) per env ({num_envs} envs)"
        )
    arr = np.ascontiguousarray(arr.reshape(num_envs, obs_dim))
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        arr = arr.copy()  # never write into the env's own buffer
        arr[bad] = 0.0
    return arr, bad


def spec(env_id: str):
    """gymnasium.spec, also for Gymnasium's `module:EnvName-vN` form (the module is imported:
    the user typed it); None for an id Gymnasium cannot describe."""
    import gymnasium as gym

    module, _, name = env_id.rpartition(":")
    if module:
        with calling(env_id, "import"):
            importlib.import_module(module)
    try:
        return gym.spec(name)
    except gym.error.Error:
        return None


def step_limit(evaluator, env_id: str) -> int:
    """The step limit this evaluator cuts env_id's episodes at: its own (--max-steps, or a
    world's), else the env's registered one, else DEFAULT_MAX_STEPS."""
    limit = getattr(evaluator, "max_steps", None)
    if limit:
        return int(limit)
    found = getattr(spec(env_id), "max_episode_steps", None)
    return int(found or DEFAULT_MAX_STEPS)
