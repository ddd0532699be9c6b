"""Drawing the Hatchling world top-down with pygame, shared by `env.render()` and the viewer.

Everything draws onto a given `pygame.Surface` through a `View` (world metres <-> pixels), so an
offscreen Surface (no display, works under SDL_VIDEODRIVER=dummy) and a viewer window share the
code. Sea at the bottom, wet and dry sand, the wrack line, the dune face and its vegetation
silhouette at the top; the light cues a hatchling sees (H3, H12, H15): the sea brighter toward
its horizon, a rim around the map whose glow is the low sky's luminance in that direction (the
seaward glow, the moon's lobe), the moon at the edge in its azimuth and phase, and any artificial
lights with the pool they cast. The ground is computed as one numpy image, the rest is pygame.
"""

import os
from typing import NamedTuple

import numpy as np

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout
import pygame  # noqa: E402
from instinct_envs.hatchling import dynamics as dyn

SEA, SURF, SAND, DUNE, VEGETATION, INLAND = (
    (14, 32, 74),
    (170, 190, 215),
    (128, 116, 92),
    (96, 86, 66),
    (30, 56, 34),
    (16, 22, 16),
)
SEA_FAR, WET_SAND, WRACK, DUNE_TOP = (40, 70, 120), (84, 80, 72), (60, 52, 40), (62, 56, 42)
HATCHLING = (28, 24, 18)
OUTLINE = (240, 232, 205)
MOON = (235, 232, 210)
RIM = 5  # px of the sky rim around the map


class View(NamedTuple):
    """World -> pixel map: px = (x - x_min) * scale, py = (y_top - y) * scale (y grows upward)."""

    scale: float
    x_min: float
    y_top: float
    width: int
    height: int

    def to_px(self, x, y):
        return (x - self.x_min) * self.scale, (self.y_top - y) * self.scale

    def to_world(self, px, py):
        return self.x_min + px / self.scale, self.y_top - py / self.scale


def make_view(state, width, height, half_width=dyn.DEFAULT_PARAMS.half_width):
    """A view of the whole arena width, dunes and lights at the top, at least 3 m of sea."""
    top = state[dyn.DUNE_Y] + 10.0
    for i in range(int(state[dyn.N_LIGHTS])):
        top = max(top, state[dyn.LIGHTS + 4 * i + 1] + 3.0)
    scale = min(width / (2.0 * half_width + 4.0), height / (top + 3.0))
    return View(scale, -0.5 * width / scale, top, int(width), int(height))


def poses(states):
    """(x, y, heading) of one state f64[STATE_DIM] or of many f64[N, STATE_DIM]."""
    s = np.asarray(states)
    return s[..., dyn.X], s[..., dyn.Y], s[..., dyn.HEADING]


def _shade(color, k):
    return tuple(int(min(max(c * k, 0), 255)) for c in color)


def _night(state):
    """Brightness factor of the scene from the sky luminance (3 decades -> 0.6..1.0)."""
    return float(np.clip(0.9 + 0.12 * np.log10(state[dyn.SKY] + 1e-9), 0.6, 1.0))


def crest_profile(state, xs):
    """Crest height (dune + vegetation, m) at alongshore positions xs: the core's interpolation."""
    table = state[dyn.VEG : dyn.VEG + dyn.VEG_N]
    grid = np.arange(dyn.VEG_N) * dyn.VEG_DX
    return state[dyn.DUNE_H] + np.interp(xs, grid, table, period=dyn.VEG_N * dyn.VEG_DX)


def waterline(state, xs):
    """Where the swash reaches (m above the surf line y = 0) along the shore: drawing only."""
    ph = 0.37 * state[dyn.KEY]
    return 0.28 + 0.16 * np.sin(0.55 * xs + ph) + 0.09 * np.sin(1.7 * xs + 2.1 * ph)


def _lerp(a, b, t):
    t = np.asarray(t, np.float64)[..., None]
    return np.asarray(a, np.float64) * (1.0 - t) + np.asarray(b, np.float64) * t


def _ground(state, params, view):
    """f64[H, W, 3]: sea, swash, wet and dry sand, wrack line, dune face, inland ground."""
    w, h = view.width, view.height
    xs, _ = view.to_world(np.arange(w) + 0.5, 0.0)
    _, ys = view.to_world(0.0, np.arange(h) + 0.5)
    x, y = xs[None, :], ys[:, None]
    rng = np.random.default_rng(int(state[dyn.KEY]))
    grain = 1.0 + 0.07 * rng.standard_normal((h, w))
    toe, crest = state[dyn.DUNE_Y], state[dyn.DUNE_Y] + params.dune_depth
    wl = waterline(state, x)
    above = y - wl  # m above the swash
    img = np.empty((h, w, 3))
    img[:] = INLAND
    dry = _lerp(WET_SAND, SAND, np.clip(above / 2.5, 0.0, 1.0)) * grain[..., None]
    wrack = np.exp(-(((y - state[dyn.BERM_Y]) / 0.35) ** 2)) * (rng.random((h, w)) < 0.35)
    dry = _lerp(dry, WRACK, 0.8 * wrack)
    face = _lerp(DUNE, DUNE_TOP, np.clip((y - toe) / params.dune_depth, 0, 1) ** 0.8)
    face = face * grain[..., None]
    img = np.where((y < crest)[..., None], face, img)
    img = np.where((y < toe)[..., None], dry, img)
    # Sea: brighter and bluer toward its horizon (the seaward sky glow, H7, H8), wave crests.
    sea_s = dyn.sky_luminance(state, -0.5 * np.pi, 0)
    sea_l = dyn.sky_luminance(state, -0.5 * np.pi, 1)
    glow = float(
        np.clip(0.75 + 0.25 * np.log10(sea_s / (state[dyn.SKY_S] + 1e-12) + 1.0), 0.75, 1.2)
    )
    depth = np.clip(-y / max(-ys[-1], 1.0), 0.0, 1.0)
    sea = _lerp(SEA, SEA_FAR, depth * glow * float(np.clip(sea_s / (sea_l + 1e-12), 0.5, 1.2)))
    crests = np.sin(2.0 * np.pi * (-y) / 1.3 + 0.8 * np.sin(0.21 * x + 0.5 * state[dyn.KEY]))
    sea = sea * (1.0 + 0.10 * np.clip(crests, 0.6, 1.0)[..., None] - 0.06)
    breaker = np.exp(-(((-y - 1.5 - 0.35 * np.sin(0.13 * x + state[dyn.KEY])) / 0.12) ** 2))
    breaker = breaker * np.clip(np.sin(0.7 * x + 1.7 * np.sin(0.31 * x)) + 0.3, 0.0, 1.0)
    breaker = breaker * (rng.random((h, w)) < 0.6)
    swash = np.clip(1.0 - (-above) / 0.35, 0.0, 1.0) ** 3
    foam = np.clip(swash + 0.7 * breaker, 0.0, 1.0) * (0.75 + 0.25 * rng.random((h, w)))
    sea = _lerp(sea, SURF, 0.8 * foam)
    img = np.where((above < 0)[..., None], sea, img)
    return img


def _light_pools(img, state, view):
    """Each artificial light's pool on the ground, white or amber (H15)."""
    w, h = view.width, view.height
    xs, _ = view.to_world(np.arange(w) + 0.5, 0.0)
    _, ys = view.to_world(0.0, np.arange(h) + 0.5)
    for i in range(int(state[dyn.N_LIGHTS])):
        q = dyn.LIGHTS + 4 * i
        color = np.asarray(_light_color(state[q + 2], state[q + 3]), np.float64)
        reach = 2.0 + 1.2 * np.log10(max(state[q + 3], 1.0))
        d2 = (xs[None, :] - state[q]) ** 2 + (ys[:, None] - state[q + 1]) ** 2
        img += 0.55 * color * (1.0 / (1.0 + d2 / reach**2))[..., None]


def _light_color(i_short, i_long):
    ratio = i_short / max(i_long, 1e-12)
    return (255, int(170 + 85 * ratio), int(40 + 215 * ratio))


def draw_beach(surface, state, params, view):
    """Sea, surf, sand, dune and vegetation silhouette, sky glow, moon and lights."""
    k = _night(state)
    img = _ground(state, params, view)
    _light_pools(img, state, view)
    arr = np.clip(img * k, 0, 255).astype(np.uint8)
    pygame.surfarray.blit_array(surface, arr.transpose(1, 0, 2))
    _draw_vegetation(surface, state, params, view, k)
    _draw_sky_rim(surface, state, view, k)
    _draw_moon(surface, state, view)
    for i in range(int(state[dyn.N_LIGHTS])):
        q = dyn.LIGHTS + 4 * i
        draw_light(surface, state[q], state[q + 1], state[q + 2], state[q + 3], view)


def _draw_vegetation(surface, state, params, view, k):
    """A band behind the crest, as deep on the map as the silhouette is tall, with shrubs."""
    w = view.width
    _, py_crest = view.to_px(0.0, state[dyn.DUNE_Y] + params.dune_depth)
    xs_px = np.arange(0, w + 4, 4)
    xs = view.to_world(xs_px, 0.0)[0]
    depth = 1.6 * crest_profile(state, xs) * view.scale
    points = [(0, py_crest)] + [(px, py_crest - d) for px, d in zip(xs_px, depth, strict=True)]
    points.append((w, py_crest))
    pygame.draw.polygon(surface, _shade(VEGETATION, k), points)
    rng = np.random.default_rng(int(state[dyn.KEY]) + 1)
    for px, d in zip(xs_px[::2], depth[::2], strict=True):  # shrubs along the silhouette
        if d > 2:
            jitter = rng.uniform(-3, 3)
            r = 0.28 * d + 2 + rng.uniform(0, 2)
            pygame.draw.circle(surface, _shade(VEGETATION, 0.7 * k), (px + jitter, py_crest - d), r)
            pygame.draw.circle(
                surface,
                _shade(VEGETATION, 1.2 * k),
                (px + jitter - 0.3 * r, py_crest - d - 0.3 * r),
                0.45 * r,
            )


def _draw_sky_rim(surface, state, view, k):
    """The map's rim glows with the low sky's luminance in that direction, as seen from the
    map's centre: the brighter seaward horizon and the moon's lobe are the hatchling's cues."""
    w, h = view.width, view.height
    n = 2 * (w + h) // 6
    t = np.linspace(0.0, 1.0, n, endpoint=False) * 2 * (w + h)
    px = np.where(t < w, t, np.where(t < w + h, w - 1, np.where(t < 2 * w + h, 2 * w + h - t, 0)))
    py = np.where(
        t < w, 0, np.where(t < w + h, t - w, np.where(t < 2 * w + h, h - 1, 2 * (w + h) - t))
    )
    az = np.arctan2(-(py - 0.5 * h), px - 0.5 * w)
    lum = np.array([dyn.sky_luminance(state, a, 0) for a in az])
    b = np.log10(lum)
    b = (b - b.min()) / max(b.max() - b.min(), 0.05)  # where it is brightest, not how bright
    rim = pygame.Surface((w, h), pygame.SRCALPHA)
    for x0, y0, bi in zip(px, py, b, strict=True):
        c = _shade((25 + 200 * bi, 30 + 200 * bi, 45 + 210 * bi), k)
        rim.fill((*c, 230), (x0 - RIM, y0 - RIM, 2 * RIM, 2 * RIM))
    rim.fill((0, 0, 0, 0), (RIM, RIM, w - 2 * RIM, h - 2 * RIM))
    surface.blit(rim, (0, 0))


def _draw_moon(surface, state, view):
    """The moon at the map's edge in its azimuth, in its phase, with a glow (H12)."""
    phase = state[dyn.MOON_PHASE]
    if phase <= 0.02:
        return
    w, h = view.width, view.height
    mx, my = state[dyn.MOON_X], state[dyn.MOON_Y]
    t = min(0.5 * w / max(abs(mx), 1e-6), 0.5 * h / max(abs(my), 1e-6)) - 18
    cx, cy = 0.5 * w + mx * t, 0.5 * h - my * t
    lowness = 1.0 / (1.0 + (state[dyn.MOON_ALT] / 0.5) ** 2)
    glow = pygame.Surface((w, h), pygame.SRCALPHA)
    for r, a in ((70, 8), (44, 16), (26, 28)):
        pygame.draw.circle(
            glow, (120, 125, 150, int(a * (0.3 + phase) * (0.5 + lowness))), (cx, cy), r
        )
    surface.blit(glow, (0, 0))
    r = 9
    disc = pygame.Surface((2 * r + 2, 2 * r + 2), pygame.SRCALPHA)
    pygame.draw.circle(disc, (*MOON, 255), (r + 1, r + 1), r)
    shadow = 2.0 * r * phase  # the unlit part slides off the disc as the phase grows
    pygame.draw.circle(disc, (0, 0, 0, 0), (r + 1 - shadow - 0.2 * r, r + 1), r)
    surface.blit(disc, (cx - r - 1, cy - r - 1))


def draw_light(surface, x, y, i_short, i_long, view):
    """An artificial light: white when both channels shine, amber when mostly the long one."""
    px, py = view.to_px(x, y)
    color = _light_color(i_short, i_long)
    size = 4.0 + 2.0 * np.log10(max(i_long, 1.0))
    glow = pygame.Surface((view.width, view.height), pygame.SRCALPHA)
    for f, a in ((5.0, 25), (3.0, 45), (1.8, 80)):
        pygame.draw.circle(glow, (*color, a), (px, py), size * f)
    surface.blit(glow, (0, 0))
    pygame.draw.circle(surface, (20, 20, 20), (px, py), 5)
    pygame.draw.circle(surface, color, (px, py), 3)


def draw_track(surface, track, view, color=(170, 150, 110)):
    """A hatchling's crawl so far, as a thin line of (x, y) points."""
    if len(track) >= 2:
        pygame.draw.lines(surface, color, False, [view.to_px(x, y) for x, y in track], 1)


def draw_hatchling(surface, x, y, heading, color, view, size=0.6):
    """A small turtle: an oval shell, four flippers and a heading line; size in metres."""
    px, py = view.to_px(x, y)
    r = max(size * view.scale, 4.0)
    fx, fy = np.cos(heading), -np.sin(heading)  # screen y points down
    lx, ly = -fy, fx
    for s_f, s_l in ((0.5, 1.0), (0.5, -1.0), (-0.6, 0.8), (-0.6, -0.8)):
        ax, ay = px + r * (s_f * fx + 0.5 * s_l * lx), py + r * (s_f * fy + 0.5 * s_l * ly)
        pygame.draw.line(
            surface, color, (ax, ay), (ax + 1.2 * r * s_l * lx, ay + 1.2 * r * s_l * ly), 2
        )
    pygame.draw.circle(surface, OUTLINE, (px, py), r + 1)
    pygame.draw.circle(surface, color, (px, py), r)
    pygame.draw.circle(surface, color, (px + 1.3 * r * fx, py + 1.3 * r * fy), 0.45 * r)
    pygame.draw.line(surface, OUTLINE, (px, py), (px + 3.0 * r * fx, py + 3.0 * r * fy), 1)


def rgb_array(state, params, width=600, height=400, track=None):
    """One frame of the episode in `state` as uint8[height, width, 3] (no display needed)."""
    surface = pygame.Surface((width, height))
    view = make_view(state, width, height, params.half_width)
    draw_beach(surface, state, params, view)
    if track is not None:
        draw_track(surface, track, view)
    draw_hatchling(surface, state[dyn.X], state[dyn.Y], state[dyn.HEADING], HATCHLING, view)
    return np.ascontiguousarray(pygame.surfarray.array3d(surface).transpose(1, 0, 2))
