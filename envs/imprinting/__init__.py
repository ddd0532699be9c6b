"""The Imprinting world: a duckling that must follow the first moving thing it saw (shared/
WORLDS.md I1-I5).

`dynamics` is the Numba core (pure reset/observe/step on one agent's arrays), `env` the gymnasium
face over the same functions, `render` the drawing, `baselines` the hand-written policies.
"""

from instinct_envs.imprinting import dynamics as _dyn
from instinct_envs.world import World

WORLDS = (
    World(
        id="instinct/Imprinting-v0",
        core=_dyn,
        params=_dyn.DEFAULT_PARAMS,
        state_dim=_dyn.STATE_DIM,
        obs_dim=_dyn.OBS_DIM,
        act_dim=_dyn.ACT_DIM,
        entry_point="instinct_envs.imprinting.env:ImprintingEnv",
        obs_names=_dyn.OBS_NAMES,
        sense_groups=dict(_dyn.OBS_GROUPS),
        outcomes=_dyn.OUTCOMES,
        success=_dyn.SUCCESS,
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
