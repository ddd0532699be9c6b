"""Drawing the Digits world in plain numpy: the image on show, the answer, a confusion matrix.

No font is needed: the digits of the answer column are drawn from a 3x5 pixel font. Used by the
gym face's `render()` and by `instinct`'s viewer path for this world.
"""

import numpy as np
from instinct_envs.digits import dynamics as dyn

# 3x5 glyphs of 0..9, one string per row ("#" = ink).
_GLYPHS = (
    ("###", "#.#", "#.#", "#.#", "###"),
    (".#.", "##.", ".#.", ".#.", "###"),
    ("###", "..#", "###", "#..", "###"),
    ("###", "..#", "###", "..#", "###"),
    ("#.#", "#.#", "###", "..#", "..#"),
    ("###", "#..", "###", "..#", "###"),
    ("###", "#..", "###", "#.#", "###"),
    ("###", "..#", ".#.", ".#.", ".#."),
    ("###", "#.#", "###", "#.#", "###"),
    ("###", "#.#", "###", "..#", "###"),
)
GLYPHS = np.array([[[c == "#" for c in row] for row in g] for g in _GLYPHS], bool)  # [10, 5, 3]

BACKGROUND = (24, 24, 32)
RIGHT_COLOR = (60, 170, 90)
WRONG_COLOR = (200, 60, 60)
LABEL_COLOR = (240, 200, 80)
INK = (230, 230, 230)


def _glyph(img, digit, x, y, scale, color):
    mask = np.kron(GLYPHS[digit], np.ones((scale, scale), bool))
    h, w = mask.shape
    img[y : y + h, x : x + w][mask] = color


def _frame(img, x, y, w, h, color, t=2):
    img[y : y + t, x : x + w] = color
    img[y + h - t : y + h, x : x + w] = color
    img[y : y + h, x : x + t] = color
    img[y : y + h, x + w - t : x + w] = color


def draw_image(img, pixels, x, y, cell):
    """The 8x8 image (values in [0, 1]) as grey cells of `cell` pixels, white ink on black."""
    grey = (np.asarray(pixels, np.float64).reshape(8, 8) * 255).astype(np.uint8)
    block = np.kron(grey, np.ones((cell, cell), np.uint8))
    img[y : y + 8 * cell, x : x + 8 * cell] = block[..., None]


def draw_answers(img, answer, label, x, y, cell):
    """A column of the ten digits: the answer filled (green right, red wrong), the truth framed."""
    for d in range(dyn.NUM_CLASSES):
        top = y + d * cell
        if d == answer:
            img[top : top + cell, x : x + cell] = RIGHT_COLOR if answer == label else WRONG_COLOR
        if d == label:
            _frame(img, x, top, cell, cell, LABEL_COLOR)
        scale = max(cell // 8, 1)
        _glyph(img, d, x + (cell - 3 * scale) // 2, top + (cell - 5 * scale) // 2, scale, INK)


def draw_confusion(img, confusion, x, y, cell):
    """confusion i64[10, 10] (rows: true digit, columns: answer) as cells, brighter = more."""
    counts = np.asarray(confusion, np.float64)
    rows = np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    share = counts / rows
    for t in range(dyn.NUM_CLASSES):
        for a in range(dyn.NUM_CLASSES):
            good = RIGHT_COLOR if t == a else WRONG_COLOR
            color = [int(BACKGROUND[c] + share[t, a] * (good[c] - BACKGROUND[c])) for c in range(3)]
            top, left = y + t * cell, x + a * cell
            img[top : top + cell - 1, left : left + cell - 1] = color


def rgb_array(state, params, cell=24, confusion=None):
    """u8[H, W, 3]: the image last answered (or on show, before any answer), the answer column,
    and, when given, a confusion matrix of the answers so far."""
    shown = int(state[dyn.LAST_IMAGE])
    answer = int(state[dyn.LAST_ANSWER])
    if shown < 0:  # nothing answered yet: the first image, no answer
        shown = int(state[dyn.IMAGE])
    label = int(params.labels[shown])
    pad = cell // 2
    side = 8 * cell
    column = max(side // 10, 8)  # the answer column's cell: ten of them fit beside the image
    width = pad + side + pad + column + pad
    if confusion is not None:
        width += side + pad
    img = np.zeros((side + 2 * pad, width, 3), np.uint8)
    img[:] = BACKGROUND
    draw_image(img, params.images[shown], pad, pad, cell)
    draw_answers(img, answer, label, 2 * pad + side, pad, column)
    if confusion is not None:
        draw_confusion(img, confusion, 3 * pad + side + column, pad, max(side // 10, 2))
    return img
