"""Hostile genome files (issue 17, items 6-9 and 11): each refused with the format's one-line error
before it can allocate, compute or import anything."""

import os
import sys
import time
import tracemalloc

import pytest

from instinct import files
from instinct.errors import InstinctError
from instinct.genome import fileformat as ff
from instinct.genome import limits
from tests.hostile.craft import GENOMES, edit, join, seed_chain, split

MiB = 1 << 20


def refused(data: bytes, words: str, max_bytes: int = 16 * MiB, max_s: float = 5.0):
    """Loading `data` raises GenomeFileError naming `words`, within a memory and a time cap."""
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(ff.GenomeFileError, match=words) as e:
            ff.from_bytes(data, "crafted.dna")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - t0 < max_s
    assert peak < max_bytes, f"loading allocated {peak} bytes"
    assert "\n" not in str(e.value)


def test_a_billion_outputs_is_refused_before_anything_is_built():
    refused(edit("hatchling-seeds.dna", lambda h: h["architecture"].update(act_dim=10**9)),
            "act_dim|parameters")  # fmt: skip


@pytest.mark.parametrize("hidden, length", [([3000, 3000], 60), ([1000, 1000], 2000)])
def test_a_long_chain_over_a_big_network_is_refused_by_its_decode_work(hidden, length):
    # issue 17: 17-7000-7000-2 with a 60-seed chain (1 KB) decoded for over 40 s, an 8 KB file
    # with a 2,000-seed chain for 49.5 s
    data = seed_chain(hidden, length)
    assert len(data) < 10_000
    refused(data, "decoding would take")


def test_a_deep_generator_over_a_big_network_is_refused():
    def wide(h):
        h["architecture"].update(hidden=[2000, 2000])
        h["settings"].update(width=1024)

    refused(edit("hatchling-cppn.dna", wide), "decoding would take|cppn")


@pytest.mark.parametrize(
    "raw, words",
    [
        (b'"hidden": [Infinity]', "not valid JSON"),
        (b'"hidden": [NaN]', "not valid JSON"),
        (b'"hidden": [' + b"9" * 5000 + b"]", "not valid JSON"),
        (b'"hidden": [9223372036854775808]', "hidden"),
        (b'"hidden": [1e400]', "hidden"),
        (b'"hidden": [32.0, 32]', "hidden"),
        (b'"hidden": [true]', "hidden"),
        (b'"hidden": ' + b"[" * 100000 + b"]" * 100000, "not valid JSON|hidden"),
    ],
    ids=["inf", "nan", "5000-digits", "2**63", "1e400", "float", "bool", "deep"],
)
def test_overflowing_numbers_in_the_header_are_one_line_errors(raw, words):
    header, rest = split((GENOMES / "hatchling-seeds.dna").read_bytes())
    text = ff.json.dumps(header).encode()
    key = b'"hidden": [32, 32]'
    assert key in text
    refused(join(header, rest, text.replace(key, raw)), words)


@pytest.mark.parametrize(
    "birth",
    [{"mean_return": "high"}, {"ci95": [1]}, {"ci95": "x"}, {"episodes": "many"},
     {"success_ci95": [None, {}]}, {"episodes": 1.5}, [1, 2]],
)  # fmt: skip
def test_a_malformed_stored_birth_score_is_refused(birth):
    refused(edit("hatchling-seeds.dna", lambda h: h.update(birth_score=birth)), "birth_score")


@pytest.mark.parametrize("sigma", ["nan", "inf", 1e39, -1e39, [0.1], {"a": 1}])
def test_settings_that_grow_non_finite_parameters_are_refused(sigma):
    refused(edit("hatchling-seeds.dna", lambda h: h["settings"].update(sigma=sigma)),
            "setting|non-finite")  # fmt: skip


def test_every_shipped_genome_is_within_the_limits():
    for path in sorted(GENOMES.glob("*.dna")):
        ff.load(path)


def test_devices_and_fifos_are_refused_without_reading(tmp_path):
    if os.path.exists("/dev/zero"):
        with pytest.raises(ff.GenomeFileError, match="not a regular file"):
            ff.load("/dev/zero")
    fifo = tmp_path / "pipe.dna"
    os.mkfifo(fifo)  # no writer: reading it would block forever
    t0 = time.perf_counter()
    with pytest.raises(ff.GenomeFileError, match="not a regular file"):
        ff.load(fifo)
    assert time.perf_counter() - t0 < 5


def test_a_file_over_the_formats_maximum_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.dna"
    with open(big, "wb") as fh:
        fh.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    tracemalloc.start()
    try:
        with pytest.raises(ff.GenomeFileError, match="over the"):
            ff.load(big)
        assert tracemalloc.get_traced_memory()[1] < MiB
    finally:
        tracemalloc.stop()


def test_an_unreadable_or_unnameable_file_is_a_one_line_error(tmp_path, monkeypatch):
    with pytest.raises(ff.GenomeFileError, match="too long"):
        ff.load(tmp_path / ("x" * 300 + ".dna"))

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "open", denied)
    with pytest.raises(ff.GenomeFileError, match="Permission denied"):
        ff.load(GENOMES / "hatchling-seeds.dna")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_read_permission_is_a_one_line_error(tmp_path):
    path = tmp_path / "g.dna"
    path.write_bytes((GENOMES / "hatchling-seeds.dna").read_bytes())
    path.chmod(0)
    with pytest.raises(ff.GenomeFileError, match="Permission denied"):
        ff.load(path)


def test_an_env_id_with_a_module_is_never_imported(tmp_path):
    """`module:Env` would make gymnasium import `module`: a file may only name registered envs."""
    from instinct.env_ids import env_from_file

    name = "instinct_hostile_probe"
    (tmp_path / f"{name}.py").write_text("raise SystemExit('imported')\n")
    sys.path.insert(0, str(tmp_path))
    try:
        for env_id in (f"{name}:Probe-v0", "NoSuchEnv-v0", "this:Zen-v0"):
            with pytest.raises(InstinctError, match="not registered"):
                env_from_file(env_id, "crafted.dna")
        assert name not in sys.modules
    finally:
        sys.path.remove(str(tmp_path))
    assert env_from_file("CartPole-v1", "g.dna") == "CartPole-v1"


def test_loading_a_small_file_allocates_about_its_size():
    # read(n) allocates n bytes up front: reading "up to the format's maximum" cost 150 MB a load
    tracemalloc.start()
    try:
        ff.load(GENOMES / "hatchling-seeds.dna")
        assert tracemalloc.get_traced_memory()[1] < 4 * MiB
    finally:
        tracemalloc.stop()


def test_a_sigma_that_overflows_float32_in_decoding_is_refused():
    from instinct.genome import decode

    data = edit("hatchling-seeds.dna", lambda h: h["settings"].update(sigma=3e38))
    genome = ff.from_bytes(data, "crafted.dna")  # finite as a setting; overflows when grown
    with pytest.raises(InstinctError, match="non-finite"):
        decode(genome)


@pytest.mark.parametrize(
    "birth",
    [{"mean_return": None, "ci95": [None, "inf"], "episodes": 3},
     {"mean_return": "nan", "success_rate": None, "success_ci95": ["-inf", 1]}],
)  # fmt: skip
def test_inspect_shows_a_stored_non_finite_birth_score(birth, tmp_path, capsys):
    from instinct.cli import main

    path = tmp_path / "g.dna"
    path.write_bytes(edit("hatchling-seeds.dna", lambda h: h.update(birth_score=birth)))
    assert main(["inspect", str(path)]) == 0
    assert "nan" in capsys.readouterr().out
