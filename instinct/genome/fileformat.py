"""The `.dna` genome file: a small, documented, versioned container that never executes anything.

Layout of version 1 (all integers little-endian):

    offset  size  field
    0       8     magic  b"\\x89DNA\\r\\n\\x1a\\n"  (PNG-style: catches text-mode mangling)
    8       2     format version (u16) = 1
    10      4     header length H (u32), at most 1 MiB
    14      H     header: UTF-8 JSON object (see REQUIRED below)
    14+H    N     payload: N = itemsize * length bytes of the dtype the header names
    14+H+N  M     optional pruning mask over the D grown parameters, bit-packed
                  (numpy.packbits, big bit order): M = ceil(D / 8); present iff header "mask"
    end-4   4     CRC-32 of every byte before it

The header names the encoding and its settings, the architecture, the env id, the bit generator that
decoding uses, the payload's dtype/length and its SHA-256, provenance, and the birth score if known.
Every field is validated on load; any defect raises `GenomeFileError` with a one-line reason.
Loaders are kept per version so files written today still load after the format moves on.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import zlib
from pathlib import Path

import numpy as np

from instinct.atomic import write_bytes
from instinct.errors import InstinctError
from instinct.genome.base import BIT_GENERATOR, Genome
from instinct.nn import Architecture

MAGIC = b"\x89DNA\r\n\x1a\n"
VERSION = 1
MAX_HEADER = 1 << 20
MAX_PARAMS = 100_000_000
DTYPES = {"f32": np.dtype("<f4"), "u32": np.dtype("<u4"), "u8": np.dtype("u1")}
REQUIRED = {
    "encoding": str,
    "settings": dict,
    "architecture": dict,
    "env_id": str,
    "bit_generator": str,
    "payload": dict,
    "provenance": dict,
}


class GenomeFileError(InstinctError):
    """A genome file that is not a valid .dna file of a version we can read."""


def payload_hash(payload: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(payload).tobytes()).hexdigest()


def _dtype_name(payload: np.ndarray) -> str:
    for name, dt in DTYPES.items():
        if payload.dtype == dt:
            return name
    raise GenomeFileError(f"cannot store a payload of dtype {payload.dtype}")


def to_bytes(genome: Genome) -> bytes:
    payload = np.ascontiguousarray(genome.payload)
    header = {
        "encoding": genome.encoding,
        "settings": genome.settings,
        "architecture": genome.arch.to_dict(),
        "env_id": genome.env_id,
        "bit_generator": BIT_GENERATOR,
        "payload": {
            "dtype": _dtype_name(payload),
            "length": int(payload.size),
            "sha256": payload_hash(payload),
        },
        "provenance": genome.provenance,
        "birth_score": genome.birth_score,
    }
    mask_bytes = b""
    if genome.mask is not None:
        mask = np.asarray(genome.mask, np.uint8) != 0
        if mask.size != genome.arch.num_params:
            raise GenomeFileError(f"mask has {mask.size} entries, network {genome.arch.num_params}")
        mask_bytes = np.packbits(mask).tobytes()
        digest = hashlib.sha256(mask_bytes).hexdigest()
        header["mask"] = {"length": int(mask.size), "sha256": digest}
    head = json.dumps(header, sort_keys=True, allow_nan=False).encode("utf-8")
    body = MAGIC + struct.pack("<HI", VERSION, len(head)) + head + payload.tobytes() + mask_bytes
    return body + struct.pack("<I", zlib.crc32(body))


def save(genome: Genome, path: str | Path) -> None:
    write_bytes(path, to_bytes(genome))


def _load_v1(data: bytes, where: str) -> Genome:
    if len(data) < 18:
        raise GenomeFileError(f"{where}: truncated file ({len(data)} bytes)")
    (crc,) = struct.unpack("<I", data[-4:])
    if zlib.crc32(data[:-4]) != crc:
        raise GenomeFileError(f"{where}: checksum mismatch (file corrupted or truncated)")
    (head_len,) = struct.unpack("<I", data[10:14])
    if head_len > MAX_HEADER or 14 + head_len > len(data) - 4:
        raise GenomeFileError(f"{where}: header length {head_len} does not fit the file")
    try:
        header = json.loads(data[14 : 14 + head_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise GenomeFileError(f"{where}: header is not valid JSON ({e})") from None
    if not isinstance(header, dict):
        raise GenomeFileError(f"{where}: header is not a JSON object")
    for key, kind in REQUIRED.items():
        if not isinstance(header.get(key), kind):
            raise GenomeFileError(f"{where}: header field {key!r} missing or not a {kind.__name__}")
    if header["bit_generator"] != BIT_GENERATOR:
        raise GenomeFileError(f"{where}: unsupported bit generator {header['bit_generator']!r}")
    meta = header["payload"]
    dtype = DTYPES.get(meta.get("dtype")) if isinstance(meta.get("dtype"), str) else None
    length = meta.get("length")
    if dtype is None or not isinstance(length, int) or isinstance(length, bool) or length < 1:
        raise GenomeFileError(f"{where}: bad payload description {meta!r}")
    try:
        arch = Architecture.from_dict(header["architecture"])
    except InstinctError as e:
        raise GenomeFileError(f"{where}: {e}") from None
    if arch.num_params > MAX_PARAMS:
        raise GenomeFileError(f"{where}: architecture of {arch.num_params} parameters is too large")
    mask_meta = header.get("mask")
    mask_len = 0
    if mask_meta is not None:
        if not isinstance(mask_meta, dict) or mask_meta.get("length") != arch.num_params:
            raise GenomeFileError(f"{where}: mask description does not fit the architecture")
        mask_len = (arch.num_params + 7) // 8
    raw = data[14 + head_len : len(data) - 4 - mask_len]
    if len(raw) != length * dtype.itemsize:
        raise GenomeFileError(
            f"{where}: payload is {len(raw)} bytes, header says {length * dtype.itemsize}"
        )
    mask = None
    if mask_len:
        packed = data[len(data) - 4 - mask_len : len(data) - 4]
        if mask_meta.get("sha256") != hashlib.sha256(packed).hexdigest():
            raise GenomeFileError(f"{where}: mask hash does not match the header")
        bits = np.unpackbits(np.frombuffer(packed, np.uint8), count=arch.num_params)
        mask = bits.astype(np.uint8)
    payload = np.frombuffer(raw, dtype).astype(dtype.newbyteorder("="))
    if meta.get("sha256") != payload_hash(payload):
        raise GenomeFileError(f"{where}: payload hash does not match the header")
    if payload.dtype.kind == "f" and not np.isfinite(payload).all():
        raise GenomeFileError(f"{where}: payload holds non-finite numbers")
    birth = header.get("birth_score")
    if birth is not None and not isinstance(birth, dict):
        raise GenomeFileError(f"{where}: birth_score must be an object or null")
    genome = Genome(
        header["encoding"], header["settings"], arch, payload, header["env_id"],
        header["provenance"], birth, mask,
    )  # fmt: skip
    _check_encoding(genome, where)
    return genome


def _check_encoding(genome: Genome, where: str) -> None:
    """The payload must fit what the named encoding expects of this architecture."""
    from instinct.genome import make_encoding

    try:
        enc = make_encoding(genome.encoding, genome.arch, **genome.settings)
    except (InstinctError, TypeError, ValueError) as e:
        raise GenomeFileError(f"{where}: bad encoding or settings ({e})") from None
    for value in genome.settings.values():
        if isinstance(value, float) and not math.isfinite(value):
            raise GenomeFileError(f"{where}: non-finite encoding setting")
    if enc.uses_chain:
        if genome.payload.dtype != np.uint32:
            raise GenomeFileError(f"{where}: a {genome.encoding!r} genome is a u32 seed chain")
        return
    # An encoding may hand on something other than its f32 search vector (mask: packed bits).
    dtype = np.dtype(getattr(enc, "payload_dtype", np.float32))
    size = int(getattr(enc, "payload_size", enc.genome_dim))
    if genome.payload.dtype != dtype or genome.payload.size != size:
        name = next((k for k, v in DTYPES.items() if v == dtype), str(dtype))
        raise GenomeFileError(
            f"{where}: a {genome.encoding!r} genome for this architecture is {name}[{size}],"
            f" the file holds {genome.payload.dtype}[{genome.payload.size}]"
        )


LOADERS = {1: _load_v1}


def from_bytes(data: bytes, where: str = "genome") -> Genome:
    if data[:8] != MAGIC:
        raise GenomeFileError(f"{where}: not a .dna genome file (bad magic bytes)")
    if len(data) < 10:
        raise GenomeFileError(f"{where}: truncated file")
    (version,) = struct.unpack("<H", data[8:10])
    loader = LOADERS.get(version)
    if loader is None:
        raise GenomeFileError(
            f"{where}: format version {version} is not supported (this instinct reads "
            f"{', '.join(map(str, LOADERS))})"
        )
    return loader(data, where)


def load(path: str | Path) -> Genome:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GenomeFileError(f"genome file not found: {path}") from None
    except IsADirectoryError:
        raise GenomeFileError(f"{path} is a folder, not a genome file") from None
    return from_bytes(data, str(path))
