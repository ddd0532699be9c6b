"""Hatchling-v1's Numba core: the horizon is seen, not given, and the night varies in space.

Pure `reset` / `observe` / `step` on ONE agent's f64 state and a `HatchlingV1Params` tuple, like
v0 (`dynamics.py`, left unchanged), with what v0 lacked (issue 9; sources in
docs/hatchling-sources.md and shared/WORLDS.md):
- Each eye sector reports luminance in two elevation bands (the horizon strip and the sky above
  it) in two channels; there is no horizon-elevation input. A dune, vegetation, an island or a
  headland shows only as a darker strip, which the moon, a light's image or its sky glow can
  brighten or fake (H3-H5, H9). No input is a clean function of the sea's bearing.
- Lights are part of life: 0-4 inland lights per beach, white or amber, at random places,
  heights and intensities, some beaches unlit (H15). A light shows directly where it stands above
  the silhouette (a dune shields it) and as sky glow that falls off with distance and grows
  under cloud; cloud also flattens the seaward contrast (S4, S6).
- The shoreline curves (bays and capes); some beaches face an island or headland (H4, S5).
- Crawl speed and endurance from the literature (S1-S3).

Frame as in v0: x alongshore, y across, the surf at y = SHORE_K * x**2 / 2 with the sea below,
the dune toe DUNE_Y further inland. Sensing is analytic, never ray-cast.
"""

import numpy as np
from instinct_envs.hatchling.dynamics import _draw_vegetation, vegetation_at
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
from instinct_envs.hatchling.params_v1 import *  # noqa: F403  (callers need only this module)
from instinct_envs.hatchling.params_v1 import (
    BERM_Y,
    CLOUD,
    COS_H,
    DEFAULT_PARAMS,  # noqa: F401  (the evaluator reads it from the core)
    DUNE_H,
    DUNE_Y,
    ENERGY,
    EXHAUSTED,
    GAIN_L,
    GAIN_S,
    GLITTER_L,
    GLITTER_S,
    GLOW,
    HEADING,
    ISLAND_H,
    ISLAND_SEEN,
    ISLAND_W,
    ISLAND_X,
    ISLAND_Y,
    KEY,
    L_REF,
    LIGHT_COS,
    LIGHT_H,
    LIGHT_SEEN,
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
    N_BRIGHT,
    N_LIGHTS,
    N_SECTORS,
    NEST_X,
    NEST_Y,
    OBS_HIGH,
    OBS_LOW,
    OUTCOME,
    PREDATED,
    REACHED_SEA,
    RUNNING,
    SECTORS,
    SHORE_K,
    SIL_L,
    SIL_S,
    SIN_H,
    SKY,
    SKY_L,
    SKY_S,
    SLOPE_GX,
    SLOPE_GY,
    SLOPE_TAN,
    TIME_LIMIT,
    VEG,
    VEG_N,
    T,
    X,
    Y,
)
from numba import njit


@njit(inline="always", **JIT)
def _u(key, counter):
    return uniform(key, counter, BEACH)


@njit(inline="always", **JIT)
def shore_y(state, x):
    """The surf line's y at alongshore x (a parabola: a bay for SHORE_K > 0, a cape below 0)."""
    return 0.5 * state[SHORE_K] * x * x


@njit(**JIT)
def reset(state, key, params):
    """Fill state from an episode key (0 <= key < 2**32): one key, one beach, in any process."""
    p = params
    state[:] = 0.0
    state[SHORE_K] = p.shore_k_max * (2.0 * _u(key, 30) - 1.0)
    d = p.dune_mean + p.dune_sd * normal(key, 0, BEACH)
    state[DUNE_Y] = min(max(d, p.dune_min), p.dune_max)
    state[DUNE_H] = p.dune_height_min + (p.dune_height_max - p.dune_height_min) * _u(key, 2)
    state[NEST_X] = p.nest_spread * (2.0 * _u(key, 4) - 1.0)
    frac = p.nest_min + (p.nest_max - p.nest_min) * _u(key, 3)
    state[NEST_Y] = shore_y(state, state[NEST_X]) + state[DUNE_Y] * frac
    state[X], state[Y] = state[NEST_X], state[NEST_Y]
    th = np.pi * (2.0 * _u(key, 5) - 1.0)
    state[HEADING], state[COS_H], state[SIN_H] = th, np.cos(th), np.sin(th)
    state[ENERGY], state[KEY] = 1.0, np.float64(key)
    # Cloud: clear on a share of nights, else any cover; cover flattens the seaward excess (S6).
    if _u(key, 31) >= p.cloud_clear:
        state[CLOUD] = p.cloud_min + (p.cloud_max - p.cloud_min) * _u(key, 32)
    flatten = 1.0 - p.cloud_contrast * state[CLOUD]
    sky = 10.0 ** (p.sky_log10_min + (p.sky_log10_max - p.sky_log10_min) * _u(key, 6))
    c_lo, c_hi = p.contrast_log10_min, p.contrast_log10_max
    c_s = 10.0 ** ((c_lo + (c_hi - c_lo) * _u(key, 7)) * flatten)
    c_l = c_s ** (p.long_contrast_min + (p.long_contrast_max - p.long_contrast_min) * _u(key, 8))
    state[SKY], state[SKY_S], state[SKY_L] = sky, sky * p.short_base, sky
    if not p.no_sea:  # a desert has no seaward excess (issue 13's Desert variant)
        state[GAIN_S], state[GAIN_L] = 0.5 * state[SKY_S] * (c_s - 1.0), 0.5 * sky * (c_l - 1.0)
    if _u(key, 9) < p.moon_up:  # (H12)
        state[MOON_PHASE] = _u(key, 10)
        state[MOON_ALT] = np.deg2rad(p.moon_alt_max_deg) * _u(key, 12)
    az = np.pi * (2.0 * _u(key, 11) - 1.0)
    state[MOON_AZ], state[MOON_X], state[MOON_Y] = az, np.cos(az), np.sin(az)
    lowness = 1.0 / (1.0 + (state[MOON_ALT] / np.deg2rad(p.moon_alt_scale_deg)) ** 2)
    moon = sky * p.moon_gain * state[MOON_PHASE] ** 1.5 * lowness * (1.0 - 0.8 * state[CLOUD])
    state[MOON_S], state[MOON_L] = moon * p.short_base, moon
    if state[MOON_Y] < 0.0 and not p.no_sea:  # its path on the sea, when it stands seaward
        state[GLITTER_S] = p.glitter_gain * state[MOON_S] * -state[MOON_Y]
        state[GLITTER_L] = p.glitter_gain * state[MOON_L] * -state[MOON_Y]
    state[SIL_S] = p.silhouette_albedo * (state[SKY_S] + 0.5 * state[MOON_S])
    state[SIL_L] = p.silhouette_albedo * (state[SKY_L] + 0.5 * state[MOON_L])
    tan_b = p.slope_min + (p.slope_max - p.slope_min) * _u(key, 13)  # (H6)
    tilt = p.slope_tilt * (2.0 * _u(key, 14) - 1.0)
    state[SLOPE_TAN] = tan_b
    state[SLOPE_GX], state[SLOPE_GY] = tan_b * np.sin(tilt), tan_b * np.cos(tilt)
    state[BERM_Y] = state[DUNE_Y] * (p.berm_min + (p.berm_max - p.berm_min) * _u(key, 25))
    state[LIGHT_COS] = np.cos(np.deg2rad(p.sector_step_deg))
    for k in range(N_SECTORS):
        b = np.deg2rad(p.sector_first_deg + k * p.sector_step_deg)
        for eye in range(2):
            j = SECTORS + 2 * (eye * N_SECTORS + k)
            state[j], state[j + 1] = np.cos(b), np.sin(b) * (1.0 - 2.0 * eye)
    _draw_vegetation(state, key, p.veg_height)
    _draw_island(state, key, p)
    _draw_lights(state, key, p)
    if p.mirror:
        _reflect(state)


@njit(**JIT)
def _reflect(state):
    """Reflect the beach left-right (x -> -x), the hatchling's start heading with it: the world
    as seen in a mirror, every cue on the other side of the body (issue 13's Mirror variant).
    The sensor noise and the sand's roughness are drawn per sensor and per cell, not reflected."""
    state[X], state[NEST_X] = -state[X], -state[NEST_X]
    th = np.pi - state[HEADING]
    th = th - 2.0 * np.pi if th > np.pi else th
    state[HEADING], state[COS_H] = th, -state[COS_H]
    state[MOON_AZ] = np.pi - state[MOON_AZ] if state[MOON_AZ] >= 0.0 else -np.pi - state[MOON_AZ]
    state[MOON_X] = -state[MOON_X]
    state[SLOPE_GX] = -state[SLOPE_GX]
    for i in range(int(state[N_LIGHTS])):
        state[LIGHTS + 4 * i] = -state[LIGHTS + 4 * i]
    state[ISLAND_X] = -state[ISLAND_X]
    for i in range(1, VEG_N // 2):  # veg'(x) = veg(-x): table entry i <-> entry -i (mod VEG_N)
        a, b = state[VEG + i], state[VEG + VEG_N - i]
        state[VEG + i], state[VEG + VEG_N - i] = b, a


@njit(**JIT)
def _draw_island(state, key, p):
    """An island or headland silhouette on a share of beaches, somewhere off the seaward side."""
    if p.no_sea or _u(key, 33) >= p.island_prob:
        return
    dist = p.island_dist_min + (p.island_dist_max - p.island_dist_min) * _u(key, 34)
    bearing = -0.5 * np.pi + 1.3 * (2.0 * _u(key, 35) - 1.0)  # up to 75 degrees off seaward
    state[ISLAND_X] = state[NEST_X] + dist * np.cos(bearing)
    state[ISLAND_Y] = min(state[NEST_Y] + dist * np.sin(bearing), -10.0)
    state[ISLAND_W] = p.island_width_min + (p.island_width_max - p.island_width_min) * _u(key, 36)
    state[ISLAND_H] = p.island_height_min + (p.island_height_max - p.island_height_min) * _u(
        key, 37
    )


@njit(**JIT)
def _draw_lights(state, key, p):
    """0..lights_max inland lights, white or amber, log-uniform intensities; some beaches unlit."""
    if _u(key, 40) < p.unlit_share:
        return
    n = min(1 + int(p.lights_max * _u(key, 41)), p.lights_max)
    for i in range(n):
        c = 42 + 8 * i
        x = p.light_spread * (2.0 * _u(key, c) - 1.0)
        beyond = p.light_dist_min + (p.light_dist_max - p.light_dist_min) * _u(key, c + 1)
        y = shore_y(state, x) + state[DUNE_Y] + p.dune_depth + beyond
        intensity = 10.0 ** (p.light_log10_min + (p.light_log10_max - p.light_log10_min)
                             * _u(key, c + 2))  # fmt: skip
        warmth = 1.0 if _u(key, c + 3) < p.amber_share else 0.0
        height = p.light_height_min + (p.light_height_max - p.light_height_min) * _u(key, c + 4)
        add_light(state, x, y, intensity, warmth, height, p.glow_share)


@njit(**JIT)
def add_light(state, x, y, intensity, warmth, height=6.0, glow=0.02):
    """Put a light at (x, y), `height` m up, into the next free slot; returns the slot or -1 if
    full. White (warmth 0) shines in both channels, amber (warmth 1) almost only the long one
    (H7, H15). Its image is intensity / (distance**2 + 1) in the sector facing it where it
    stands above the silhouette; its sky glow is `glow` times that, wide and fading over tens of
    m."""
    i = int(state[N_LIGHTS])
    if i >= MAX_LIGHTS:
        return -1
    j = LIGHTS + 4 * i
    state[j], state[j + 1] = x, y
    state[j + 2] = intensity * (1.0 - 0.95 * min(max(warmth, 0.0), 1.0))
    state[j + 3] = intensity
    state[LIGHT_H + i], state[GLOW + i] = height, glow
    state[N_LIGHTS] = i + 1
    return i


@njit(**JIT)
def sky_luminance(state, azimuth, channel):
    """Luminance of the horizon strip at a world azimuth, channel 0 short / 1 long, ignoring the
    silhouette and the lights: what the renderer paints as the glow."""
    wx, wy = np.cos(azimuth), np.sin(azimuth)
    lobe = 0.5 + 0.5 * (wx * state[MOON_X] + wy * state[MOON_Y])
    lobe *= lobe
    g = state[SKY_S + channel] + state[GAIN_S + channel] * (1.0 - wy)
    return g + state[MOON_S + channel] * lobe * lobe


@njit(inline="always", **JIT)
def _angle(s, c):
    """atan2(s, c) for s >= 0 from fast_atan_pos: the angle between two directions."""
    if c >= s:
        return fast_atan_pos(s / c)
    t = c / max(s, 1e-12)
    return 0.5 * np.pi - (fast_atan_pos(t) if t >= 0.0 else -fast_atan_pos(-t))


@njit(inline="always", **JIT)
def _silhouette(state, params, x, y, wx, wy, kx, inv_n, to_crest, rise, half_sector):
    """Elevation (rad) of the skyline on world bearing (wx, wy): dune crest and vegetation
    landward (H3-H5), an island or headland seaward (H4), dunes all round in a desert."""
    wl = (wy - kx * wx) * inv_n  # landward component across the local shore
    elev = 0.0
    if wl > 0.02:
        veg = vegetation_at(state, x + to_crest / wl * wx)
        elev = fast_atan_pos((rise + veg) * wl / to_crest)
    elif params.no_sea and wl < -0.02:
        to_far = max((y - shore_y(state, x)) * inv_n, 0.1)
        elev = fast_atan_pos(state[DUNE_H] * -wl / to_far)
    if state[ISLAND_H] > 0.0:
        ux, uy = state[ISLAND_SEEN], state[ISLAND_SEEN + 1]
        off = _angle(abs(ux * wy - uy * wx), ux * wx + uy * wy)
        cover = (state[ISLAND_SEEN + 2] + half_sector - off) / (2.0 * half_sector)
        elev = max(elev, min(max(cover, 0.0), 1.0) * state[ISLAND_SEEN + 3])
    return elev, wl


@njit(inline="always", **JIT)
def _look_around(state, params, x, y):
    """Fill the per-step cache: how each light and the island look from (x, y)."""
    glow_cloud = 1.0 + params.cloud_glow * state[CLOUD]
    inv_glow2 = 1.0 / (params.glow_scale * params.glow_scale)
    for i in range(int(state[N_LIGHTS])):
        q, c = LIGHTS + 4 * i, LIGHT_SEEN + 5 * i
        dx, dy = state[q] - x, state[q + 1] - y
        d2 = dx * dx + dy * dy
        inv_d = 1.0 / np.sqrt(d2 + 1e-12)
        state[c], state[c + 1], state[c + 2] = dx * inv_d, dy * inv_d, 1.0 / (d2 + 1.0)
        state[c + 3] = fast_atan_pos(state[LIGHT_H + i] * inv_d)
        state[c + 4] = state[GLOW + i] * glow_cloud / (1.0 + d2 * inv_glow2)
    if state[ISLAND_H] > 0.0:
        dx, dy = state[ISLAND_X] - x, state[ISLAND_Y] - y
        inv_d = 1.0 / np.sqrt(dx * dx + dy * dy)
        state[ISLAND_SEEN], state[ISLAND_SEEN + 1] = dx * inv_d, dy * inv_d
        state[ISLAND_SEEN + 2] = fast_atan_pos(state[ISLAND_W] * inv_d)
        state[ISLAND_SEEN + 3] = fast_atan_pos(state[ISLAND_H] * inv_d)


@njit(**JIT)
def observe(state, params, obs):
    """Write the senses into obs (f32[OBS_DIM]); no allocation on the way.

    Per eye (H10) x sector x channel (H7) x band: log10 of the mean luminance in the horizon
    strip (0 to band_split_deg above the flat horizon) and in the sky above it (up to window_deg,
    H9); the part below the skyline is the dark silhouette (H3-H5). Then the slope's uphill
    component forward and to the left (H6), energy. Noise is additive in log units, from the
    counter hash of (key, step, sensor) (H11).
    """
    p = params
    x, y, c, s = state[X], state[Y], state[COS_H], state[SIN_H]
    split, window = np.deg2rad(p.band_split_deg), np.deg2rad(p.window_deg)
    inv_split, inv_upper = 1.0 / split, 1.0 / (window - split)
    soft = 1.0 / np.deg2rad(p.moon_soft_deg)
    half_sector = 0.5 * np.deg2rad(p.sector_step_deg)
    kx = state[SHORE_K] * x
    inv_n = 1.0 / np.sqrt(1.0 + kx * kx)
    to_crest = max((shore_y(state, x) + state[DUNE_Y] + p.dune_depth - y) * inv_n, 0.1)
    rise = state[DUNE_H] + state[SLOPE_GY] * to_crest
    n_lights, reach_cos = int(state[N_LIGHTS]), state[LIGHT_COS]
    _look_around(state, p, x, y)
    for j in range(2 * N_SECTORS):
        bf, bl = state[SECTORS + 2 * j], state[SECTORS + 2 * j + 1]
        wx, wy = c * bf - s * bl, s * bf + c * bl  # the sector's bearing, world frame
        elev, wl = _silhouette(state, p, x, y, wx, wy, kx, inv_n, to_crest, rise, half_sector)
        vis_lo = min(max(1.0 - elev * inv_split, 0.0), 1.0)
        vis_hi = min(max((window - max(elev, split)) * inv_upper, 0.0), 1.0)
        sea = 1.0 - wl
        lo_s = (state[SKY_S] + state[GAIN_S] * sea) * vis_lo + state[SIL_S] * (1.0 - vis_lo)
        lo_l = (state[SKY_L] + state[GAIN_L] * sea) * vis_lo + state[SIL_L] * (1.0 - vis_lo)
        hi_s = p.high_sky * state[SKY_S] + p.high_contrast * state[GAIN_S] * sea
        hi_l = p.high_sky * state[SKY_L] + p.high_contrast * state[GAIN_L] * sea
        hi_s = hi_s * vis_hi + state[SIL_S] * (1.0 - vis_hi)
        hi_l = hi_l * vis_hi + state[SIL_L] * (1.0 - vis_hi)
        # The moon's glow where it stands above the skyline, in the band of its altitude (H12);
        # its path on the sea in the strip, where the sea's horizon is open.
        lobe = 0.5 + 0.5 * (wx * state[MOON_X] + wy * state[MOON_Y])
        lobe *= lobe
        lobe *= lobe
        m = lobe * min(max((state[MOON_ALT] - elev) * soft + 0.5, 0.0), 1.0)
        if state[MOON_ALT] < split:
            lo_s += state[MOON_S] * m
            lo_l += state[MOON_L] * m
        else:
            hi_s += state[MOON_S] * m
            hi_l += state[MOON_L] * m
        if sea > 1.0:
            g = lobe * lobe * vis_lo * (sea - 1.0)
            lo_s += state[GLITTER_S] * g
            lo_l += state[GLITTER_L] * g
        for i in range(n_lights):  # (H15)
            q, cache = LIGHTS + 4 * i, LIGHT_SEEN + 5 * i
            cos_b = state[cache] * wx + state[cache + 1] * wy
            w = (cos_b - reach_cos) / (1.0 - reach_cos)
            if w > 0.0:  # its image, where it stands above the skyline
                el = state[cache + 3]
                w *= min(max((el - elev) * soft + 0.5, 0.0), 1.0) * state[cache + 2]
                if el < split:
                    lo_s += state[q + 2] * w
                    lo_l += state[q + 3] * w
                else:
                    hi_s += state[q + 2] * w
                    hi_l += state[q + 3] * w
            glow = 0.5 + 0.5 * cos_b  # its sky glow: wide, fading with distance, more under cloud
            glow *= glow * state[cache + 4]
            hi_s += state[q + 2] * glow
            hi_l += state[q + 3] * glow
            lo_s += state[q + 2] * glow * vis_lo
            lo_l += state[q + 3] * glow * vis_lo
        obs[j] = _log_lum(lo_s)
        obs[6 + j] = _log_lum(hi_s)
        obs[12 + j] = _log_lum(lo_l)
        obs[18 + j] = _log_lum(hi_l)
    flat = 1.0 if y < state[BERM_Y] else p.backshore_slope
    cx = np.int64(np.floor(x / p.roughness_cell)) & 0xFFFF
    cy = np.int64(np.floor(y / p.roughness_cell)) & 0xFFFF
    h = hash3(np.int64(state[KEY]), np.uint64(cx * 65536 + cy), ROUGH)
    gx = state[SLOPE_GX] * flat + p.roughness * quarter(h, 0)
    gy = state[SLOPE_GY] * flat + p.roughness * quarter(h, 1)
    obs[N_BRIGHT] = (gx * c + gy * s) / p.slope_scale
    obs[N_BRIGHT + 1] = (gy * c - gx * s) / p.slope_scale
    obs[N_BRIGHT + 2] = state[ENERGY]
    _noise_clip(state, p, obs)


@njit(inline="always", **JIT)
def _log_lum(lum):
    # Clamped into the normal float range: fast_log10 reads the exponent bits.
    return fast_log10(min(max(lum * (1.0 / L_REF), 1e-30), 1e30))


@njit(inline="always", **JIT)
def _noise_clip(state, params, obs):
    """Add noise to the 24 brightness and 2 slope sensors (one hash per four), clip all."""
    base, t8 = stream(np.int64(state[KEY]), NOISE), np.int64(state[T]) * 8
    for g in range(7):
        h = draw(base, t8 + g)
        for q in range(4):
            i = 4 * g + q
            if i < N_BRIGHT + 2:
                sd = params.noise_brightness if i < N_BRIGHT else params.noise_slope
                obs[i] = obs[i] + sd * quarter(h, q)
    for i in range(N_BRIGHT + 3):
        obs[i] = min(max(obs[i], OBS_LOW[i]), OBS_HIGH[i])


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
    surf = shore_y(state, x)
    dd = (surf + state[DUNE_Y] - y) / p.hazard_dune_scale  # (H14)
    hazard = p.hazard_base * (1.0 + p.hazard_dune / (1.0 + dd * dd))
    inv_l2 = 1.0 / (p.light_scale * p.light_scale)
    for i in range(int(state[N_LIGHTS])):  # (H14, H15)
        dx, dy = state[LIGHTS + 4 * i] - x, state[LIGHTS + 4 * i + 1] - y
        hazard += p.hazard_light / (1.0 + (dx * dx + dy * dy) * inv_l2)
    reward = 0.0
    if y <= surf and not p.no_sea:
        code = REACHED_SEA
        reward = 1.0 + (p.max_steps - t) / p.max_steps
    elif uniform(np.int64(state[KEY]), np.uint64(t), PREDATION) < hazard * p.dt:
        code = PREDATED
    elif state[ENERGY] <= 0.0:
        code = EXHAUSTED
    elif abs(x) > p.half_width or y > surf + state[DUNE_Y] + p.dune_margin:
        code = LOST
    elif p.no_sea and y <= surf - p.dune_margin:
        code = LOST
    elif t >= p.max_steps:
        code = TIME_LIMIT
    state[OUTCOME] = code
    return reward, code
