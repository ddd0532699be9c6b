"""Running the viewer: a window with the event loop, or a recording with no screen at all."""

from __future__ import annotations

import os
import sys

import pygame

from instinct.viewer.app import SPEEDS, Viewer

RECORD_FPS = 20  # frames a second of a recorded GIF


def display_available() -> bool:
    """Whether pygame can open a window a person can see (the dummy and offscreen SDL drivers
    open windows nobody sees, so they count as no display)."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        return False
    if os.name == "posix" and "darwin" not in sys.platform:
        display, wayland = os.environ.get("DISPLAY"), os.environ.get("WAYLAND_DISPLAY")
        if not (display or wayland):
            return False
        if display and not wayland and not x_server_up(display):
            return False  # asked before SDL, which would print its own errors
    try:
        pygame.display.init()
        # With DISPLAY naming a display that has no X server, SDL quietly falls back to its
        # offscreen driver: a window nobody sees, drawn at full speed.
        seen = pygame.display.get_driver() not in ("dummy", "offscreen")
        ok = seen and pygame.display.get_num_displays() > 0
    except pygame.error:
        return False
    if not ok:
        pygame.display.quit()
    return ok


def x_server_up(display: str, timeout: float = 1.0) -> bool:
    """Whether an X server answers at DISPLAY (":0", "unix:1.0", "host:10.0"); True when the
    name has another form, so that SDL decides."""
    import socket

    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return True
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        for address in (path, "\0" + path):  # the socket file, or Linux's abstract socket
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(timeout)
                try:
                    s.connect(address)
                    return True
                except OSError:
                    continue
        return False
    try:
        with socket.create_connection((host, 6000 + int(number)), timeout=timeout):
            return True
    except OSError:
        return False


def run_window(viewer: Viewer) -> None:
    """The interactive loop: a window until q, Esc or the window's close button."""
    pygame.display.init()
    screen = pygame.display.set_mode(viewer.size)
    pygame.display.set_caption(f"instinct watch: {viewer.source.path.name}")
    clock = pygame.time.Clock()
    viewer.say("h: help  ·  click on the sand for a light", 5.0)
    running = True
    while running:
        for event in pygame.event.get():
            running = running and viewer.handle(event)
        viewer.update()
        viewer.draw(screen)
        pygame.display.flip()
        clock.tick(viewer.fps)
        viewer.shown_fps = clock.get_fps() or None  # the HUD's speed: frames really shown
    pygame.display.quit()


def record(viewer: Viewer, out, frames: int | None = None, every: int | None = None):
    """Record without a screen: `frames` frames, or until every pane's episode has ended; a frame
    every `every` world steps (default: 1 on a beach, 2 in a Gymnasium env). Returns the path
    written and the number of frames."""
    from instinct.viewer.record import Recorder

    every = every or (1 if viewer.core is not None else 2)
    surface = pygame.Surface(viewer.size)
    rec = Recorder(out, fps=RECORD_FPS, key_colors=viewer.key_colors())
    viewer.shown_fps = rec.fps  # the HUD's "x real time" is the recording's
    limit = frames or 10_000
    viewer.speed_i = SPEEDS.index(1.0)
    while rec.count < limit:
        viewer.draw(surface)
        rec.add(surface)
        if frames is None and viewer.done:
            break
        for _ in range(every):
            viewer.update(auto_next=False)
    return rec.close(), rec.count
