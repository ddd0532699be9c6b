"""The worlds instinct evolves in, each a Numba core plus a gymnasium.Env face.

Importing this package registers every world with gymnasium (Gymnasium 1.x has no plugin entry
points). `FUSED_CORES` maps a world id to its core module, whose pure `reset`/`observe`/`step`
the fused rollout kernel inlines. This package never imports `instinct`.
"""

import gymnasium

from envs.hatchling import dynamics as _hatchling

FUSED_CORES = {"instinct/Hatchling-v0": _hatchling}

if "instinct/Hatchling-v0" not in gymnasium.registry:
    gymnasium.register(
        id="instinct/Hatchling-v0",
        entry_point="envs.hatchling.env:HatchlingEnv",
        max_episode_steps=None,
    )
