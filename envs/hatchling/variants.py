"""Hatchling-v1's variants (issue 13): other samplings of the same world's parameters.

Each variant is a dict of `HatchlingV1Params` overrides over v1's core (`dynamics_v1`), registered
as its own id with those overrides as its gymnasium kwargs and its `World.params`, so
`gymnasium.make`, the fused evaluator and the viewer all run the very same beaches. Nothing here
simulates. Sources in brackets are rows of shared/WORLDS.md (H1-H15) or of
docs/hatchling-sources.md (S1-S8).

- `Hatchling-Lit-v1`: every beach lit by 1-4 inland lights behind the dunes, white or amber
  (H7, H15, S4, S7); `intensity=` fixes every light's intensity, `colour=` makes them all
  "white" or all "amber" (default: v1's mix, 40 % amber), for dose-response sweeps.
- `Hatchling-Dark-v1`: new moon under full overcast and no lights: no moon glow or glitter, the
  seaward excess mostly flattened by cloud (S6), a dim sky (H12): what is left is the dark
  landward silhouette and the slope (H3-H6).
- `Hatchling-Mirror-v1`: every beach reflected left-right, which is the sea "on the other side"
  up to a rotation the hatchling cannot sense (all its senses are egocentric): each cue swaps
  eyes. v1's beaches are mirror-symmetric as a distribution, so the expected score of any
  policy is unchanged; what changes is each beach, a control for handedness.
- `Hatchling-Island-v1`: every beach faces an offshore island or headland silhouette that raises
  part of the seaward horizon (H4, S5; Limpus & Kamrowski 2013).
- `Hatchling-Desert-v1`: no sea, dunes all round (WORLDS.md's "desert" variant; the essay's
  hatchling in the desert): no episode can succeed; what the instinct does instead (how far and
  where it crawls, the energy it spends) is the measure.
"""

from __future__ import annotations

import math

from instinct_envs.hatchling import dynamics_v1 as _dyn1
from instinct_envs.hatchling.env_v1 import HatchlingV1Env
from instinct_envs.world import world_from_core

COLOURS = {"white": 0.0, "amber": 1.0}  # amber_share: the share of lights that are amber

VARIANTS: dict[str, dict] = {
    "Lit": {"unlit_share": 0.0},
    "Dark": {
        "moon_up": 0.0,
        "cloud_clear": 0.0,
        "cloud_min": 0.8,
        "unlit_share": 1.0,
        "sky_log10_max": -1.0,
    },
    "Mirror": {"mirror": True},
    "Island": {"island_prob": 1.0},
    "Desert": {"no_sea": True},
}
DESCRIPTIONS = {
    "Lit": "every beach lit by inland lights behind the dunes, white and amber",
    "Dark": "a new-moon overcast night: only the silhouette and the slope remain",
    "Mirror": "every beach reflected left-right: each cue on the other side of the body",
    "Island": "every beach faces an offshore island or headland silhouette",
    "Desert": "no sea at all, dunes all round: success is impossible",
}


def variant_id(name: str) -> str:
    return f"instinct/Hatchling-{name}-v1"


def light_overrides(intensity: float | None = None, colour: str | None = None) -> dict:
    """Params overrides that fix every light's intensity (> 0) and/or colour (white, amber)."""
    out = {}
    if intensity is not None:
        intensity = float(intensity)
        if not intensity > 0.0 or not math.isfinite(intensity):
            raise ValueError(f"intensity must be a positive number, got {intensity!r}")
        out["light_log10_min"] = out["light_log10_max"] = math.log10(intensity)
    if colour is not None:
        if colour not in COLOURS:
            raise ValueError(f"colour must be one of {', '.join(COLOURS)}, got {colour!r}")
        out["amber_share"] = COLOURS[colour]
    return out


def variant_params(name: str, intensity=None, colour=None, **overrides):
    """The `HatchlingV1Params` of variant `name` (a key of VARIANTS, or "v1" for v1 itself), with
    its lights fixed by `intensity` / `colour` and any further field overridden."""
    if name != "v1" and name not in VARIANTS:
        raise ValueError(f"unknown Hatchling variant {name!r} (known: {', '.join(VARIANTS)})")
    base = {} if name == "v1" else VARIANTS[name]
    return _dyn1.DEFAULT_PARAMS._replace(
        **{**base, **light_overrides(intensity, colour), **overrides}
    )


class HatchlingVariantEnv(HatchlingV1Env):
    """Hatchling-v1 on one variant's beaches: v1's face with `intensity=` and `colour=` besides
    v1's own overrides (any field of `HatchlingV1Params`); see this module and `HatchlingV1Env`."""

    def __init__(self, render_mode=None, params=None, intensity=None, colour=None, **overrides):
        super().__init__(render_mode, params, **{**light_overrides(intensity, colour), **overrides})


def _world(name: str):
    return world_from_core(
        _dyn1,
        id=variant_id(name),
        entry_point="instinct_envs.hatchling.variants:HatchlingVariantEnv",
        kwargs=dict(VARIANTS[name]),
        params=variant_params(name),
        render="instinct_envs.hatchling.render",
        pose_slots=(_dyn1.X, _dyn1.Y, _dyn1.HEADING),
        hud={"agent": "hatchling", "agents": "hatchlings", "goal": "the sea", "clutch": "clutch"},
        baselines="instinct_envs.hatchling.baselines:battery_v1",
        description=f"Hatchling-v1 variant: {DESCRIPTIONS[name]}",
    )


WORLDS = tuple(_world(name) for name in VARIANTS)
