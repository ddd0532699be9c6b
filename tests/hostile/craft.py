"""Crafted genome files: a valid file with header fields or payload edited and the checksums
recomputed, so that the loader's own validation (not the CRC) is what meets them."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path

import numpy as np

GENOMES = Path(__file__).resolve().parents[2] / "genomes"


def split(data: bytes) -> tuple[dict, bytes]:
    (n,) = struct.unpack("<I", data[10:14])
    return json.loads(data[14 : 14 + n]), data[14 + n : -4]


def join(header: dict, rest: bytes, raw_header: bytes | None = None) -> bytes:
    head = raw_header if raw_header is not None else json.dumps(header).encode()
    body = b"\x89DNA\r\n\x1a\n" + struct.pack("<HI", 1, len(head)) + head + rest
    return body + struct.pack("<I", zlib.crc32(body))


def edit(name: str, change) -> bytes:
    """A shipped genome with `change(header)` applied."""
    header, rest = split((GENOMES / name).read_bytes())
    change(header)
    return join(header, rest)


def seed_chain(hidden: list[int], chain_length: int, obs: int = 17, act: int = 2) -> bytes:
    """A seeds genome of any declared network and chain length."""
    header, _ = split((GENOMES / "hatchling-seeds.dna").read_bytes())
    payload = np.arange(chain_length, dtype="<u4")
    header["architecture"].update(obs_dim=obs, act_dim=act, hidden=hidden)
    header["architecture"].update(act_low=[-1.0] * act, act_high=[1.0] * act)
    header["payload"] = {"dtype": "u32", "length": chain_length,
                         "sha256": hashlib.sha256(payload.tobytes()).hexdigest()}  # fmt: skip
    return join(header, payload.tobytes())
