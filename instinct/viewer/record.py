"""Recording the viewer without a screen: an animated GIF through Pillow (no ffmpeg), or a folder
of numbered PNG frames.

A GIF frame holds at most 256 colours. All frames share one palette, taken from frames spread over
the whole recording, and are mapped to it without dithering, so the still beach stays the same
pixels from frame to frame and Pillow stores only what changed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from instinct.errors import InstinctError


def surface_rgb(surface) -> np.ndarray:
    """uint8[H, W, 3] copy of a pygame Surface."""
    import pygame

    return np.ascontiguousarray(pygame.surfarray.array3d(surface).transpose(1, 0, 2))


class Recorder:
    """Collect frames; `close()` writes them. out ending in .gif: a GIF; otherwise a folder."""

    def __init__(self, out, fps: float = 20.0, colors: int = 192, key_colors=()):
        self.out = Path(out)
        self.key_colors = [tuple(int(v) for v in c[:3]) for c in key_colors]
        self.gif = self.out.suffix.lower() == ".gif"
        self.fps = float(fps)
        self.colors = int(colors)
        self.frames: list[np.ndarray] = []
        self.count = 0
        try:
            if self.gif:
                self.out.parent.mkdir(parents=True, exist_ok=True)
            else:
                self.out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InstinctError(f"cannot write to {self.out}: {e.strerror}") from None

    def add(self, surface) -> None:
        frame = surface_rgb(surface)
        if self.gif:
            self.frames.append(frame)
        else:
            from PIL import Image

            Image.fromarray(frame).save(self.out / f"frame_{self.count:05d}.png")
        self.count += 1

    def close(self, hold_last_s: float = 1.5) -> Path:
        if self.gif and self.frames:
            write_gif(self.frames, self.out, self.fps, self.colors, hold_last_s, self.key_colors)
        return self.out


def write_gif(
    frames, out: Path, fps: float, colors: int = 192, hold_last_s: float = 1.5, key_colors=()
) -> None:
    """Frames (uint8[H, W, 3]) as one GIF; key_colors (small but telling: markers, text) are
    kept exactly, the rest of the palette is fitted to frames sampled over the recording."""
    from PIL import Image

    picks = np.linspace(0, len(frames) - 1, min(len(frames), 6)).round().astype(int)
    sample = Image.fromarray(np.concatenate([frames[i] for i in picks], axis=0))
    keys = list(dict.fromkeys(key_colors))[: max(colors - 16, 0)]
    fitted = sample.quantize(colors=colors - len(keys), method=Image.Quantize.MEDIANCUT)
    rgb = fitted.getpalette()[: 3 * (colors - len(keys))] + [v for c in keys for v in c]
    palette = Image.new("P", (1, 1))
    palette.putpalette(rgb + rgb[-3:] * (256 - len(rgb) // 3))
    images = [
        Image.fromarray(f).quantize(palette=palette, dither=Image.Dither.NONE) for f in frames
    ]
    step = round(1000.0 / fps)
    durations = [step] * len(images)
    durations[-1] = max(step, round(1000 * hold_last_s))
    tmp = out.with_name(f".{out.name}.tmp")
    images[0].save(
        tmp,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=durations,
        loop=0,
        optimize=True,
        disposal=1,
    )
    tmp.replace(out)
