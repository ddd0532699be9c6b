"""The genomes a transfer experiment tests: `.dna` files or run folders (their best.dna), each
with a unique label and the world it was evolved in (its source world)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from instinct import paths
from instinct.errors import InstinctError


@dataclass
class Source:
    label: str  # unique among the sources: the file's stem or the run folder's name
    path: str  # as given
    world: str  # the env id the genome was evolved in
    arch: object  # its Architecture
    theta: np.ndarray  # f32[D] parameters with its mask applied


def safe(text: str) -> str:
    """`text` as a file-name part: letters, digits, '.', '_', '-' only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "x"


def load_sources(items) -> list[Source]:
    """One Source per argument (a .dna file, or a run folder holding best.dna)."""
    from instinct.env_ids import env_from_file
    from instinct.genome import decode
    from instinct.genome.fileformat import load

    out, seen = [], set()
    for item in items:
        p = Path(item)
        if p.is_dir():
            label, file = p.resolve().name, p / paths.BEST
            if not file.is_file():
                raise InstinctError(f"{item}: a folder without {paths.BEST} (not a run folder?)")
        elif p.is_file():
            label, file = p.stem, p
        else:
            raise InstinctError(f"{item}: no such genome file or run folder")
        genome = load(file)
        world = env_from_file(genome.env_id, str(file))
        params, mask = decode(genome)
        theta = np.array(params, np.float32)
        if mask is not None:
            theta[np.asarray(mask) == 0] = 0.0
        label = base = safe(label)
        k = 2
        while label in seen:
            label, k = f"{base}-{k}", k + 1
        seen.add(label)
        out.append(Source(label, str(item), world, genome.arch, theta))
    return out
