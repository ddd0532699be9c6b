"""A complete toy world in one folder (the worked example of docs/extending.md): a point on a line
that must reach the goal at x = 1. Copied into a temporary folder by tests/envs/test_toy_world.py
and discovered there as `instinct_envs.toyline`; never imported from here."""

from instinct_envs.toyline import core
from instinct_envs.world import World

WORLDS = (
    World(
        id="instinct/ToyLine-v0",
        core=core,
        params=core.DEFAULT_PARAMS,
        state_dim=core.STATE_DIM,
        obs_dim=core.OBS_DIM,
        act_dim=core.ACT_DIM,
        entry_point="instinct_envs.toyline.env:ToyLineEnv",
        obs_names=("x", "time"),
        sense_groups={"position": (0,), "clock": (1,)},
        outcomes=("running", "reached goal", "time limit"),
        success=1,
        hud={"agent": "point", "agents": "points", "goal": "the goal"},
        description="a point on a line that must reach x = 1",
    ),
)
