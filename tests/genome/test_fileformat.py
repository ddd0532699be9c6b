import json
import struct
import zlib

import numpy as np
import pytest

from instinct.genome import decode, make_encoding
from instinct.genome import fileformat as ff
from instinct.nn import Architecture

ARCH = Architecture(6, (10,), 2)


def genomes():
    seeds = make_encoding("seeds", ARCH, sigma=0.05).genome(None, [7, 8, 9], env_id="CartPole-v1")
    direct = make_encoding("direct", ARCH).genome(
        make_encoding("direct", ARCH).initial_vector(4), None, env_id="instinct/Hatchling-v0"
    )
    direct.provenance = {"run": "r", "generation": 3}
    direct.birth_score = {"mean_return": 1.5}
    out = [seeds, direct]
    for name, settings in [("cppn", {"width": 3}), ("gnet", {"width": 2, "code_dim": 4}),
                           ("mask", {"weight_seed": 5})]:  # fmt: skip
        enc = make_encoding(name, ARCH, **settings)
        out.append(enc.genome(enc.initial_vector(2), None, env_id="CartPole-v1"))
    return out


IDS = ["seeds", "direct", "cppn", "gnet", "mask"]


@pytest.mark.parametrize("genome", genomes(), ids=IDS)
def test_round_trip_is_bit_exact(genome, tmp_path):
    path = tmp_path / "g.dna"
    ff.save(genome, path)
    loaded = ff.load(path)
    assert loaded.encoding == genome.encoding and loaded.arch == genome.arch
    assert loaded.env_id == genome.env_id and loaded.provenance == genome.provenance
    assert np.array_equal(decode(loaded)[0], decode(genome)[0])


def _rewrite_header(data: bytes, edit) -> bytes:
    (n,) = struct.unpack("<I", data[10:14])
    header = json.loads(data[14 : 14 + n])
    edit(header)
    head = json.dumps(header).encode()
    body = data[:10] + struct.pack("<I", len(head)) + head + data[14 + n : -4]
    return body + struct.pack("<I", zlib.crc32(body))


@pytest.mark.parametrize(
    "edit, words",
    [
        (lambda h: h.update(encoding="nope"), "encoding"),
        (lambda h: h["payload"].update(length=3), "payload"),
        (lambda h: h.update(bit_generator="MT19937"), "bit generator"),
        (lambda h: h["architecture"].update(hidden=[11]), "f32"),
        (lambda h: h.pop("settings"), "settings"),
    ],
)
def test_tampered_header_fields_are_named(edit, words):
    data = ff.to_bytes(genomes()[1])
    with pytest.raises(ff.GenomeFileError, match=words):
        ff.from_bytes(_rewrite_header(data, edit))


def test_wrong_version_and_magic_and_truncation():
    data = ff.to_bytes(genomes()[0])
    with pytest.raises(ff.GenomeFileError, match="version 9"):
        ff.from_bytes(data[:8] + struct.pack("<H", 9) + data[10:])
    with pytest.raises(ff.GenomeFileError, match="magic"):
        ff.from_bytes(b"PK" + data[2:])
    with pytest.raises(ff.GenomeFileError):
        ff.from_bytes(data[: len(data) // 2])


def corrupt(data: bytes, rng) -> bytes:
    b = bytearray(data)
    kind = rng.integers(4)
    if kind == 0:
        for _ in range(rng.integers(1, 4)):
            i = rng.integers(len(b))
            b[i] ^= 1 << rng.integers(8)
    elif kind == 1:
        b = b[: rng.integers(len(b))]
    elif kind == 2:
        i = rng.integers(len(b) + 1)
        b[i:i] = rng.bytes(int(rng.integers(1, 9)))
    else:
        i = rng.integers(len(b))
        del b[i : i + rng.integers(1, 9)]
    return bytes(b)


def check_corruptions(count: int, seed: int):
    """`count` corrupted copies of each encoding's genome file: each loads to the very same
    parameters, or raises the format's own error (never another exception)."""
    rng = np.random.default_rng(seed)
    for genome in genomes():
        data = ff.to_bytes(genome)
        want = decode(genome)[0]
        for _ in range(count):
            try:
                loaded = ff.from_bytes(corrupt(data, rng))
            except ff.GenomeFileError:
                continue
            assert np.array_equal(decode(loaded)[0], want)


def test_corrupted_copies_fail_cleanly():
    check_corruptions(500, seed=0)


@pytest.mark.slow
def test_ten_thousand_corrupted_copies_fail_cleanly():
    check_corruptions(2000, seed=1)  # x 5 encodings


def test_mask_round_trips_and_zeroes_pruned_parameters(tmp_path):
    genome = genomes()[1]
    genome.mask = (np.random.default_rng(0).random(ARCH.num_params) < 0.3).astype(np.uint8)
    ff.save(genome, tmp_path / "t.dna")
    loaded = ff.load(tmp_path / "t.dna")
    assert np.array_equal(loaded.mask, genome.mask)
    params, mask = decode(loaded)
    assert np.all(params[genome.mask == 0] == 0)
    assert np.array_equal(mask, genome.mask)
    check = ff.to_bytes(loaded)
    assert check == ff.to_bytes(genome)
