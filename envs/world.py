"""What a world is: the one contract every folder under `envs/` fulfils.

A world folder `envs/<name>/` exports `WORLDS`, a tuple of `World` records (one per registered id:
versions and variants of one world are several records over the same core with other params).
`envs/__init__.py` discovers the folders, registers each id that is not already Gymnasium's with
its string entry points, and indexes the records by id. Everything outside `envs/` (the fused
evaluator, the viewer, the lottery's sense report, the CLI) reads only these fields: no world's
words or outcome codes appear anywhere else.

The core module holds pure `@njit` functions on ONE agent's arrays:
  reset(state f64[STATE_DIM], key u32, params)          episode `key` -> start state
  observe(state, params, obs f32[OBS_DIM])              fill the observation
  step(state, action f32[ACT_DIM], params) -> (reward f64, outcome i64)   0 = still running
and the gym face, the fused kernel and any vector env call those very functions. A world whose
start states are defined outside its core (a twin of a Gymnasium env, whose `reset(seed=k)` draws
them with numpy) names a Python function in `start_states` instead: keys u32[E] -> f64[E,
STATE_DIM], episode e's start state; the fused kernel then copies those rows and never calls reset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class World:
    """One registered world id and everything instinct needs to run, score and draw it."""

    id: str  # gymnasium id, e.g. "instinct/Hatchling-v0"; a twin uses Gymnasium's own id
    core: ModuleType  # module with @njit reset / observe / step
    params: Any  # the world's default params (a NamedTuple Numba passes as a struct)
    state_dim: int
    obs_dim: int
    act_dim: int
    # Gymnasium registration: "module:Class" of the single env (None: the id is Gymnasium's own,
    # this world is its fused twin and is not registered again) and of the native vector env
    # (None: `vector.py`'s CoreVectorEnv over the core, filled in at registration).
    entry_point: str | None = None
    vector_entry_point: Any = None  # "module:Class" or a callable
    max_episode_steps: int | None = None  # the TimeLimit gymnasium.make adds (None: the core's own)
    reward_threshold: float | None = None
    kwargs: dict = field(default_factory=dict)  # passed to the env class by gymnasium.make
    # What the numbers mean.
    obs_names: tuple[str, ...] = ()
    sense_groups: dict[str, tuple[int, ...]] = field(default_factory=dict)
    outcomes: tuple[str, ...] = ("running", "ended")  # outcome code -> word; 0 is "running"
    success: int | None = None  # the outcome code that counts as success; None: no such notion
    # Outcome codes the gym face reports as `truncated` (a time limit); any other non-zero code
    # is `terminated`. The native vector env (`vector.py`) splits the core's codes the same way.
    truncations: tuple[int, ...] = ()
    # Drawing and words: `render` names a module with poses(states) -> (x, y, heading) and the
    # draw_* functions the viewer calls; `hud` holds the viewer's words ("agent": "hatchling").
    render: str | None = None
    pose_slots: tuple[int, int, int] | None = None  # state indices of x, y, heading
    hud: dict[str, str] = field(default_factory=dict)
    # "module:function" from episode keys u32[E] to start states f64[E, state_dim] (None: the
    # core's reset gives them). For a twin that must match Gymnasium's reset(seed=k) exactly.
    start_states: str | None = None
    # "module:function" returning the world's baseline policies (see instinct's baselines).
    baselines: str | None = None
    # Evolve settings that solve this world (strategy, encoding, hidden, population, sigma,
    # episodes, generations...), applied where the user gave no flag and printed at the start.
    preset: dict = field(default_factory=dict)
    description: str = ""

    def __post_init__(self):
        for name in ("state_dim", "obs_dim", "act_dim"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"world {self.id}: {name} must be positive")
        if self.obs_names and len(self.obs_names) != self.obs_dim:
            raise ValueError(
                f"world {self.id}: {len(self.obs_names)} obs_names for obs_dim {self.obs_dim}"
            )
        if any(not 0 < code < len(self.outcomes) for code in self.truncations):
            raise ValueError(f"world {self.id}: a truncation code is not an outcome")
        if self.success is not None and not 0 < self.success < len(self.outcomes):
            raise ValueError(f"world {self.id}: success code {self.success} is not an outcome")
        for group, idx in self.sense_groups.items():
            if any(not 0 <= i < self.obs_dim for i in idx):
                raise ValueError(f"world {self.id}: sense group {group!r} indexes past obs_dim")


def world_from_core(core: ModuleType, **fields) -> World:
    """A World whose numbers and names come from its core module's conventional constants
    (DEFAULT_PARAMS, STATE_DIM, OBS_DIM, ACT_DIM, OBS_NAMES, OBS_GROUPS, OUTCOMES, SUCCESS,
    TRUNCATIONS);
    `fields` gives the rest (id, entry_point, render...) and may override any of them."""
    from_core = {
        "params": core.DEFAULT_PARAMS,
        "state_dim": core.STATE_DIM,
        "obs_dim": core.OBS_DIM,
        "act_dim": core.ACT_DIM,
        "obs_names": getattr(core, "OBS_NAMES", ()),
        "sense_groups": dict(getattr(core, "OBS_GROUPS", {})),
        "outcomes": getattr(core, "OUTCOMES", ("running", "ended")),
        "success": getattr(core, "SUCCESS", None),
        "truncations": tuple(getattr(core, "TRUNCATIONS", ())),
    }
    return World(core=core, **{**from_core, **fields})
