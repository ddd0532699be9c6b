"""Env ids read from files: data, never a module to import.

`gymnasium.make("pkg.mod:Name-v0")` imports `pkg.mod` first. A user may type such an id
(`--env pkg.mod:Name-v0`) to register an env of their own; a genome file or run folder from someone
else must not make instinct import anything, so an id read from a file has to name an env that is
already registered.
"""

from __future__ import annotations

from instinct.errors import InstinctError


def env_from_file(env_id: str, where: str) -> str:
    """`env_id` as read from `where`, if it names a registered env; else a one-line error."""
    import gymnasium as gym
    import instinct_envs  # noqa: F401  (registers instinct's worlds)

    if not env_id:
        raise InstinctError(f"{where} names no env; give --env ID")
    if ":" in env_id or env_id not in gym.registry:
        raise InstinctError(
            f"{where} names env {env_id[:80]!r}, which is not registered; instinct never imports "
            "a module a file names: give --env ID (or --env module:ID) to choose the env yourself"
        )
    return env_id
