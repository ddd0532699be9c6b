"""Hostile checkpoints (issue 16; issue 17 item 12): an `.npz` from a stranger is read without
trusting its declared shapes or compression, and a valid archive with the wrong arrays is a
one-line error, never an IndexError deep in a strategy."""

import io
import json
import zipfile

import numpy as np
import pytest

from instinct.checkpoint_file import read_checkpoint
from instinct.cli import main
from instinct.errors import InstinctError
from instinct.genome import make_encoding
from instinct.nn import Architecture
from instinct.npz import read_npz
from instinct.strategies import make_strategy

MiB = 1 << 20


def npz_bytes(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def checkpoint(path, generation=3, **arrays):
    meta = {"format": "instinct-checkpoint", "version": 1, "generation": generation}
    blob = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    path.write_bytes(npz_bytes(__meta__=blob, **arrays))
    return path


def test_a_plain_archive_round_trips(tmp_path):
    a, b = np.arange(6, dtype=np.float32).reshape(2, 3), np.uint64(7)
    (tmp_path / "x.npz").write_bytes(npz_bytes(a=a, b=b))
    got = read_npz(tmp_path / "x.npz", MiB)
    assert np.array_equal(got["a"], a) and got["a"].dtype == a.dtype and got["b"] == b


def test_a_deflate_bomb_is_refused_before_inflating(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("a.npy", "w") as fh:
            np.lib.format.write_array(fh, np.zeros(8 * MiB, np.uint8))
    path = tmp_path / "bomb.npz"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < MiB // 8
    with pytest.raises(InstinctError, match="declare more than"):
        read_npz(path, MiB)


def test_a_declared_shape_larger_than_the_member_is_refused(tmp_path):
    data = npz_bytes(a=np.zeros(4, np.float64))
    header = b"{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }"
    assert header in data
    huge = header.replace(b"(4,)", b"(10**12,)".replace(b"10**12", b"1" + b"0" * 12))
    (tmp_path / "x.npz").write_bytes(data.replace(header, huge[: len(header)].ljust(len(header))))
    with pytest.raises(InstinctError, match="not a plain array|not a readable"):
        read_npz(tmp_path / "x.npz", MiB)


@pytest.mark.parametrize("member", ["../evil.npy", "a/b.npy", "x.pkl", "/abs.npy"])
def test_member_names_never_leave_the_archive(tmp_path, member):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(member, b"x")
    (tmp_path / "x.npz").write_bytes(buf.getvalue())
    with pytest.raises(InstinctError, match="unexpected member"):
        read_npz(tmp_path / "x.npz", MiB)


def test_object_arrays_are_refused(tmp_path):
    buf = io.BytesIO()
    np.savez(buf, a=np.array([{"x": 1}], dtype=object))
    (tmp_path / "x.npz").write_bytes(buf.getvalue())
    with pytest.raises(InstinctError, match="not a plain array"):
        read_npz(tmp_path / "x.npz", MiB)


def test_checkpoint_meta_is_validated(tmp_path):
    ok = checkpoint(tmp_path / "gen_000003.npz", t=np.int64(1))
    assert read_checkpoint(ok)[0]["generation"] == 3
    with pytest.raises(ValueError, match="holds generation"):
        read_checkpoint(checkpoint(tmp_path / "gen_000004.npz", 3, t=np.int64(1)))
    for bad in (-1, "3", 2.5, True):
        with pytest.raises(ValueError, match="whole number"):
            read_checkpoint(checkpoint(tmp_path / "gen_000005.npz", bad, t=np.int64(1)))


ARCH = Architecture(4, (3,), 2, output="argmax")


def U32(n):
    return np.arange(n, dtype=np.uint32)


@pytest.mark.parametrize(
    "name, arrays",
    [
        ("ga", {"parents": np.zeros((3, 5), np.float32), "chain_seeds": U32(3),
                "chain_offsets": np.arange(4)}),
        ("ga", {"parents": np.zeros((2, 23), np.float32), "chain_seeds": U32(3),
                "chain_offsets": np.array([0, 5, 3])}),
        ("ga", {"parents": np.zeros((2, 23), np.float32), "chain_seeds": np.zeros(2),
                "chain_offsets": np.arange(3)}),
        ("es", {"center": np.zeros(5, np.float32), "m": np.zeros(23, np.float32),
                "v": np.zeros(23, np.float32), "t": np.int64(1)}),
        ("es", {"center": np.zeros(23, np.float32), "m": np.zeros(23, np.float32),
                "v": np.zeros(23, np.float32), "t": np.zeros(3)}),
        ("cma", {"cma_ranks": np.full((2, 8), 99, np.int32), "cma_mean": np.zeros(23),
                 "cma_sigma": np.float64(0.05)}),
        ("cma", {"cma_ranks": np.zeros((2, 8), np.int32), "cma_mean": np.zeros(5),
                 "cma_sigma": np.float64(0.05)}),
    ],
)  # fmt: skip
def test_valid_archives_with_the_wrong_arrays_are_refused(name, arrays):
    enc = make_encoding("direct", ARCH)
    assert enc.genome_dim == 23
    strategy = make_strategy(name, pop_size=8, sigma=0.05)
    with pytest.raises(ValueError):
        strategy.from_arrays(strategy.init(enc, 0), arrays)


def test_resume_from_a_checkpoint_with_wrong_shapes_is_one_line(tmp_path, capsys):
    args = ["--env", "CartPole-v1", "--population", "8", "--episodes", "1", "--hidden", "4",
            "--checkpoint-every", "1", "--out", str(tmp_path), "--name", "r"]  # fmt: skip
    assert main(["evolve", *args, "--generations", "2"]) == 0
    run = tmp_path / "r"
    for path in (run / "checkpoints").glob("gen_*.npz"):
        arrays = read_npz(path, 1 << 30)
        meta = json.loads(arrays.pop("__meta__").tobytes())
        checkpoint(path, meta["generation"], **{**arrays, "parents": np.zeros((3, 7), np.float32)})
        blob = np.frombuffer(json.dumps(meta).encode(), np.uint8)
        path.write_bytes(
            npz_bytes(__meta__=blob, **{**arrays, "parents": np.zeros((3, 7), np.float32)})
        )
    capsys.readouterr()
    assert main(["evolve", "--resume", str(run), "--generations", "3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "parents have shape" in err
