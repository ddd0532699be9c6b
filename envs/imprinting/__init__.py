"""The Imprinting world: a duckling that must follow the first moving thing it saw (shared/
WORLDS.md I1-I5).

`dynamics` is the Numba core (pure reset/observe/step on one agent's arrays), `env` the gymnasium
face over the same functions, `render` the drawing, `baselines` the hand-written policies.
"""

import dataclasses as _dc

from instinct_envs.imprinting import dynamics as _dyn
from instinct_envs.world import world_from_core

_BASE = (
    world_from_core(
        _dyn,
        id="instinct/Imprinting-v0",
        entry_point="instinct_envs.imprinting.env:ImprintingEnv",
        render="instinct_envs.imprinting.render",
        pose_slots=(0, 1, 2),
        hud={"agent": "duckling", "agents": "ducklings", "goal": "its mother", "clutch": "brood"},
        baselines="instinct_envs.imprinting.baselines:policies",
        # Measured: held-out success 92.5% (seed 0), about 240 s of CPU on 2 threads.
        preset={
            "net": "gru",
            "hidden": (16,),
            "encoding": "seeds",
            "strategy": "ga",
            "population": 256,
            "episodes": 16,
            "generations": 800,
        },  # fmt: skip
        description="a duckling that must follow the first moving object it saw among strangers",
    ),
)


def _with_cue(world, reliability: float):
    """The same world with the predisposition cue on the imprinted object with probability
    `reliability` (the Baldwin experiment's axis, `instinct baldwin`)."""
    return _dc.replace(
        world,
        id=f"instinct/Imprinting-Cue{round(reliability * 100):02d}-v0",
        params=world.params._replace(cue_reliability=reliability),
        kwargs={"cue_reliability": reliability},
        description=f"{world.description} (cue reliability {reliability})",
    )


WORLDS = (*_BASE, *(_with_cue(_BASE[0], r) for r in (0.2, 0.9)))
