"""The viewer: panes of clutches (or of one Gymnasium episode), the HUD, keys and the mouse.

`Viewer` draws onto any Surface and takes pygame events, so the same object runs a window and
records without a screen (`instinct.viewer.loop`), and tests drive it with injected events.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pygame

from instinct.rng import stream
from instinct.viewer.hud import DIM, INK, PAUSED, Hud
from instinct.viewer.panes import BeachPane, GymPane

FPS = 30
SPEEDS = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
HOLD_FRAMES = 45  # frames the end of a beach stays on screen before the next one


def beach_key(seed: int, beach: int) -> int:
    """The episode key of the viewer's beach number `beach` (its own stream, never a training
    or held-out key's purpose)."""
    return int(stream(seed, beach, "viewer").integers(0, 1 << 31))


class Viewer:
    def __init__(self, source, size=(1100, 680), agents: int = 20, seed: int = 0, fps: int = FPS):
        from instinct.evaluate import fused_core
        from instinct.worlds import world_for

        self.source, self.size, self.agents, self.seed, self.fps = source, size, agents, seed, fps
        # A clutch on a beach needs a world that places its agents (pose slots); any other world
        # plays through its gym face, one episode at a time, drawn by its env.render().
        world = world_for(source.env_id)
        self.core = fused_core(source.env_id) if world and world.pose_slots else None
        self.hud = Hud(scale=max(0.8, min(size[0] / 1100, 1.3)))
        self.beach, self.key = 0, beach_key(seed, 0)
        self.network = "full"
        self.compare = False
        self.paused, self.speed_i, self.credit = False, SPEEDS.index(1.0), 0.0
        self.show_help, self.msg, self.msg_until = False, "", 0.0
        self.lights: list[tuple[float, float, float]] = []
        self.net_images: dict[tuple, object] = {}
        self.net_titles: dict[tuple, str] = {}
        self.hold = 0
        self.screenshots, self.pending_screenshot = 0, False
        self.shots_dir = shots_dir(source)
        self.shown_fps: float | None = None  # frames a second really shown (None: self.fps)
        self.build()

    # panes -------------------------------------------------------------------------------
    def build(self) -> None:
        """(Re)make the panes for the current mode, on the current beach, with the lights."""
        nets = [self.source.full, self.source.ticket] if self.compare else [self.current()]
        w = self.size[0] // len(nets)
        self.panes = [self._pane(net, (w, self.size[1])) for net in nets]
        self.hold = 0

    def current(self):
        return self.source.ticket if self.network == "ticket" else self.source.full

    def _pane(self, net, size):
        if self.core is not None:
            pane = BeachPane(
                self.core, self.source.arch, net.params, self.agents, self.key, size, net.label
            )
            pane.lights = list(self.lights)
            pane.reset(self.key)
            return pane
        return GymPane(self.source.env_id, self.source.arch, net.params, self.key, size, net.label)

    def new_beach(self) -> None:
        self.beach += 1
        self.key = beach_key(self.seed, self.beach)
        for p in self.panes:
            p.reset(self.key)
        self.hold = 0

    @property
    def done(self) -> bool:
        return all(p.done for p in self.panes)

    # input -------------------------------------------------------------------------------
    def say(self, text: str, seconds: float = 3.0) -> None:
        self.msg, self.msg_until = text, time.monotonic() + seconds

    def handle(self, event) -> bool:
        """Apply one pygame event; False when the viewer should close."""
        if event.type == pygame.QUIT:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            self.click(event.pos, warmth=1.0 if event.button == 3 else 0.0)
        if event.type != pygame.KEYDOWN:
            return True
        ch = getattr(event, "unicode", "") or ""
        key = event.key
        if key in (pygame.K_q, pygame.K_ESCAPE) or ch == "q":
            return False
        if key == pygame.K_SPACE or ch == " ":
            self.paused = not self.paused
        elif ch == "." or key in (pygame.K_PERIOD, pygame.K_KP_PERIOD):
            self.paused = True
            self.advance(1)
        elif ch in ("+", "=") or key in (pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_EQUALS):
            self.speed_i = min(self.speed_i + 1, len(SPEEDS) - 1)
        elif ch in ("-", "_") or key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.speed_i = max(self.speed_i - 1, 0)
        elif ch == "r" or key == pygame.K_r:
            self.new_beach()
        elif ch == "t" or key == pygame.K_t:
            self.toggle_network()
        elif ch == "c" or key == pygame.K_c:
            self.toggle_compare()
        elif ch == "x" or key == pygame.K_x:
            self.lights = []
            for p in self.panes:
                p.clear_lights()
            self.say("lights cleared; the beach starts again")
        elif ch == "s" or key == pygame.K_s:
            self.pending_screenshot = True
        elif ch == "h" or key == pygame.K_h:
            self.show_help = not self.show_help
        return True

    def toggle_network(self) -> None:
        if self.source.ticket is None:
            self.say("no ticket to show: give --mask FILE, or prune the run (instinct prune)")
            return
        self.network = "full" if self.network == "ticket" else "ticket"
        self.compare = False
        self.build()
        self.say(f"now playing: {self.current().label}")

    def toggle_compare(self) -> None:
        if self.source.ticket is None:
            self.say("nothing to compare: give --mask FILE, or prune the run (instinct prune)")
            return
        self.compare = not self.compare
        self.build()

    def click(self, pos, warmth: float = 0.0) -> None:
        w = self.size[0] // len(self.panes)
        i = min(pos[0] // w, len(self.panes) - 1)
        px, py = pos[0] - i * w, pos[1]
        x, y = self.panes[i].view.to_world(px, py) if hasattr(self.panes[i], "view") else (0.0, 0.0)
        placed, text = False, ""
        for p in self.panes:  # the same spot on every pane's beach
            view = getattr(p, "view", None)
            qx, qy = view.to_px(x, y) if view is not None else (px, py)
            placed, text = p.add_light(qx, qy, warmth)
        if placed:
            self.lights.append((float(x), float(y), warmth))
        self.say(text)

    # time --------------------------------------------------------------------------------
    def advance(self, steps: int) -> None:
        for _ in range(steps):
            for p in self.panes:
                p.step()

    def update(self, auto_next: bool = True) -> None:
        """One display frame: SPEEDS[speed_i] world steps (fractions accumulate)."""
        if self.done:
            self.hold += 1
            if auto_next and not self.paused and self.hold >= HOLD_FRAMES:
                self.new_beach()
            return
        if self.paused:
            return
        self.credit += SPEEDS[self.speed_i]
        n = int(self.credit)
        self.credit -= n
        self.advance(n)

    # drawing -----------------------------------------------------------------------------
    def draw(self, surface) -> None:
        w = self.size[0] // len(self.panes)
        hud = self.hud_lines()
        hud_rect = self.hud.panel(pygame.Surface((1, 1)), hud)  # measure: the drawing avoids it
        for i, p in enumerate(self.panes):
            sub = surface.subsurface((i * w, 0, w, self.size[1]))
            p.draw(sub)
            net = self.source.full if p.label == self.source.full.label else self.source.ticket
            self._draw_network(sub, net or self.source.full, hud_rect.move(-i * w, 0))
            if len(self.panes) > 1:
                self.hud.panel(sub, [p.label, self._tally(p)], midbottom=(w // 2, self.size[1] - 8))
                pygame.draw.line(surface, (0, 0, 0), (i * w, 0), (i * w, self.size[1]), 2)
        self.hud.panel(surface, hud)
        if self.show_help:
            self.hud.help(surface)
        if self.msg and time.monotonic() < self.msg_until:
            self.hud.message(surface, self.msg)
        if self.pending_screenshot:
            self.pending_screenshot = False
            self.save_screenshot(surface)

    def _draw_network(self, surface, net, avoid=None) -> None:
        """The network in the pane's top-right corner, below the HUD panel where they would
        overlap (drawn once per network and pane width, then reused)."""
        from instinct.viewer.netdraw import network_surface

        key = (net.label, surface.get_width())
        if key not in self.net_images:
            weights = int(np.count_nonzero(net.params[self.source.arch.weight_mask()]))
            pct = f"{100 * net.weights_left:.3g}%"
            w = min(200, surface.get_width() // 4)
            room = surface.get_width() // 2  # never wider than half its pane
            # the longest title that fits: the drawing widens for it, up to half the pane
            for title in (f"{weights} weights on, {pct}", f"{weights} on, {pct}", pct):
                need = self.hud.font.size(title)[0] + 12
                if need <= max(w, room):
                    break
            w = min(max(w, need), max(w, room))
            self.net_titles[key] = title
            self.net_images[key] = network_surface(
                self.source.arch, net.params, (w, int(min(w, 200) * 0.55)), title, self.hud.font
            )
        img = self.net_images[key]
        rect = img.get_rect(topright=(surface.get_width() - 8, 8))
        if avoid is not None and rect.colliderect(avoid):
            rect.top = avoid.bottom + 8
        surface.blit(img, rect)

    def _tally(self, pane):
        if isinstance(pane, GymPane):
            state = f"  ({pane.ended})" if pane.ended else ""
            return [(f"return {pane.total:.1f} after {pane.steps} steps{state}", INK)]
        c = pane.clutch
        return self.hud.tally(pane.counts(), c.n, int((c.codes == 0).sum()))

    def hud_lines(self) -> list:
        s, p = self.source, self.panes[0]
        where = f"  ·  run {s.run.name}" if s.run else ""
        lines = [[(s.path.name, INK), (where, DIM)]]
        gen = f"  ·  {lineage(s)}" if s.generation is not None else ""
        lines.append([(s.env_id, INK), (gen, DIM)])
        if s.birth_score and s.birth_score.get("mean_return") is not None:
            b = s.birth_score
            ci = b.get("ci95") or [b["mean_return"]] * 2
            text = f"birth score {b['mean_return']:.3g} (95% CI {ci[0]:.3g}-{ci[1]:.3g})"
            if b.get("success_rate") is not None:
                text += f", {100 * b['success_rate']:.0f}% {self.success_name()}"
            lines.append([(text, DIM)])
        if not self.compare:
            net = self.current()
            sparsity = (
                f"  ·  sparsity {100 * (1 - net.weights_left):.0f}%" if net.weights_left < 1 else ""
            )
            lines.append([(f"playing: {net.label}", INK), (sparsity, DIM)])
            lines.append(self._tally(p))
        if isinstance(p, BeachPane):
            fps = self.shown_fps or self.fps
            speed = f"{SPEEDS[self.speed_i] * fps * p.clutch.wp.dt:.2g}x real time"
            where = f"beach {self.beach + 1}  ·  t = {p.clutch.time_s:.0f} s"
        else:
            speed = f"speed {SPEEDS[self.speed_i]:g}"
            where = f"episode {self.beach + 1}  ·  t = {p.time_s:.0f} s"
        state = "  ·  PAUSED" if self.paused else ""
        lines.append([(f"{where}  ·  {speed}", DIM), (state, PAUSED), ("  ·  h: help", DIM)])
        return lines

    def success_name(self) -> str:
        """What success is called in this world ('reached sea'), else 'succeeded'."""
        names, code = getattr(self.core, "OUTCOMES", ()), getattr(self.core, "SUCCESS", None)
        return names[code] if code is not None and code < len(names) else "succeeded"

    def key_colors(self) -> list[tuple]:
        """Colours a recording must keep exactly: markers, sprites, text, the network's lines."""
        from instinct.viewer import hud, netdraw, panes

        render = getattr(self.panes[0], "render", None)
        sprite = [render.HATCHLING, render.OUTLINE] if render is not None else []
        return [
            *panes.MARKS.values(),
            panes.TRACK,
            *sprite,
            hud.INK,
            hud.DIM,
            hud.KEY,
            hud.NOTE,
            hud.PAUSED,
            netdraw.POS,
            netdraw.NEG,
            netdraw.NODE,
            (0, 0, 0),
            (255, 255, 255),
        ]

    def save_screenshot(self, surface, folder: Path | None = None) -> Path:
        folder = Path(folder or self.shots_dir)
        folder.mkdir(parents=True, exist_ok=True)
        self.screenshots += 1
        stem = self.source.path.stem if self.source.run is None else self.source.run.name
        path = folder / f"{stem}-beach{self.beach + 1:03d}-{self.screenshots:02d}.png"
        pygame.image.save(surface, str(path))
        self.say(f"saved {path}")
        print(f"screenshot: {path}", flush=True)
        return path


def shots_dir(source) -> Path:
    """Where `s` saves screenshots: RUN/screenshots when watching a run (or a genome inside one),
    else runs/screenshots, where runs go by default; never the current folder itself."""
    if source.run is not None:
        return source.run / "screenshots"
    if (source.path.parent / "config.toml").is_file():
        return source.path.parent / "screenshots"
    return Path("runs") / "screenshots"


def lineage(source) -> str:
    """The genome's age in the words of genomes/README.md: the run's generations, and for a seed
    chain the generation its last mutation came from (numbered from 0, as in metrics.csv)."""
    n = source.generation
    text = f"evolved {n} generation{'s' * (n != 1)}"
    if source.chain_length:
        text += f", born in generation {source.chain_length - 1}"
    return text
