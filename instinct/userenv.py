"""A user's own Gymnasium env, registered nowhere, handed to the Python API as `env=`.

`env_id_for(MyEnv)` registers the class (or any callable returning a `gymnasium.Env`) with
Gymnasium under `instinct-user/<Name>-v0` and returns that id, so everything downstream (the gym
evaluation path, the run folder, the genome's env id) sees an ordinary env id. The registration
lives in this process only: a run on such an env is resumed from Python (pass the same class),
not from the command line, and worker processes must register it again.
"""

from __future__ import annotations

import re
import warnings

from instinct.errors import InstinctError

NAMESPACE = "instinct-user"


def env_id_for(env, max_episode_steps: int | None = None) -> str:
    """The Gymnasium id for `env`: an id string as it is, a class or callable registered."""
    if isinstance(env, str):
        return env
    import gymnasium as gym

    if isinstance(env, gym.Env):
        raise InstinctError(
            "env= needs the env's class or a function that makes one (evolution runs many copies), "
            f"not an instance of {type(env).__name__}"
        )
    if not callable(env):
        raise InstinctError(f"env= must be an env id, a gymnasium.Env class or a callable, "
                            f"got {type(env).__name__}")  # fmt: skip
    name = re.sub(r"[^A-Za-z0-9_]", "", getattr(env, "__name__", "") or "") or "UserEnv"
    env_id = f"{NAMESPACE}/{name[0].upper()}{name[1:]}-v0"
    spec = gym.registry.get(env_id)
    if spec is None or spec.entry_point is not env or spec.max_episode_steps != max_episode_steps:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # re-registering a redefined class (a notebook)
            gym.register(id=env_id, entry_point=env, max_episode_steps=max_episode_steps)
    return env_id
