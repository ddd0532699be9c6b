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
from instinct.files import read_regular_file
from instinct.genome import limits
from instinct.genome.base import BIT_GENERATOR, Genome
from instinct.genome.limits import MAX_FILE_BYTES, MAX_HEADER
from instinct.nn import Architecture

MAGIC = b"\x89DNA\r\n\x1a\n"
VERSION = 1
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


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _load_v1(data: bytes, where: str) -> Genome:
    if len(data) < 18:
        raise GenomeFileError(f"{where}: truncated file ({len(data)} bytes)")
    if len(data) > MAX_FILE_BYTES:
        raise GenomeFileError(f"{where}: {len(data)} bytes, over the format's {MAX_FILE_BYTES}")
    (crc,) = struct.unpack("<I", data[-4:])
    if zlib.crc32(data[:-4]) != crc:
        raise GenomeFileError(f"{where}: checksum mismatch (file corrupted or truncated)")
    (head_len,) = struct.unpack("<I", data[10:14])
    if head_len > MAX_HEADER or 14 + head_len > len(data) - 4:
        raise GenomeFileError(f"{where}: header length {head_len} does not fit the file")
    try:  # NaN/Infinity are not JSON; ints over 4300 digits and deep nesting are refused too
        header = json.loads(
            data[14 : 14 + head_len].decode("utf-8"), parse_constant=_reject_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise GenomeFileError(f"{where}: header is not valid JSON ({_one_line(e)})") from None
    if not isinstance(header, dict):
        raise GenomeFileError(f"{where}: header is not a JSON object")
    for key, kind in REQUIRED.items():
        if not isinstance(header.get(key), kind):
            raise GenomeFileError(f"{where}: header field {key!r} missing or not a {kind.__name__}")
    if header["bit_generator"] != BIT_GENERATOR:
        raise GenomeFileError(
            f"{where}: unsupported bit generator {_short(header['bit_generator'])}"
        )
    meta = header["payload"]
    dtype = DTYPES.get(meta.get("dtype")) if isinstance(meta.get("dtype"), str) else None
    length = meta.get("length")
    if dtype is None or not isinstance(length, int) or isinstance(length, bool) or length < 1:
        raise GenomeFileError(f"{where}: bad payload description {_short(meta)}")
    if length * dtype.itemsize > len(data):  # before any size arithmetic on what follows
        raise GenomeFileError(f"{where}: payload of {length} items is longer than the file")
    try:  # sizes and types first: from_dict builds per-unit tuples
        limits.check_architecture(header["architecture"])
        limits.check_settings(header["settings"])
        arch = Architecture.from_dict(header["architecture"])
    except (limits.LimitError, InstinctError) as e:
        raise GenomeFileError(f"{where}: {e}") from None
    mask_meta = header.get("mask")
    mask_len = 0
    if mask_meta is not None:
        if not isinstance(mask_meta, dict) or mask_meta.get("length") != arch.num_params:
            raise GenomeFileError(f"{where}: mask description does not fit the architecture")
        mask_len = (arch.num_params + 7) // 8
    raw = data[14 + head_len : max(14 + head_len, len(data) - 4 - mask_len)]
    if len(raw) != length * dtype.itemsize or 14 + head_len + mask_len > len(data) - 4:
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
    if birth is not None:
        _check_birth_score(birth, where)
    if not isinstance(header["env_id"], str) or len(header["env_id"]) > 256:
        raise GenomeFileError(f"{where}: env id is not a short name")
    genome = Genome(
        header["encoding"], header["settings"], arch, payload, header["env_id"],
        header["provenance"], birth, mask,
    )  # fmt: skip
    _check_encoding(genome, where)
    return genome


# A stored birth score, as `instinct.evolve.birth_score` writes it: numbers (non-finite ones may be
# stored as null or as the strings "nan", "inf", "-inf"), pairs of numbers, whole numbers.
BIRTH_NUMBERS = ("mean_return", "success_rate", "std_return")
BIRTH_PAIRS = ("ci95", "success_ci95")
BIRTH_COUNTS = ("episodes", "heldout_seed")
NON_FINITE_TEXT = ("nan", "inf", "-inf")


def _is_number(x) -> bool:
    return (
        x is None
        or x in NON_FINITE_TEXT
        or (isinstance(x, (int, float)) and not isinstance(x, bool))
    )


def _check_birth_score(birth, where: str) -> None:
    if not isinstance(birth, dict):
        raise GenomeFileError(f"{where}: birth_score must be an object or null")
    for key in BIRTH_NUMBERS:
        if key in birth and not _is_number(birth[key]):
            raise GenomeFileError(f"{where}: birth_score {key} is not a number")
    for key in BIRTH_PAIRS:
        pair = birth.get(key, [0, 0])
        if not isinstance(pair, list) or len(pair) != 2 or not all(map(_is_number, pair)):
            raise GenomeFileError(f"{where}: birth_score {key} is not a pair of numbers")
    for key in BIRTH_COUNTS:
        value = birth.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
            raise GenomeFileError(f"{where}: birth_score {key} is not a whole number")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200]


def _check_encoding(genome: Genome, where: str) -> None:
    """The payload must fit what the named encoding expects of this architecture, and decoding it
    must stay within the format's work limits."""
    from instinct.genome import make_encoding

    try:
        enc = make_encoding(genome.encoding, genome.arch, **genome.settings)
    except (InstinctError, TypeError, ValueError, OverflowError) as e:
        raise GenomeFileError(f"{where}: bad encoding or settings ({_one_line(e)})") from None
    for value in [*genome.settings.values(), *enc.settings.values()]:  # as given, as resolved
        if isinstance(value, float) and not (math.isfinite(value) and abs(value) <= 3.4e38):
            raise GenomeFileError(f"{where}: non-finite encoding setting")
    try:
        limits.check_decode_work(enc, genome.arch.num_params, genome.payload.size)
    except limits.LimitError as e:
        raise GenomeFileError(f"{where}: {e}") from None
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
    data = read_regular_file(path, MAX_FILE_BYTES, "genome file", GenomeFileError)
    return from_bytes(data, str(path))
