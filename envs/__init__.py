"""The worlds instinct evolves in, each a Numba core plus a gymnasium.Env face.

Installed as the package `instinct_envs` (the repository folder is `envs/`), so a user's own
`envs` package can never shadow it. Importing it discovers every world folder (a subpackage that
exports `WORLDS`, see `world.py`) and registers its ids with gymnasium: Gymnasium 1.x has no
plugin entry points. Each world of our own is registered with the native vector env of
`vector.py` as its `vector_entry_point`, so `gymnasium.make_vec(id, num_envs=N)` steps all N in one
Numba call. `WORLDS` maps an id to its `World`; `FUSED_CORES` maps it to the core module.
This package never imports `instinct`.
"""

import dataclasses
import importlib
import pkgutil

import gymnasium
from instinct_envs.numba_cache import cache_enabled
from instinct_envs.world import World

# Before any world defines a cache=True function: a read-only install gets a writable cache folder.
cache_enabled(__file__)

WORLDS: dict[str, World] = {}
_SEEN: set[str] = set()  # world folders already indexed


def discover() -> None:
    """Index and register the worlds of every folder on this package's path not indexed yet.
    Runs at import; a plugin or a test may append a folder to `__path__` and call it again."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.ispkg or info.name in _SEEN:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        _SEEN.add(info.name)
        for world in getattr(module, "WORLDS", ()):
            if world.id in WORLDS:
                raise RuntimeError(f"world id {world.id} is declared twice")
            if world.entry_point is not None and world.vector_entry_point is None:
                # Every world of our own gets the native vector env over its core (vector.py);
                # a twin (Gymnasium's own id) keeps Gymnasium's.
                from instinct_envs.vector import vector_entry

                world = dataclasses.replace(world, vector_entry_point=vector_entry(world.id))
            WORLDS[world.id] = world
            FUSED_CORES[world.id] = world.core
            if world.entry_point is not None and world.id not in gymnasium.registry:
                gymnasium.register(
                    id=world.id,
                    entry_point=world.entry_point,
                    vector_entry_point=world.vector_entry_point,
                    max_episode_steps=world.max_episode_steps,
                    reward_threshold=world.reward_threshold,
                    kwargs=dict(world.kwargs),
                )


FUSED_CORES: dict = {}  # id -> core module (kept for callers written before WORLDS)
discover()
