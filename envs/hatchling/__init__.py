"""The Hatchling world: a sea-turtle hatchling finding the sea at night (shared/WORLDS.md H1-H15).

`dynamics` is v0's Numba core (pure reset/observe/step on one agent's arrays), `env` the
gymnasium face over the same functions, `render` the drawing shared by `render()` and the viewer.
`dynamics_v1` / `params_v1` / `env_v1` are Hatchling-v1 (issue 9), drawn by the same renderer;
`baselines` declares both versions' baseline batteries.
"""

from instinct_envs.hatchling import dynamics as _dyn
from instinct_envs.hatchling import dynamics_v1 as _dyn1
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
        baselines="instinct_envs.hatchling.baselines:battery_v0",
        description="a sea-turtle hatchling crawling from its nest to the surf at night",
    ),
    World(
        id="instinct/Hatchling-v1",
        core=_dyn1,
        params=_dyn1.DEFAULT_PARAMS,
        state_dim=_dyn1.STATE_DIM,
        obs_dim=_dyn1.OBS_DIM,
        act_dim=_dyn1.ACT_DIM,
        entry_point="instinct_envs.hatchling.env_v1:HatchlingV1Env",
        obs_names=_dyn1.OBS_NAMES,
        sense_groups=dict(_dyn1.OBS_GROUPS),
        outcomes=_dyn1.OUTCOMES,
        success=_dyn1.SUCCESS,
        render="instinct_envs.hatchling.render",
        pose_slots=(_dyn1.X, _dyn1.Y, _dyn1.HEADING),
        hud={"agent": "hatchling", "agents": "hatchlings", "goal": "the sea", "clutch": "clutch"},
        baselines="instinct_envs.hatchling.baselines:battery_v1",
        description="a hatchling on beaches as they are: lights, cloud, islands, curved shores",
    ),
)
