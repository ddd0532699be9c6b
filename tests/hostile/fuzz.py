"""The fuzz harness for files from a stranger (issue 16): mutate valid genome files and checkpoints,
load each mutant, and classify what happened.

Outcomes: "original" (loads and decodes to exactly the original), "error" (the format's own
one-line error), "variant" (only for mutants whose checksums were recomputed: a different but valid
file, which must then decode within the limits); anything else is a "crash". Every case is timed
(a "hang" is over HANG_S) and its peak traced allocation compared with the stated cap,
CAP_BASE + CAP_PER_PARAM x the parameters the mutant declares (parameters are capped at
limits.MAX_PARAMS, so no file can ask for more than about 2 GiB).
"""

from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from instinct.errors import InstinctError
from instinct.genome import decode
from instinct.genome import fileformat as ff

ROOT = Path(__file__).resolve().parents[2]
SEED_FILES = sorted((ROOT / "genomes").glob("*.dna")) + sorted(
    (ROOT / "tests" / "genome" / "golden").glob("*.dna")
)
HANG_S = 10.0
CAP_BASE = 64 << 20
CAP_PER_PARAM = 64

HOSTILE_TEXT = [
    b"1e400", b"-1e400", b"NaN", b"Infinity", b"-Infinity", b"9" * 5000, b"9223372036854775808",
    b"-1", b"0", b"1000000000", b"true", b"null", b'""', b'"' + b"A" * 5000 + b'"', b"[]", b"{}",
    b"[1e308, 1e308]", b'"nan"', b'"\\u0000"', b'"\xc3\xa9\xe2\x82\xac"', b"[" * 3000 + b"]" * 3000,
    b"3.5", b"-0.0", b"1e-320", b'{"a": {"b": [1, 2, {"c": null}]}}', b'"this:Zen-v0"',
]  # fmt: skip


@dataclass
class Tally:
    outcomes: Counter = field(default_factory=Counter)
    crashes: list = field(default_factory=list)
    hangs: int = 0
    over_cap: int = 0
    slowest_s: float = 0.0
    peak_bytes: int = 0

    @property
    def tried(self) -> int:
        return sum(self.outcomes.values())

    @property
    def survived(self) -> int:
        return self.tried - len(self.crashes) - self.hangs - self.over_cap

    def summary(self) -> str:
        peak = self.peak_bytes / 2**20
        return (f"tried {self.tried}, survived {self.survived} ({dict(self.outcomes)}; "
                f"{self.hangs} hangs > {HANG_S:.0f} s, {self.over_cap} over the memory cap; "
                f"slowest {self.slowest_s:.2f} s, peak {peak:.1f} MiB)")  # fmt: skip


def reseal(body_without_crc: bytes) -> bytes:
    return body_without_crc + struct.pack("<I", zlib.crc32(body_without_crc))


def split(data: bytes) -> tuple[bytes, bytes]:
    (n,) = struct.unpack("<I", data[10:14])
    return data[14 : 14 + n], data[14 + n : -4]


def join(head: bytes, rest: bytes) -> bytes:
    return reseal(ff.MAGIC + struct.pack("<HI", 1, len(head)) + head + rest)


def mutate_bytes(data: bytes, rng: np.random.Generator) -> bytes:
    """One to three random byte-level edits: flips, overwrites, inserts, deletes, truncation."""
    buf = bytearray(data)
    for _ in range(int(rng.integers(1, 4))):
        kind = int(rng.integers(0, 7))
        at = int(rng.integers(0, max(len(buf), 1)))
        span = int(rng.integers(1, 64))
        if kind == 0 and buf:
            buf[at] ^= 1 << int(rng.integers(0, 8))
        elif kind == 1 and buf:
            buf[at : at + span] = rng.integers(0, 256, len(buf[at : at + span]), np.uint8).tobytes()
        elif kind == 2:
            buf[at:at] = rng.integers(0, 256, span, np.uint8).tobytes()
        elif kind == 3:
            del buf[at : at + span]
        elif kind == 4:
            del buf[at:]
        elif kind == 5:
            buf[at:at] = buf[at : at + span]
        else:
            buf[at : at + span] = bytes(len(buf[at : at + span]))
    return bytes(buf)


def _json_paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _json_paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:8]):
            yield from _json_paths(v, (*prefix, i))


MARK = "\x00HOSTILE\x00"


def mutate_header(data: bytes, rng: np.random.Generator) -> bytes:
    """Replace, delete or add one header value (hostile JSON text allowed), recompute the CRC."""
    head, rest = split(data)
    header = json.loads(head)
    paths = [p for p in _json_paths(header) if p]
    path = paths[int(rng.integers(0, len(paths)))]
    parent = header
    for key in path[:-1]:
        parent = parent[key]
    action = int(rng.integers(0, 4))
    if action == 0 and isinstance(parent, dict):
        del parent[path[-1]]
        text = json.dumps(header).encode()
    else:
        if action == 1 and isinstance(parent, dict):
            path = (*path[:-1], "extra")
        parent[path[-1]] = MARK
        choice = HOSTILE_TEXT[int(rng.integers(0, len(HOSTILE_TEXT)))]
        if action == 3:  # a plausible number instead: a size off by a little or a lot
            choice = str(int(rng.integers(-2, 1 << int(rng.integers(1, 40))))).encode()
        text = json.dumps(header).encode().replace(json.dumps(MARK).encode(), choice)
    return join(text, rest)


def mutate_resealed(data: bytes, rng: np.random.Generator) -> bytes:
    """Byte edits anywhere between the magic and the CRC, then the CRC recomputed."""
    body = mutate_bytes(data[:-4], rng)
    return reseal(body)


MUTATORS = {"bytes": mutate_bytes, "header": mutate_header, "resealed": mutate_resealed}


def _declared_params(data: bytes) -> int:
    """Parameters the mutant's header declares (0 when it declares nothing readable)."""
    try:
        head, _ = split(data)
        arch = json.loads(head)["architecture"]
        sizes = [arch["obs_dim"], *arch["hidden"], arch["act_dim"]]
        if not all(isinstance(s, int) and 0 < s < 1 << 40 for s in sizes) or len(sizes) > 70:
            return 0
        return min(sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=False)), 1 << 25)
    except Exception:  # noqa: BLE001  anything unreadable declares nothing
        return 0


def genome_case(data: bytes, original, mutated: bytes, resealed: bool, tally: Tally) -> None:
    """Load and decode one mutant; record its outcome, time and peak allocation."""
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        try:
            genome = ff.from_bytes(mutated, "fuzzed.dna")
            params, mask = decode(genome)
        except InstinctError as e:
            outcome = "error" if "\n" not in str(e) else "crash"
        except Exception as e:  # noqa: BLE001  the harness's point: anything else is a crash
            outcome = "crash"
            tally.crashes.append(f"{type(e).__name__}: {str(e)[:120]}")
        else:
            same = np.array_equal(params, original[0]) and (
                (mask is None and original[1] is None)
                or (
                    mask is not None
                    and original[1] is not None
                    and np.array_equal(mask, original[1])
                )
            )
            if same:
                outcome = "original"
            elif resealed and np.isfinite(params).all():
                outcome = "variant"
            else:
                outcome = "crash"
                tally.crashes.append("loaded to different parameters from unsealed bytes")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    dt = time.perf_counter() - t0
    tally.outcomes[outcome] += 1
    tally.slowest_s = max(tally.slowest_s, dt)
    tally.peak_bytes = max(tally.peak_bytes, peak)
    tally.hangs += dt > HANG_S
    tally.over_cap += peak > CAP_BASE + 2 * len(mutated) + CAP_PER_PARAM * _declared_params(mutated)


def genome_campaign(cases: int, seed: int = 0) -> Tally:
    """`cases` mutants spread over the seed files and the three mutators."""
    rng = np.random.default_rng(seed)
    seeds = [(p.read_bytes(), None) for p in SEED_FILES]
    seeds = [(d, decode(ff.from_bytes(d))) for d, _ in seeds]
    tally = Tally()
    names = list(MUTATORS)
    for i in range(cases):
        data, original = seeds[i % len(seeds)]
        name = names[(i // len(seeds)) % len(names)]
        mutated = MUTATORS[name](data, rng)
        genome_case(data, original, mutated, name != "bytes", tally)
    return tally


# checkpoints ---------------------------------------------------------------------------------
def checkpoint_seeds(tmp: Path) -> list[tuple[str, object, object, bytes]]:
    """(strategy name, strategy, encoding, checkpoint bytes) after two generations of each
    strategy on made-up fitness (no env needed: only the state's shape matters here)."""
    from instinct.genome import make_encoding
    from instinct.nn import Architecture
    from instinct.run import RunFolder
    from instinct.strategies import make_strategy

    arch = Architecture(4, (3,), 2, output="argmax")
    out = []
    for name, enc_name in (("ga", "seeds"), ("es", "direct"), ("cma", "direct")):
        enc = make_encoding(enc_name, arch)
        strategy = make_strategy(name, pop_size=6, sigma=0.1)
        state = strategy.init(enc, 0)
        for g in range(2):
            pop = strategy.ask(state, 0, g)
            fitness = np.random.default_rng(g).standard_normal(6)
            state, _ = strategy.tell(state, pop, fitness)
        folder = RunFolder(tmp / name)
        path = folder.save_checkpoint(2, strategy.to_arrays(state), {"config_hash": "x"})
        out.append((name, strategy, enc, path.read_bytes()))
    return out


def mutate_archive(data: bytes, rng: np.random.Generator) -> bytes:
    """Rebuild the archive with one array changed: shape, dtype, values, a member added or gone."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        arrays = {n[:-4]: np.load(io.BytesIO(z.read(n)), allow_pickle=False) for n in z.namelist()}
    keys = sorted(arrays)
    key = keys[int(rng.integers(0, len(keys)))]
    a = arrays[key]
    kind = int(rng.integers(0, 7))
    if kind == 0:
        arrays[key] = np.resize(a, (int(rng.integers(0, 9)),) * int(rng.integers(0, 3)))
    elif kind == 1:
        arrays[key] = a.astype(
            [np.float64, np.int8, np.uint64, np.float16, bool][int(rng.integers(0, 5))]
        )
    elif kind == 2 and a.size and a.dtype.kind == "f":
        a = a.copy()
        a.flat[int(rng.integers(0, a.size))] = [np.nan, np.inf, -np.inf, 1e38][
            int(rng.integers(0, 4))
        ]
        arrays[key] = a
    elif kind == 3 and key != "__meta__":
        del arrays[key]
    elif kind == 4:
        arrays["extra"] = rng.standard_normal(3)
    elif kind == 5 and a.size:
        a = a.copy()
        big = np.array([rng.integers(-(1 << 40), 1 << 40)]).astype(a.dtype)  # wraps
        a.flat[int(rng.integers(0, a.size))] = big[0]
        arrays[key] = a
    else:
        meta = json.loads(arrays["__meta__"].tobytes())
        key = ["generation", "format", "version"][int(rng.integers(0, 3))]
        meta[key] = [-1, "x", 2.5, None, 10**30, 2, True][int(rng.integers(0, 7))]
        arrays["__meta__"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def checkpoint_case(seed_case, mutated: bytes, resealed: bool, tmp: Path, tally: Tally) -> None:
    from instinct.checkpoint_file import read_checkpoint

    name, strategy, enc, original = seed_case
    path = tmp / "gen_000002.npz"
    path.write_bytes(mutated)
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        try:
            meta, arrays = read_checkpoint(path)
            strategy.from_arrays(strategy.init(enc, 0), arrays)
        except (InstinctError, ValueError, KeyError, TypeError) as e:  # what restore() reports
            outcome = "error" if "\n" not in str(e) else "crash"
        except Exception as e:  # noqa: BLE001
            outcome = "crash"
            tally.crashes.append(f"{name}: {type(e).__name__}: {str(e)[:120]}")
        else:
            same = mutated == original
            if not same:
                from instinct.npz import read_npz

                path.write_bytes(original)
                want = read_npz(path, 1 << 30)
                same = want.keys() == {**arrays, "__meta__": 0}.keys() and all(
                    np.array_equal(want[k], arrays[k]) for k in arrays
                )
            outcome = "original" if same else ("variant" if resealed else "crash")
            if outcome == "crash":
                tally.crashes.append(f"{name}: unsealed bytes loaded to a different state")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    dt = time.perf_counter() - t0
    tally.outcomes[outcome] += 1
    tally.slowest_s = max(tally.slowest_s, dt)
    tally.peak_bytes = max(tally.peak_bytes, peak)
    tally.hangs += dt > HANG_S
    tally.over_cap += peak > CAP_BASE + 4 * len(mutated)


def checkpoint_campaign(cases: int, tmp: Path, seed: int = 0) -> Tally:
    rng = np.random.default_rng(seed)
    seeds = checkpoint_seeds(tmp)
    tally = Tally()
    for i in range(cases):
        case = seeds[i % len(seeds)]
        if (i // len(seeds)) % 2:
            checkpoint_case(case, mutate_archive(case[3], rng), True, tmp, tally)
        else:
            checkpoint_case(case, mutate_bytes(case[3], rng), False, tmp, tally)
    return tally
