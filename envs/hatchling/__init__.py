"""The Hatchling world: a sea-turtle hatchling finding the sea at night (shared/WORLDS.md H1-H15).

`dynamics` is the Numba core (pure reset/observe/step on one agent's arrays), `env` the
gymnasium face over the same functions, `render` the drawing shared by `render()` and the viewer.
"""

from instinct_envs.hatchling import dynamics as _dyn
from instinct_envs.world import World

WORLDS = (
    World(
        id="instinct/Hatchling-v0",
        core=_dyn,
        params=_dyn.DEFAULT_PARAMS,
        state_dim=_dyn.STATE_DIM,
        obs_dim=_dyn.OBS_DIM,
        act_dim=_dyn.ACT_DIM,
        entry_point="instinct_envs.hatchling.env:HatchlingEnv",
        obs_names=_dyn.OBS_NAMES,
        sense_groups=dict(_dyn.OBS_GROUPS),
        outcomes=_dyn.OUTCOMES,
        success=_dyn.SUCCESS,
        render="instinct_envs.hatchling.render",
        pose_slots=(_dyn.X, _dyn.Y, _dyn.HEADING),
        hud={"agent": "hatchling", "agents": "hatchlings", "goal": "the sea", "clutch": "clutch"},
        description="a sea-turtle hatchling crawling from its nest to the surf at night",
    ),
)
