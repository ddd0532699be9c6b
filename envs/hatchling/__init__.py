"""The Hatchling world: a sea-turtle hatchling finding the sea at night (shared/WORLDS.md H1-H15).

`dynamics` is v0's Numba core (pure reset/observe/step on one agent's arrays), `env` the
gymnasium face over the same functions, `render` the drawing shared by `render()` and the viewer.
`dynamics_v1` / `params_v1` / `env_v1` are Hatchling-v1 (issue 9), drawn by the same renderer;
`baselines` declares both versions' baseline batteries; `variants` registers v1's variants
(Lit, Dark, Mirror, Island, Desert: other samplings of v1's params, issue 13).
"""

from instinct_envs.hatchling import dynamics as _dyn
from instinct_envs.hatchling import dynamics_v1 as _dyn1
from instinct_envs.hatchling import variants as _variants
from instinct_envs.world import world_from_core

WORLDS = (
    world_from_core(
        _dyn,
        id="instinct/Hatchling-v0",
        entry_point="instinct_envs.hatchling.env:HatchlingEnv",
        render="instinct_envs.hatchling.render",
        pose_slots=(_dyn.X, _dyn.Y, _dyn.HEADING),
        hud={"agent": "hatchling", "agents": "hatchlings", "goal": "the sea", "clutch": "clutch"},
        baselines="instinct_envs.hatchling.baselines:battery_v0",
        description="a sea-turtle hatchling crawling from its nest to the surf at night",
    ),
    world_from_core(
        _dyn1,
        id="instinct/Hatchling-v1",
        entry_point="instinct_envs.hatchling.env_v1:HatchlingV1Env",
        render="instinct_envs.hatchling.render",
        pose_slots=(_dyn1.X, _dyn1.Y, _dyn1.HEADING),
        hud={"agent": "hatchling", "agents": "hatchlings", "goal": "the sea", "clutch": "clutch"},
        baselines="instinct_envs.hatchling.baselines:battery_v1",
        description="a hatchling on beaches as they are: lights, cloud, islands, curved shores",
    ),
    *_variants.WORLDS,
)
