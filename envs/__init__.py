"""The worlds instinct evolves in, each a Numba core plus a gymnasium.Env face.

Installed as the package `instinct_envs` (the repository folder is `envs/`), so a user's own
`envs` package can never shadow it. Importing it discovers every world folder (a subpackage that
exports `WORLDS`, see `world.py`) and registers its ids with gymnasium: Gymnasium 1.x has no
plugin entry points. `WORLDS` maps an id to its `World`; `FUSED_CORES` maps it to the core module.
This package never imports `instinct`.
"""

import importlib
import pkgutil

import gymnasium
from instinct_envs.numba_cache import cache_enabled
from instinct_envs.world import World

# Before any world defines a cache=True function: a read-only install gets a writable cache folder.
cache_enabled(__file__)

WORLDS: dict[str, World] = {}


def _discover() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for world in getattr(module, "WORLDS", ()):
            if world.id in WORLDS:
                raise RuntimeError(f"world id {world.id} is declared twice")
            WORLDS[world.id] = world
            if world.entry_point is not None and world.id not in gymnasium.registry:
                gymnasium.register(
                    id=world.id,
                    entry_point=world.entry_point,
                    vector_entry_point=world.vector_entry_point,
                    max_episode_steps=world.max_episode_steps,
                    reward_threshold=world.reward_threshold,
                    kwargs=dict(world.kwargs),
                )


_discover()
FUSED_CORES = {world_id: world.core for world_id, world in WORLDS.items()}
