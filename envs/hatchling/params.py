"""The Hatchling world's interface: parameters, state layout, observation layout, outcome codes.

Everything a caller of the core (`dynamics.py`) needs to know, with no code: the fused kernel sizes
its arrays from STATE_DIM / OBS_DIM, the viewer reads positions from the named state indices, and
the world constants sit in one `HatchlingParams` tuple (a NamedTuple, which Numba passes as a
struct). Sources in brackets are rows of shared/WORLDS.md.

State (f64[STATE_DIM]): X, Y (m), HEADING (rad from +x, counter-clockwise; seaward is -pi/2),
COS_H, SIN_H (its unit vector), ENERGY (1 -> 0), T (steps taken), OUTCOME (code), KEY (episode
key); the beach: DUNE_Y (dune toe, m from the surf), DUNE_H (dune height), SLOPE_TAN / SLOPE_GX /
SLOPE_GY (foreshore gradient), BERM_Y, NEST_X, NEST_Y; the sky per channel (_S short, _L long):
SKY (luminance), SKY_ (landward base), GAIN_ (seaward excess / 2), SIL_ (silhouette), MOON_ (lobe
peak), and MOON_PHASE / MOON_AZ / MOON_ALT / MOON_X / MOON_Y; N_LIGHTS and LIGHT_COS (a light's
angular reach); blocks SECTORS (2 eyes x N_SECTORS x body-frame unit vector), LIGHTS (MAX_LIGHTS x
[x, y, I_short, I_long]) and VEG (vegetation height on the dune crest, periodic every
VEG_N * VEG_DX m).
"""

from typing import NamedTuple

import numpy as np

ACT_DIM = 2
MAX_LIGHTS = 4
N_SECTORS = 3  # per eye
RUNNING, REACHED_SEA, PREDATED, EXHAUSTED, LOST, TIME_LIMIT = 0, 1, 2, 3, 4, 5
OUTCOMES = ("running", "reached sea", "predated", "exhausted", "lost", "time limit")
SUCCESS = REACHED_SEA
TRUNCATIONS = (TIME_LIMIT,)  # the gym face's `truncated`; the other ends are `terminated`

# State layout: named slots, then blocks for the sector directions, the lights and the vegetation.
X, Y, HEADING, COS_H, SIN_H, ENERGY, T, OUTCOME, KEY = 0, 1, 2, 3, 4, 5, 6, 7, 8
DUNE_Y, DUNE_H, SLOPE_TAN, SLOPE_GX, SLOPE_GY, NEST_X, NEST_Y = 9, 10, 11, 12, 13, 14, 15
SKY, SKY_S, SKY_L, GAIN_S, GAIN_L, SIL_S, SIL_L = 16, 17, 18, 19, 20, 21, 22
MOON_PHASE, MOON_AZ, MOON_ALT, MOON_X, MOON_Y, MOON_S, MOON_L = 23, 24, 25, 26, 27, 28, 29
N_LIGHTS, BERM_Y, LIGHT_COS = 30, 31, 32
SECTORS = 33  # 2 eyes x N_SECTORS x (forward, left) body-frame unit vectors
LIGHTS = SECTORS + 4 * N_SECTORS  # MAX_LIGHTS x (x, y, I_short, I_long)
VEG = LIGHTS + 4 * MAX_LIGHTS  # VEG_N vegetation heights (m), periodic in x
VEG_N, VEG_DX = 64, 1.5
STATE_DIM = VEG + VEG_N

# Observations: brightness per channel x eye x sector, horizon per eye, slope, energy.
_EYES, _PARTS = ("left", "right"), ("front", "side", "rear")
OBS_NAMES = tuple(
    f"{ch} {eye} {part}" for ch in ("short", "long") for eye in _EYES for part in _PARTS
) + ("horizon left", "horizon right", "slope forward", "slope left", "energy")
OBS_DIM = len(OBS_NAMES)
OBS_GROUPS = {
    "brightness short (UV-blue)": tuple(range(0, 6)),
    "brightness long (yellow-red)": tuple(range(6, 12)),
    "horizon elevation": (12, 13),
    "slope": (14, 15),
    "energy": (16,),
}
EYE_BRIGHTNESS = {"left": (0, 1, 2, 6, 7, 8), "right": (3, 4, 5, 9, 10, 11)}
DARK, BRIGHT = -4.0, 4.0  # log10 luminance bounds, relative to L_REF
L_REF = 0.1
OBS_LOW = np.array([DARK] * 12 + [0.0, 0.0, -2.0, -2.0, 0.0], np.float32)
OBS_HIGH = np.array([BRIGHT] * 12 + [1.0, 1.0, 2.0, 2.0, 1.0], np.float32)


class HatchlingParams(NamedTuple):
    """World constants; units m, s, rad unless named _deg. Sources in brackets."""

    dt: float = 1.0
    max_steps: int = 400
    max_speed: float = 0.25  # m/s at action[1] = 1
    max_turn: float = 1.0  # rad/s at |action[0]| = 1; keep max_turn * dt <= 1.3 rad
    half_width: float = 30.0  # arena |x| limit: beyond it the hatchling is lost
    dune_margin: float = 1.0  # m past the dune toe that count as lost in the dunes
    dune_depth: float = 3.0  # m from the dune toe to its crest
    energy_rest: float = 0.0008  # energy/s spent even when still
    energy_move: float = 0.0025  # extra energy/s at full speed: ~300 s of crawling in all
    hazard_base: float = 3.0e-4  # predation /s on open sand [H14]
    hazard_dune: float = 4.0  # extra factor at the dune toe (crabs, foxes) [H14]
    hazard_dune_scale: float = 3.0  # m over which the dune hazard fades
    hazard_light: float = 3.0e-3  # extra /s at a light, fading over light_scale [H14, H15]
    light_scale: float = 10.0
    dune_mean: float = 25.3  # dune-to-surf distance, m [H13]
    dune_sd: float = 9.4  # [H13]
    dune_min: float = 8.0
    dune_max: float = 50.0
    dune_height_min: float = 1.5  # m of dune above the toe
    dune_height_max: float = 4.5
    veg_height: float = 1.5  # m scale of the vegetation silhouette on the crest [H3, H5]
    nest_min: float = 0.35  # nest between surf and dune, as a fraction of D
    nest_max: float = 0.95
    nest_spread: float = 8.0  # nest |x| below this
    sky_log10_min: float = -2.5  # night sky luminance, log-uniform over 3 decades [H12]
    sky_log10_max: float = 0.5
    short_base: float = 0.6  # short/long ratio of the landward night sky
    contrast_log10_min: float = 0.1  # seaward/landward short-channel ratio, always > 1 [H7, H8]
    contrast_log10_max: float = 0.5
    long_contrast_min: float = -0.2  # long-channel contrast as a power of the short one [H7]
    long_contrast_max: float = 0.5
    silhouette_albedo: float = 0.1  # silhouette luminance relative to the landward sky [H3]
    moon_up: float = 0.6  # probability that the moon is above the horizon [H12]
    moon_gain: float = 5.0  # moon lobe peak relative to the sky, full moon on the horizon [H12]
    moon_alt_max_deg: float = 70.0
    moon_alt_scale_deg: float = 30.0  # a higher moon puts less light into the window [H9, H12]
    moon_soft_deg: float = 10.0  # the moon's glow shows above a silhouette up to this much lower
    slope_min: float = 0.02  # tan of the foreshore slope, rising landward [H6]
    slope_max: float = 0.10
    slope_tilt: float = 0.6  # max rad of alongshore tilt of the fall line
    berm_min: float = 0.3  # the berm, as a fraction of D: above it the backshore is flatter
    berm_max: float = 0.7
    backshore_slope: float = 0.1  # backshore slope relative to the foreshore's
    roughness: float = 0.04  # s.d. of the local gradient (tracks, cusps, wrack) per cell
    roughness_cell: float = 2.0  # m, side of the cells of constant local gradient
    slope_scale: float = 0.1  # slope observation = gradient / slope_scale
    window_deg: float = 30.0  # vertical window above the horizon that counts [H9]
    sector_first_deg: float = 25.0  # bearing of the front sector's centre from the heading
    sector_step_deg: float = 50.0  # between sector centres (also their width) [H10]
    noise_brightness: float = 0.02  # s.d. in log10 units: ~5 % multiplicative [H11]
    noise_horizon: float = 0.02
    noise_slope: float = 0.3  # slope is a weak, noisy backup cue [H6]


DEFAULT_PARAMS = HatchlingParams()
