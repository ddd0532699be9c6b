"""A small drawing of the network being played: layers as columns of nodes, every weight that is
on as a line (blue positive, orange negative, stronger = more opaque). A ticket shows as the few
lines its mask keeps; the full network as all of them."""

from __future__ import annotations

import numpy as np
import pygame

POS, NEG, NODE = (90, 170, 255), (255, 150, 60), (230, 226, 210)


def network_surface(arch, params, size=(230, 130), title: str = "", font=None):
    """A translucent Surface with the network drawn on it (cache it: it never changes)."""
    w, h = size
    surf = pygame.Surface(size, pygame.SRCALPHA)
    surf.fill((8, 10, 16, 190))
    top = 4
    if title and font is not None:
        img = font.render(title, True, NODE)
        surf.blit(img, (6, 3))
        top = img.get_height() + 6
    sizes = arch.sizes
    xs = np.linspace(14, w - 14, len(sizes))
    ys = [np.linspace(top + 6, h - 8, n) if n > 1 else np.array([(top + h) / 2]) for n in sizes]
    params = np.asarray(params, np.float32)
    scale = float(np.abs(params[arch.weight_mask()]).max()) or 1.0
    lines = pygame.Surface(size, pygame.SRCALPHA)
    for layer, (wsl, _, n_in, n_out) in enumerate(arch.layers()):
        weights = params[wsl].reshape(n_in, n_out)
        for i, j in zip(*np.nonzero(weights), strict=True):
            v = float(weights[i, j])
            alpha = int(40 + 200 * min(abs(v) / scale, 1.0))
            pygame.draw.aaline(
                lines,
                (*(POS if v > 0 else NEG), alpha),
                (xs[layer], ys[layer][i]),
                (xs[layer + 1], ys[layer + 1][j]),
            )
    surf.blit(lines, (0, 0))
    r = 2 if max(sizes) > 24 else 3
    for x, column in zip(xs, ys, strict=True):
        for y in column:
            pygame.draw.circle(surf, NODE, (x, y), r)
    return surf
