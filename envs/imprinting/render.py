"""Drawing the Imprinting world top-down with pygame, for `env.render()` (and later the viewer).

Everything draws onto a given `pygame.Surface` through a `View` (world metres <-> pixels), so an
offscreen Surface (no display, works under SDL_VIDEODRIVER=dummy) and a window share the code.
Objects are discs in the colour of their channels (UV violet, S blue, M green, L red) sized by
their radius; the one carrying the predisposition cue has a head; the imprinted one has a white
ring; a line joins the duckling to the object it is beside.
"""

import os
from typing import NamedTuple

import numpy as np

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout
import pygame  # noqa: E402
from instinct_envs.imprinting import params as lay

GROUND, WALL, TRACK = (92, 118, 70), (60, 70, 50), (200, 190, 120)
DUCKLING, OUTLINE, RING = (250, 214, 60), (40, 34, 20), (250, 250, 250)
CHANNEL_RGB = np.array([[150, 60, 220], [50, 90, 230], [40, 190, 70], [225, 60, 40]], float)


class View(NamedTuple):
    """World -> pixel map, the arena centred: px = cx + x * scale, py = cy - y * scale."""

    scale: float
    cx: float
    cy: float

    def to_px(self, x, y):
        return self.cx + x * self.scale, self.cy - y * self.scale


def make_view(width, height, half_size):
    scale = min(width, height) / (2.0 * half_size + 1.0)
    return View(scale, width / 2.0, height / 2.0)


def poses(states):
    """x, y, heading of every duckling in states f64[N, STATE_DIM]."""
    return states[:, lay.X], states[:, lay.Y], states[:, lay.HEADING]


def object_rgb(colour):
    """A display colour for the channel values f[N_COLOURS]."""
    w = np.asarray(colour, float)
    return tuple(int(v) for v in np.clip(w @ CHANNEL_RGB / max(w.sum(), 1e-9), 0, 255))


def draw_arena(surface, params, view):
    surface.fill(WALL)
    a = params.half_size
    x0, y0 = view.to_px(-a, a)
    side = 2 * a * view.scale
    pygame.draw.rect(surface, GROUND, pygame.Rect(x0, y0, side, side))


def draw_objects(surface, state, view):
    for i in range(lay.N_OBJECTS):
        o = lay.OBJECTS + i * lay.OBJ_SIZE
        if state[o + lay.OVISIBLE] == 0.0:
            continue
        px, py = view.to_px(state[o + lay.OX], state[o + lay.OY])
        r = max(int(state[o + lay.OSIZE] * view.scale), 3)
        rgb = object_rgb(state[o + lay.OCOLOUR : o + lay.OCOLOUR + lay.N_COLOURS])
        pygame.draw.circle(surface, rgb, (px, py), r)
        if state[o + lay.OCUE] != 0.0:  # a head on a neck
            hx = px + 1.3 * r * state[o + lay.OCOS]
            hy = py - 1.3 * r * state[o + lay.OSIN]
            pygame.draw.circle(surface, rgb, (hx, hy), max(r // 2, 2))
        if i == 0:
            pygame.draw.circle(surface, RING, (px, py), r + 2, 2)


def beside(state, params):
    """Index of the object the duckling is beside (within beside_radius, nearest), or -1."""
    best, best_d = -1, params.beside_radius
    for i in range(lay.N_OBJECTS):
        o = lay.OBJECTS + i * lay.OBJ_SIZE
        if state[o + lay.OVISIBLE] == 0.0:
            continue
        d = np.hypot(state[o + lay.OX] - state[lay.X], state[o + lay.OY] - state[lay.Y])
        if d <= best_d:
            best, best_d = i, d
    return best


def draw_track(surface, track, view, color=TRACK):
    if len(track) > 1:
        pygame.draw.lines(surface, color, False, [view.to_px(x, y) for x, y in track], 1)


def draw_duckling(surface, x, y, heading, color, view, size=0.35):
    c, s = np.cos(heading), np.sin(heading)
    pts = [(x + size * c, y + size * s), (x - size * (c - 0.6 * s), y - size * (s + 0.6 * c)),
           (x - size * (c + 0.6 * s), y - size * (s - 0.6 * c))]  # fmt: skip
    px = [view.to_px(*p) for p in pts]
    pygame.draw.polygon(surface, color, px)
    pygame.draw.polygon(surface, OUTLINE, px, 1)


def rgb_array(state, params, width=400, height=400, track=None):
    """The arena as uint8[height, width, 3]."""
    surface = pygame.Surface((width, height))
    view = make_view(width, height, params.half_size)
    draw_arena(surface, params, view)
    draw_track(surface, track or [], view)
    draw_objects(surface, state, view)
    i = beside(state, params)
    if i >= 0:
        o = lay.OBJECTS + i * lay.OBJ_SIZE
        start = view.to_px(state[lay.X], state[lay.Y])
        end = view.to_px(state[o + lay.OX], state[o + lay.OY])
        pygame.draw.line(surface, RING if i == 0 else (200, 40, 40), start, end, 2)
    draw_duckling(surface, state[lay.X], state[lay.Y], state[lay.HEADING], DUCKLING, view)
    return np.ascontiguousarray(pygame.surfarray.array3d(surface).transpose(1, 0, 2))
