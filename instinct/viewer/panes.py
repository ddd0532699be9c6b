"""What one pane of the viewer shows: a clutch on a beach of one of instinct's worlds (drawn by the
world's own render module), or one episode of any Gymnasium env that renders rgb_array.

A pane owns its simulation and draws itself onto a Surface of its size; the app arranges panes,
reads the keys and draws the HUD. Tracks and end markers are the viewer's own; the beach, the
hatchlings and the lights are drawn by `envs/<world>/render.py`, the one place a world is drawn.
"""

from __future__ import annotations

import importlib

import numpy as np
import pygame

from instinct.viewer.clutch import Clutch

# End markers: outcome name -> colour (reached the sea: a ring; any loss: a cross).
MARKS = {
    "reached sea": (120, 215, 255),
    "predated": (235, 70, 50),
    "exhausted": (245, 170, 40),
    "lost": (215, 110, 220),
    "time limit": (170, 170, 170),
}
TRACK = (235, 225, 190)
FADE_STEPS = 120  # a track fades over this many steps to its faint floor


def world_render(core):
    """The render module beside a world's core (envs/<world>/render.py), or None."""
    try:
        return importlib.import_module(core.__name__.rsplit(".", 1)[0] + ".render")
    except ImportError:
        return None


class BeachPane:
    """A clutch of N agents from one network on one beach, with fading tracks and end marks."""

    def __init__(self, core, arch, params, agents: int, key: int, size, label: str):
        self.core, self.render = core, world_render(core)
        self.size = (int(size[0]), int(size[1]))
        self.label = label
        self.clutch = Clutch(core, arch, params[None, :], agents, key)
        self.lights: list[tuple[float, float, float]] = []  # (x, y, warmth), kept across beaches
        self.reset(key)

    def reset(self, key: int) -> None:
        self.clutch.reset(key)
        for x, y, warmth in self.lights:
            self.clutch.add_light(x, y, 2000.0, warmth)
        n, t = self.clutch.n, self.clutch.wp.max_steps + 1
        self.track = np.full((n, t, 2), np.nan, np.float32)
        self._remember()
        self._background = None

    def _remember(self) -> None:
        x, y, _ = self.render.poses(self.clutch.states)
        f = min(self.clutch.frame, self.track.shape[1] - 1)
        moving = (self.clutch.codes == 0) | (self.clutch.ended_at == f - 1)
        self.track[moving, f, 0] = x[moving]
        self.track[moving, f, 1] = y[moving]

    @property
    def done(self) -> bool:
        return self.clutch.done

    def step(self) -> None:
        if not self.clutch.done:
            self.clutch.step()
            self._remember()

    @property
    def view(self):
        """The world's view of this pane; a narrow pane shows less of the shore (at least
        +-15 m) rather than a thin strip of beach over a tall sea."""
        state, (w, h) = self.clutch.states[0], self.size
        full = self.render.make_view(state, w, h, self.clutch.wp.half_width)
        tall = h / full.scale - (full.y_top + 3.0)  # metres of sea below the surf, if any spare
        if tall <= 6.0:
            return full
        half = min(max((w * (full.y_top + 3.0) / h - 4.0) / 2.0, 15.0), self.clutch.wp.half_width)
        return self.render.make_view(state, w, h, half)

    def add_light(self, px: float, py: float, warmth: float = 0.0) -> tuple[bool, str]:
        """A light where the pane was clicked: (placed, the message to show)."""
        if len(self.lights) >= getattr(self.core, "MAX_LIGHTS", 0):
            return False, "all light slots are taken (x clears them)"
        x, y = self.view.to_world(px, py)
        self.lights.append((float(x), float(y), warmth))
        self.clutch.add_light(x, y, 2000.0, warmth)
        self._background = None
        kind = "an amber" if warmth else "a white"
        return True, f"{kind} light at x = {x:+.1f} m, {y:.1f} m from the surf"

    def clear_lights(self) -> None:
        self.lights = []
        self.reset(self.clutch.key)

    def counts(self) -> dict[str, int]:
        return self.clutch.counts()

    def draw(self, surface) -> None:
        view = self.view
        if self._background is None or self._background[0] != view:
            bg = pygame.Surface(self.size)
            self.render.draw_beach(bg, self.clutch.states[0], self.clutch.wp, view)
            self._background = (view, bg)
        surface.blit(self._background[1], (0, 0))
        self._draw_tracks(surface, view)
        self._draw_agents(surface, view)

    def _draw_tracks(self, surface, view) -> None:
        layer = pygame.Surface(self.size, pygame.SRCALPHA)
        now = self.clutch.frame
        for i in range(self.clutch.n):
            pts = self.track[i]
            ok = np.flatnonzero(~np.isnan(pts[:, 0]))
            if ok.size < 2:
                continue
            px, py = view.to_px(pts[ok, 0].astype(np.float64), pts[ok, 1].astype(np.float64))
            for start in range(0, ok.size - 1, 10):
                stop = min(start + 11, ok.size)
                age = now - ok[stop - 1]
                alpha = int(60 + 170 * max(0.0, 1.0 - age / FADE_STEPS))
                seg = list(zip(px[start:stop], py[start:stop], strict=True))
                pygame.draw.lines(layer, (*TRACK, alpha), False, seg, 2)
        surface.blit(layer, (0, 0))

    def _draw_agents(self, surface, view) -> None:
        c = self.clutch
        x, y, heading = self.render.poses(c.states)
        names = getattr(self.core, "OUTCOMES", ())
        for i in range(c.n):
            if c.codes[i] == 0:
                out = c.active[i] or c.emerge[i] <= c.frame  # emerged from the nest
                color = self.render.HATCHLING if out else (70, 62, 48)
                self.render.draw_hatchling(surface, x[i], y[i], heading[i], color, view, 0.45)
                continue
            name = names[c.codes[i]] if c.codes[i] < len(names) else ""
            mark = MARKS.get(name, (200, 200, 200))
            px, py = view.to_px(x[i], y[i])
            if name == "reached sea":
                pygame.draw.circle(surface, mark, (px, py), 7, 2)
            else:
                pygame.draw.line(surface, (20, 20, 20), (px - 6, py - 6), (px + 6, py + 6), 5)
                pygame.draw.line(surface, (20, 20, 20), (px - 6, py + 6), (px + 6, py - 6), 5)
                pygame.draw.line(surface, mark, (px - 5, py - 5), (px + 5, py + 5), 3)
                pygame.draw.line(surface, mark, (px - 5, py + 5), (px + 5, py - 5), 3)


class GymPane:
    """One episode at a time of a Gymnasium env, played by one network, drawn by env.render()."""

    def __init__(self, env_id: str, arch, params, seed: int, size, label: str):
        from instinct.evaluate import make_env
        from instinct.spaces import flatten_env

        self.env = flatten_env(make_env(env_id, render_mode="rgb_array"))
        self.arch, self.net = arch, arch.kernel_args()
        self.policy_init, self.policy_step = arch.policy()
        self.params = np.ascontiguousarray(params[None, :], np.float32)
        self.size = (int(size[0]), int(size[1]))
        self.label = label
        self.actions = np.zeros((1, max(arch.act_dim, 1)), np.float32)
        self.reset(seed)

    def reset(self, key: int) -> None:
        self.key = int(key)
        self.obs, _ = self.env.reset(seed=self.key)
        from instinct.kernels.forward import policy_init_batch

        self.hidden = np.zeros((1, self.net.hidden_dim), np.float32)
        rows = np.zeros(1, np.int64)
        policy_init_batch(self.policy_init, self.params, rows, self.net, self.hidden)
        self.total, self.steps, self.ended = 0.0, 0, ""
        self.frame_cache = None

    @property
    def done(self) -> bool:
        return bool(self.ended)

    @property
    def time_s(self) -> float:
        fps = (self.env.metadata or {}).get("render_fps") or 50
        return self.steps / fps

    def step(self) -> None:
        from instinct.kernels.forward import policy_batch

        if self.ended:
            return
        obs = np.ascontiguousarray(self.obs, np.float32).reshape(1, -1)
        policy_batch(
            self.policy_step,
            self.params,
            np.zeros(1, np.int64),
            self.net,
            self.hidden,
            obs,
            self.actions,
        )
        act = int(self.actions[0, 0]) if self.arch.output == "argmax" else self.actions[0].copy()
        self.obs, reward, terminated, truncated, _ = self.env.step(act)
        self.total += float(reward)
        self.steps += 1
        if terminated or truncated:
            self.ended = "terminated" if terminated else "time limit"
        self.frame_cache = None

    def counts(self) -> dict[str, int]:
        return {}

    def add_light(self, px, py, warmth=0.0) -> tuple[bool, str]:
        return False, "lights are part of instinct's own worlds only"

    def clear_lights(self) -> None:
        pass

    def draw(self, surface) -> None:
        if self.frame_cache is None:
            frame = np.asarray(self.env.render(), np.uint8)
            img = pygame.surfarray.make_surface(frame.transpose(1, 0, 2))
            w, h = self.size
            k = min(w / img.get_width(), h / img.get_height())
            img = pygame.transform.smoothscale(
                img, (int(img.get_width() * k), int(img.get_height() * k))
            )
            self.frame_cache = img
        surface.fill((24, 24, 28))
        img = self.frame_cache
        surface.blit(
            img, ((self.size[0] - img.get_width()) // 2, (self.size[1] - img.get_height()) // 2)
        )

    def close(self) -> None:
        self.env.close()
