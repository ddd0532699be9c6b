"""Hatchling-v1's interface: parameters, state and observation layout (no code).

The state keeps every slot of v0 (`params.py`) at the same index, so the renderer and the viewer
read a v1 state as they read a v0 one; v1's additions follow v0's STATE_DIM. Sources in brackets
are rows of shared/WORLDS.md (H1-H15) or of docs/hatchling-sources.md (S1-S8).

Added state (besides a per-step cache of what the lights and the island look like from where
the hatchling is): SHORE_K (curvature of the shoreline, 1/m: y_surf(x) = SHORE_K * x**2 / 2), CLOUD
(cover 0..1), the offshore silhouette ISLAND_X, ISLAND_Y, ISLAND_W (half-width), ISLAND_H (height;
0: none), glitter of the moon on the sea GLITTER_S / GLITTER_L, and per light its height
LIGHT_H (m) and sky glow GLOW (MAX_LIGHTS each).

The variants of issue 13 are other values of `HatchlingV1Params`: lights_max / unlit_share /
amber_share (Lit, Dark), moon_up / cloud_clear (Dark), island_prob (Island), no_sea (a Desert:
dunes all round, no surf). A Mirror world needs no flag: nothing in v1 knows absolute bearings.
"""

from typing import NamedTuple

import numpy as np
from instinct_envs.hatchling.params import (  # noqa: F401  (re-exported: one vocabulary for both)
    ACT_DIM,
    BERM_Y,
    COS_H,
    DUNE_H,
    DUNE_Y,
    ENERGY,
    EXHAUSTED,
    GAIN_L,
    GAIN_S,
    HEADING,
    KEY,
    L_REF,
    LIGHT_COS,
    LIGHTS,
    LOST,
    MAX_LIGHTS,
    MOON_ALT,
    MOON_AZ,
    MOON_L,
    MOON_PHASE,
    MOON_S,
    MOON_X,
    MOON_Y,
    N_LIGHTS,
    N_SECTORS,
    NEST_X,
    NEST_Y,
    OUTCOME,
    OUTCOMES,
    PREDATED,
    REACHED_SEA,
    RUNNING,
    SECTORS,
    SIL_L,
    SIL_S,
    SIN_H,
    SKY,
    SKY_L,
    SKY_S,
    SLOPE_GX,
    SLOPE_GY,
    SLOPE_TAN,
    SUCCESS,
    TIME_LIMIT,
    TRUNCATIONS,
    VEG,
    VEG_DX,
    VEG_N,
    T,
    X,
    Y,
)
from instinct_envs.hatchling.params import STATE_DIM as _V0_STATE_DIM

SHORE_K, CLOUD, ISLAND_X, ISLAND_Y, ISLAND_W, ISLAND_H = range(_V0_STATE_DIM, _V0_STATE_DIM + 6)
GLITTER_S, GLITTER_L = _V0_STATE_DIM + 6, _V0_STATE_DIM + 7
LIGHT_H = _V0_STATE_DIM + 8  # MAX_LIGHTS heights (m)
GLOW = LIGHT_H + MAX_LIGHTS  # MAX_LIGHTS sky-glow amplitudes (relative to the light's intensity)
# A per-step cache `observe` fills before its sector loop (no allocation): per light its unit
# direction (ux, uy), image scale 1 / (d**2 + 1), elevation and glow amplitude; then the island's
# unit direction, angular half-width and elevation.
LIGHT_SEEN = GLOW + MAX_LIGHTS  # MAX_LIGHTS x 5
ISLAND_SEEN = LIGHT_SEEN + 5 * MAX_LIGHTS  # 4
STATE_DIM = ISLAND_SEEN + 4

# Observations: luminance per channel x band (low: the horizon strip, high: the sky above it) x
# eye x sector, then slope and energy. No horizon-elevation input: a silhouette shows only as a
# darker low band, which a light, the moon or a low cloud can brighten or fake (H3-H5, H9).
_EYES, _PARTS = ("left", "right"), ("front", "side", "rear")
_CHANNELS, _BANDS = ("short", "long"), ("low", "high")
OBS_NAMES = tuple(
    f"{ch} {band} {eye} {part}"
    for ch in _CHANNELS
    for band in _BANDS
    for eye in _EYES
    for part in _PARTS
) + ("slope forward", "slope left", "energy")
OBS_DIM = len(OBS_NAMES)
N_BRIGHT = 24
OBS_GROUPS = {
    "brightness short (UV-blue)": tuple(range(0, 12)),
    "brightness long (yellow-red)": tuple(range(12, 24)),
    "slope": (24, 25),
    "energy": (26,),
}
EYE_BRIGHTNESS = {
    eye: tuple(i for i, n in enumerate(OBS_NAMES[:N_BRIGHT]) if f" {eye} " in n) for eye in _EYES
}
SHORT_LOW = {eye: tuple(range(0 + 3 * e, 3 + 3 * e)) for e, eye in enumerate(_EYES)}
DARK, BRIGHT = -4.0, 4.0
OBS_LOW = np.array([DARK] * N_BRIGHT + [-2.0, -2.0, 0.0], np.float32)
OBS_HIGH = np.array([BRIGHT] * N_BRIGHT + [2.0, 2.0, 1.0], np.float32)


class HatchlingV1Params(NamedTuple):
    """World constants of v1; units m, s, rad unless named _deg. Sources in brackets."""

    dt: float = 2.0  # s per step: hatchlings crawl in bouts [S3]; max_turn * dt <= 1.3 rad
    max_steps: int = 300  # 10 minutes: a good crawl takes a few (S2); lost ones crawl for hours
    max_speed: float = 0.1  # m/s at action[1] = 1: loggerhead hatchlings on sand [S1, S2]
    max_turn: float = 0.6  # rad/s at |action[0]| = 1
    half_width: float = 30.0
    dune_margin: float = 1.0
    dune_depth: float = 3.0
    # Energy: a hatchling can crawl 500 m over up to 7 hours and still swim [S3]; at 0.1 m/s
    # full speed that is ~5000 s of crawling: the 600 s episode never exhausts a hatchling.
    energy_rest: float = 2.0e-5
    energy_move: float = 1.8e-4
    hazard_base: float = 2.0e-4  # predation /s on open sand [H14]
    hazard_dune: float = 4.0  # [H14]
    hazard_dune_scale: float = 3.0
    hazard_light: float = 1.0e-3  # extra /s near a light [H14, H15]
    light_scale: float = 10.0
    dune_mean: float = 25.3  # [H13]
    dune_sd: float = 9.4  # [H13]
    dune_min: float = 8.0
    dune_max: float = 50.0
    dune_height_min: float = 0.5  # low foredunes leave the landward horizon nearly flat [S4]
    dune_height_max: float = 4.5
    veg_height: float = 1.5  # [H3, H5]
    nest_min: float = 0.35
    nest_max: float = 0.95
    nest_spread: float = 8.0
    shore_k_max: float = 0.012  # 1/m: bays and capes of radius >= 80 m [S5]
    sky_log10_min: float = -2.5  # [H12]
    sky_log10_max: float = 0.5
    short_base: float = 0.6
    contrast_log10_min: float = 0.05  # seaward/landward ratio in the horizon strip [H7, H8]
    contrast_log10_max: float = 0.5
    long_contrast_min: float = -0.2  # [H7]
    long_contrast_max: float = 0.5
    high_sky: float = 0.7  # the sky above the strip, relative to the strip's landward luminance
    high_contrast: float = 0.25  # share of the seaward excess that reaches the upper band
    cloud_clear: float = 0.4  # share of clear nights; else cover is uniform up to cloud_max [S6]
    cloud_min: float = 0.0  # cover on cloudy nights is uniform in [cloud_min, cloud_max]
    cloud_max: float = 1.0
    cloud_contrast: float = 0.8  # full cover removes this share of the seaward excess [S6]
    cloud_glow: float = 3.0  # full cover multiplies the lights' sky glow by 1 + this [S6]
    silhouette_albedo: float = 0.1  # [H3]
    moon_up: float = 0.6  # [H12]
    moon_gain: float = 5.0  # [H12]
    moon_alt_max_deg: float = 70.0
    moon_alt_scale_deg: float = 30.0  # [H9, H12]
    moon_soft_deg: float = 10.0
    glitter_gain: float = 1.5  # the moon's path on the sea, in the horizon strip [H12]
    island_prob: float = 0.25  # beaches with an offshore island or headland silhouette [H4, S5]
    island_dist_min: float = 30.0
    island_dist_max: float = 250.0
    island_height_min: float = 5.0  # m
    island_height_max: float = 40.0
    island_width_min: float = 20.0  # m, half-width
    island_width_max: float = 150.0
    lights_max: int = 4  # 0..lights_max inland lights per lit beach [H15, S4]
    unlit_share: float = 0.3  # beaches with no light at all [S4]
    amber_share: float = 0.4  # lit beaches' lights that are amber ("turtle-safe") [H7, S7]
    light_log10_min: float = 1.0  # intensity (luminance x m^2 / L_REF units), log-uniform
    light_log10_max: float = 4.5
    light_height_min: float = 2.0  # m above the dune toe: porch lights to street lamps
    light_height_max: float = 10.0
    light_dist_min: float = 5.0  # m beyond the dune crest
    light_dist_max: float = 100.0
    light_spread: float = 40.0  # |x| of lights below this
    glow_share: float = 0.05  # a light's sky glow relative to its direct image [S4, S6]
    glow_scale: float = 30.0  # m over which the glow falls off
    slope_min: float = 0.02  # [H6]
    slope_max: float = 0.10
    slope_tilt: float = 0.6
    berm_min: float = 0.3
    berm_max: float = 0.7
    backshore_slope: float = 0.1
    roughness: float = 0.04
    roughness_cell: float = 2.0
    slope_scale: float = 0.1
    window_deg: float = 30.0  # [H9]
    band_split_deg: float = 10.0  # the horizon strip is the window's lowest band [H4, H9]
    sector_first_deg: float = 25.0
    sector_step_deg: float = 50.0  # [H10]
    noise_brightness: float = 0.02  # [H11]
    noise_slope: float = 0.3  # [H6]
    no_sea: bool = False  # no surf at all: a Desert world, every episode ends unsuccessful
    mirror: bool = False  # every beach reflected left-right (x -> -x): the Mirror world


DEFAULT_PARAMS = HatchlingV1Params()
