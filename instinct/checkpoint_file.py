"""One checkpoint file, `checkpoints/gen_NNNNNN.npz`, read and validated (never unpickled).

The archive holds the strategy's arrays and `__meta__`, a UTF-8 JSON object with the format name,
version and generation; the generation must be the one the file is named after. What the arrays
must look like is the strategy's to check (`from_arrays`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from instinct.npz import read_npz

FORMAT = "instinct-checkpoint"
VERSION = 1
MAX_BYTES = 1 << 32  # 4 GiB: the state of a run whose population fits in memory
NAME = re.compile(r"^gen_(\d{6,})\.npz$")


def read_checkpoint(path: str | Path) -> tuple[dict, dict]:
    """(meta, arrays) of one checkpoint; ValueError (or InstinctError) names what is wrong."""
    path = Path(path)
    arrays = read_npz(path, MAX_BYTES, "checkpoint")
    blob = arrays.pop("__meta__", None)
    if blob is None or blob.dtype != np.uint8 or blob.ndim != 1 or blob.size > 1 << 20:
        raise ValueError("no __meta__ record")
    try:
        meta = json.loads(blob.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ValueError(f"__meta__ is not JSON ({e})") from None
    if not isinstance(meta, dict):
        raise ValueError("__meta__ is not a JSON object")
    if meta.get("format") != FORMAT or meta.get("version") != VERSION:
        raise ValueError(f"unknown checkpoint format {str(meta.get('format'))[:40]!r}")
    generation = meta.get("generation")
    named = NAME.match(path.name)
    if isinstance(generation, bool) or not isinstance(generation, int) or generation < 0:
        raise ValueError("generation is not a whole number")
    if named is not None and int(named.group(1)) != generation:
        raise ValueError(f"file {path.name} holds generation {generation}")
    return meta, arrays
