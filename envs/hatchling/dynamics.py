"""The Hatchling world's Numba core: one sea-turtle hatchling crawling from its nest to the surf.

Pure `reset` / `observe` / `step` on ONE agent's f64 state and a `HatchlingParams` tuple; the gym
face (`env.py`) and the fused rollout kernel call these very functions. Each mechanism traces to a
row of shared/WORLDS.md (H1-H15); anything not sourced there is a tunable parameter.

Frame: x runs along the shore (m), y across it; the surf line is y = 0 with the sea below, the dune
toe is y = D (H13). Heading is the angle from +x, counter-clockwise, so seaward is -pi/2 and a
positive turn is to the left. Sensing is analytic, never ray-cast: for each eye sector the central
bearing meets the dune crest at one point, whose silhouette hides the bright low sky (H3-H5, H9).
"""
# ruff: noqa: F405  (names from the star import of params below)

import numpy as np
from instinct_envs.hatchling.hash import (
    BEACH,
    JIT,
    NOISE,
    PREDATION,
    ROUGH,
    draw,
    fast_atan_pos,
    fast_log10,
    hash3,
    normal,
    quarter,
    stream,
    uniform,
)
from instinct_envs.hatchling.locomotion import turn

# The interface (params, state and observation layout, codes) lives in params.py; re-exported here
# so callers need only this module.
from instinct_envs.hatchling.params import *  # noqa: F403
from numba import njit


@njit(**JIT)
def reset(state, key, params):
    """Fill state from an episode key (0 <= key < 2**32): one key, one beach, in any process."""
    p = params
    state[:] = 0.0
    d = p.dune_mean + p.dune_sd * normal(key, 0, BEACH)
    state[DUNE_Y] = min(max(d, p.dune_min), p.dune_max)
    state[DUNE_H] = p.dune_height_min + (p.dune_height_max - p.dune_height_min) * _u(key, 2)
    state[NEST_Y] = state[DUNE_Y] * (p.nest_min + (p.nest_max - p.nest_min) * _u(key, 3))
    state[NEST_X] = p.nest_spread * (2.0 * _u(key, 4) - 1.0)
    state[X], state[Y] = state[NEST_X], state[NEST_Y]
    th = np.pi * (2.0 * _u(key, 5) - 1.0)
    state[HEADING], state[COS_H], state[SIN_H] = th, np.cos(th), np.sin(th)
    state[ENERGY], state[KEY] = 1.0, np.float64(key)
    # Sky: log-uniform luminance; seaward brighter, more so in the short channel (H7, H8, H12).
    sky = 10.0 ** (p.sky_log10_min + (p.sky_log10_max - p.sky_log10_min) * _u(key, 6))
    c_lo, c_hi = p.contrast_log10_min, p.contrast_log10_max
    c_s = 10.0 ** (c_lo + (c_hi - c_lo) * _u(key, 7))
    c_l = c_s ** (p.long_contrast_min + (p.long_contrast_max - p.long_contrast_min) * _u(key, 8))
    state[SKY], state[SKY_S], state[SKY_L] = sky, sky * p.short_base, sky
    # sky(bearing) = base + gain * (1 + seaward component): base landward, base * c seaward.
    state[GAIN_S], state[GAIN_L] = 0.5 * state[SKY_S] * (c_s - 1.0), 0.5 * sky * (c_l - 1.0)
    # Moon: any phase, azimuth and altitude; a lobe of sky light around its azimuth (H12).
    if _u(key, 9) < p.moon_up:
        state[MOON_PHASE] = _u(key, 10)
        state[MOON_ALT] = np.deg2rad(p.moon_alt_max_deg) * _u(key, 12)
    az = np.pi * (2.0 * _u(key, 11) - 1.0)
    state[MOON_AZ], state[MOON_X], state[MOON_Y] = az, np.cos(az), np.sin(az)
    lowness = 1.0 / (1.0 + (state[MOON_ALT] / np.deg2rad(p.moon_alt_scale_deg)) ** 2)
    moon = sky * p.moon_gain * state[MOON_PHASE] ** 1.5 * lowness
    state[MOON_S], state[MOON_L] = moon * p.short_base, moon
    state[SIL_S] = p.silhouette_albedo * (state[SKY_S] + 0.5 * state[MOON_S])
    state[SIL_L] = p.silhouette_albedo * (state[SKY_L] + 0.5 * state[MOON_L])
    # Beach slope rising landward, its fall line tilted a little alongshore (H6).
    tan_b = p.slope_min + (p.slope_max - p.slope_min) * _u(key, 13)
    tilt = p.slope_tilt * (2.0 * _u(key, 14) - 1.0)
    state[SLOPE_TAN] = tan_b
    state[SLOPE_GX], state[SLOPE_GY] = tan_b * np.sin(tilt), tan_b * np.cos(tilt)
    state[BERM_Y] = state[DUNE_Y] * (p.berm_min + (p.berm_max - p.berm_min) * _u(key, 25))
    # Eye sectors: left eye at +bearings, right eye mirrored (H10). A light counts within one
    # sector step of a sector's centre.
    state[LIGHT_COS] = np.cos(np.deg2rad(p.sector_step_deg))
    for k in range(N_SECTORS):
        b = np.deg2rad(p.sector_first_deg + k * p.sector_step_deg)
        for eye in range(2):
            j = SECTORS + 2 * (eye * N_SECTORS + k)
            state[j], state[j + 1] = np.cos(b), np.sin(b) * (1.0 - 2.0 * eye)
    _draw_vegetation(state, key, p.veg_height)


@njit(inline="always", **JIT)
def _u(key, counter):
    return uniform(key, counter, BEACH)


@njit(**JIT)
def _draw_vegetation(state, key, height):
    """A silhouette of three sinusoids (integer wave numbers, so the table is periodic) plus a
    random mean that leaves gaps on sparse beaches (H3, H5); rotated phasors avoid sin calls."""
    level = -0.2 + 1.2 * _u(key, 15)
    for i in range(VEG_N):
        state[VEG + i] = level
    for j in range(3):
        n = 2 + 5 * j + int(5.0 * _u(key, 16 + j))
        amp = (0.6, 0.4, 0.25)[j] * _u(key, 19 + j)
        ph, w = 2.0 * np.pi * _u(key, 22 + j), 2.0 * np.pi * n / VEG_N
        zr, zi, rr, ri = np.cos(ph), np.sin(ph), np.cos(w), np.sin(w)
        for i in range(VEG_N):
            state[VEG + i] += amp * zi
            zr, zi = zr * rr - zi * ri, zr * ri + zi * rr
    for i in range(VEG_N):
        state[VEG + i] = height * max(state[VEG + i], 0.0)


@njit(inline="always", **JIT)
def vegetation_at(state, x):
    """Vegetation height (m) on the dune crest at alongshore x: periodic linear interpolation."""
    u = x / VEG_DX
    i0 = np.int64(np.floor(u))
    f = u - i0
    a, b = state[VEG + (i0 & (VEG_N - 1))], state[VEG + ((i0 + 1) & (VEG_N - 1))]
    return a + f * (b - a)


@njit(**JIT)
def crest_height(state, x):
    """Height of the dune crest silhouette (dune + vegetation) above the dune toe at x, m."""
    return state[DUNE_H] + vegetation_at(state, x)


@njit(**JIT)
def sky_luminance(state, azimuth, channel):
    """Luminance of the low sky at a world azimuth (rad from +x), channel 0 short / 1 long,
    ignoring the silhouette: what the renderer paints as the glow."""
    wx, wy = np.cos(azimuth), np.sin(azimuth)
    lobe = 0.5 + 0.5 * (wx * state[MOON_X] + wy * state[MOON_Y])
    lobe *= lobe
    g = state[SKY_S + channel] + state[GAIN_S + channel] * (1.0 - wy)
    return g + state[MOON_S + channel] * lobe * lobe


@njit(**JIT)
def add_light(state, x, y, intensity, warmth):
    """Put an artificial light at (x, y) into the next free slot; returns the slot or -1 if full.
    White (warmth 0) shines in both channels, amber (warmth 1) almost only the long one (H15).
    It looks like intensity / (distance**2 + 1) from (x, y) in the sector facing it."""
    i = int(state[N_LIGHTS])
    if i >= MAX_LIGHTS:
        return -1
    j = LIGHTS + 4 * i
    state[j], state[j + 1] = x, y
    state[j + 2] = intensity * (1.0 - 0.95 * min(max(warmth, 0.0), 1.0))
    state[j + 3] = intensity
    state[N_LIGHTS] = i + 1
    return i


@njit(**JIT)
def observe(state, params, obs):
    """Write the senses into obs (f32[OBS_DIM]); no allocation, no libm call on the way.

    Per eye (H10) x sector x channel (H7): log10 of the mean luminance in the vertical window
    above the geometric horizon (H9), the part below the crest silhouette dark (H3-H5); the
    silhouette's mean elevation per eye as a fraction of the window (H4); the slope's uphill
    component forward and to the left (H6); energy. Noise is multiplicative (additive in log
    units) from the counter hash of (key, step, sensor) (H11).
    """
    x, y, c, s = state[X], state[Y], state[COS_H], state[SIN_H]
    inv_window = 1.0 / np.deg2rad(params.window_deg)
    to_crest = max(state[DUNE_Y] + params.dune_depth - y, 0.1)
    inv_crest = 1.0 / to_crest
    rise = state[DUNE_H] + state[SLOPE_GY] * to_crest
    moon_soft = 1.0 / np.deg2rad(params.moon_soft_deg)
    n_lights, reach_cos = int(state[N_LIGHTS]), state[LIGHT_COS]
    elev_left = 0.0
    elev_right = 0.0
    for j in range(2 * N_SECTORS):
        bf, bl = state[SECTORS + 2 * j], state[SECTORS + 2 * j + 1]
        wx, wy = c * bf - s * bl, s * bf + c * bl  # the sector's bearing, world frame
        elev = 0.0
        if wy > 0.02:  # landward: the crest point on this bearing sets the horizon
            reach = to_crest / wy
            veg = vegetation_at(state, x + reach * wx)
            elev = fast_atan_pos((rise + veg) * wy * inv_crest)
        vis = max(1.0 - elev * inv_window, 0.0)
        vis *= vis  # sky brightest at the horizon, falling linearly to the window top
        sea = 1.0 - wy
        lum_s = (state[SKY_S] + state[GAIN_S] * sea) * vis + state[SIL_S] * (1.0 - vis)
        lum_l = (state[SKY_L] + state[GAIN_L] * sea) * vis + state[SIL_L] * (1.0 - vis)
        # The moon's glow, where the moon stands above this bearing's silhouette (H12).
        lobe = 0.5 + 0.5 * (wx * state[MOON_X] + wy * state[MOON_Y])
        lobe *= lobe
        lobe *= lobe * min(max((state[MOON_ALT] - elev) * moon_soft + 0.5, 0.0), 1.0)
        lum_s += state[MOON_S] * lobe
        lum_l += state[MOON_L] * lobe
        for i in range(n_lights):  # point lights, seen within one sector width (H15)
            q = LIGHTS + 4 * i
            dx, dy = state[q] - x, state[q + 1] - y
            d2 = dx * dx + dy * dy
            w = ((dx * wx + dy * wy) / np.sqrt(d2 + 1e-12) - reach_cos) / (1.0 - reach_cos)
            if w > 0.0:
                w /= d2 + 1.0
                lum_s += state[q + 2] * w
                lum_l += state[q + 3] * w
        # Clamped into the normal float range: fast_log10 reads the exponent bits.
        obs[j] = fast_log10(min(max(lum_s * (1.0 / L_REF), 1e-30), 1e30))
        obs[6 + j] = fast_log10(min(max(lum_l * (1.0 / L_REF), 1e-30), 1e30))
        if j < N_SECTORS:
            elev_left += elev
        else:
            elev_right += elev
    obs[12] = elev_left * inv_window / N_SECTORS
    obs[13] = elev_right * inv_window / N_SECTORS
    flat = 1.0 if y < state[BERM_Y] else params.backshore_slope
    # Microrelief: a gradient drawn per cell from the hash, so it cannot be averaged away in time.
    cx = np.int64(np.floor(x / params.roughness_cell)) & 0xFFFF
    cy = np.int64(np.floor(y / params.roughness_cell)) & 0xFFFF
    h = hash3(np.int64(state[KEY]), np.uint64(cx * 65536 + cy), ROUGH)
    gx = state[SLOPE_GX] * flat + params.roughness * quarter(h, 0)
    gy = state[SLOPE_GY] * flat + params.roughness * quarter(h, 1)
    obs[14] = (gx * c + gy * s) / params.slope_scale
    obs[15] = (gy * c - gx * s) / params.slope_scale
    obs[16] = state[ENERGY]
    _noise_clip(state, params, obs)


@njit(inline="always", **JIT)
def _noise_clip(state, params, obs):
    """Add noise to sensors 0-15 (one hash per four) and clip all to the bounds."""
    base, t4 = stream(np.int64(state[KEY]), NOISE), np.int64(state[T]) * 4
    for g in range(4):  # one 64-bit hash gives four 16-bit deviates
        h = draw(base, t4 + g)
        for q in range(4):
            i = 4 * g + q
            sd = params.noise_brightness if i < 12 else params.noise_horizon
            sd = params.noise_slope if i >= 14 else sd
            v = obs[i] + sd * quarter(h, q)
            obs[i] = min(max(v, OBS_LOW[i]), OBS_HIGH[i])
    obs[16] = min(max(obs[16], OBS_LOW[16]), OBS_HIGH[16])


@njit(**JIT)
def step(state, action, params):
    """Advance one dt under action f32[2] = (turn rate, speed) in [-1, 1]; returns (reward, code).

    Reward is 0 except on reaching the surf alive: 1 + the fraction of max_steps left. A finished
    state is left alone (reward 0, same code).
    """
    code = int(state[OUTCOME])
    if code != RUNNING:
        return 0.0, code
    p = params
    speed = turn(state, action, p.max_turn, p.dt)
    step_len = speed * p.max_speed * p.dt
    x, y = state[X] + step_len * state[COS_H], state[Y] + step_len * state[SIN_H]
    state[X], state[Y] = x, y
    state[ENERGY] -= p.dt * (p.energy_rest + p.energy_move * speed)
    t = state[T] + 1.0
    state[T] = t
    # Predation hazard per second: higher near the dune and near lights (H14, H15).
    dd = (state[DUNE_Y] - y) / p.hazard_dune_scale
    hazard = p.hazard_base * (1.0 + p.hazard_dune / (1.0 + dd * dd))
    for i in range(int(state[N_LIGHTS])):
        dx, dy = state[LIGHTS + 4 * i] - x, state[LIGHTS + 4 * i + 1] - y
        hazard += p.hazard_light / (1.0 + (dx * dx + dy * dy) / (p.light_scale * p.light_scale))
    reward = 0.0
    if y <= 0.0:
        code = REACHED_SEA
        reward = 1.0 + (p.max_steps - t) / p.max_steps
    elif uniform(np.int64(state[KEY]), np.uint64(t), PREDATION) < hazard * p.dt:
        code = PREDATED
    elif state[ENERGY] <= 0.0:
        code = EXHAUSTED
    elif abs(x) > p.half_width or y > state[DUNE_Y] + p.dune_margin:
        code = LOST
    elif t >= p.max_steps:
        code = TIME_LIMIT
    state[OUTCOME] = code
    return reward, code
