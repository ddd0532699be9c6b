"""The viewer's text: the HUD panel, each pane's label and tally, messages and the help screen."""

from __future__ import annotations

import pygame

from instinct.viewer.panes import MARKS

HELP = [
    ("space", "pause / go on"),
    (".", "one step (pauses)"),
    ("+  -", "faster / slower"),
    ("r", "a new beach (new seed)"),
    ("t", "switch between the full network and the ticket"),
    ("c", "compare full network and ticket side by side"),
    ("click", "a white light on the sand (right click: amber)"),
    ("x", "clear the lights"),
    ("s", "save a screenshot"),
    ("h", "show / hide this help"),
    ("q  Esc", "quit"),
]
INK, DIM, PANEL = (236, 232, 218), (170, 170, 160), (8, 10, 16, 190)
KEY, NOTE, PAUSED = (255, 220, 140), (255, 225, 150), (255, 200, 120)


class Hud:
    def __init__(self, scale: float = 1.0):
        pygame.font.init()
        self.font = pygame.font.Font(None, round(20 * scale))
        self.bold = pygame.font.Font(None, round(22 * scale))
        self.bold.set_bold(True)
        self.pad = round(7 * scale)

    def _line(self, parts, font=None):
        """A line as one Surface from (text, colour) parts, or from one string."""
        font = font or self.font
        if isinstance(parts, str):
            parts = [(parts, INK)]
        images = []
        for text, color, *width in parts:  # an optional third item: the column's width, px
            img = font.render(text, True, color)
            images.append((img, max(img.get_width(), *width) if width else img.get_width()))
        w = sum(width for _, width in images)
        h = max((i.get_height() for i, _ in images), default=font.get_height())
        line = pygame.Surface((max(w, 1), h), pygame.SRCALPHA)
        x = 0
        for img, width in images:
            line.blit(img, (x, 0))
            x += width
        return line

    def panel(self, surface, lines, topleft=None, midbottom=None, bold_first=False) -> pygame.Rect:
        """Lines of text on a translucent dark panel; returns the panel's rectangle."""
        imgs = [
            self._line(line, self.bold if bold_first and i == 0 else None)
            for i, line in enumerate(lines)
        ]
        w = max(i.get_width() for i in imgs) + 2 * self.pad
        h = sum(i.get_height() + 2 for i in imgs) + 2 * self.pad - 2
        rect = pygame.Rect(0, 0, w, h)
        if midbottom is not None:
            rect.midbottom = midbottom
        else:
            rect.topleft = topleft or (self.pad, self.pad)
        back = pygame.Surface(rect.size, pygame.SRCALPHA)
        back.fill(PANEL)
        surface.blit(back, rect.topleft)
        y = rect.top + self.pad
        for img in imgs:
            surface.blit(img, (rect.left + self.pad, y))
            y += img.get_height() + 2
        return rect

    def tally(self, counts: dict[str, int], total: int, running: int) -> list:
        """'reached sea 14/20 · predated 2 · ... · crawling 3' with each outcome in its colour."""
        parts = [(f"reached the sea {counts.get('reached sea', 0)}/{total}", MARKS["reached sea"])]
        for name, n in counts.items():
            if name != "reached sea":
                parts += [("  ·  ", DIM), (f"{name} {n}", MARKS.get(name, INK))]
        if running:
            parts += [("  ·  ", DIM), (f"crawling {running}", INK)]
        return parts

    def help(self, surface) -> None:
        lines = [[("keys and mouse", INK)]]
        col = 7 * self.font.size("m")[0]
        lines += [[(key, KEY, col), (what, INK)] for key, what in HELP]
        lines += [
            [("", INK)],
            [
                ("on the beach: ", DIM),
                ("ring", MARKS["reached sea"]),
                (" reached the sea, ", DIM),
                ("cross", MARKS["predated"]),
                (" taken / exhausted / lost", DIM),
            ],
        ]
        lines += [[("the rim glows where the low sky is brightest: the hatchlings' cue", DIM)]]
        w, h = surface.get_size()
        rect = self.panel(pygame.Surface((1, 1)), lines)  # measure
        self.panel(surface, lines, topleft=((w - rect.w) // 2, (h - rect.h) // 2), bold_first=True)

    def message(self, surface, text: str) -> None:
        w, h = surface.get_size()
        self.panel(surface, [[(text, NOTE)]], midbottom=(w // 2, h - 4 * self.pad))
