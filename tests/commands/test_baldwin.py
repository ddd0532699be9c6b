"""`instinct baldwin`: every kind x reliability x seed is one evolve run, the CSV and figure are
written, a second launch skips finished runs, and bad input is one line."""

import csv

import pytest

from instinct.cli import main
from instinct.commands.baldwin import variant

TINY = ["--seeds", "1", "--generations", "2", "--population", "6", "--episodes", "2",
        "--heldout-episodes", "10", "--kinds", "ff,plastic", "--reliabilities", "0.5,0.9",
        "--threads", "1"]  # fmt: skip


def test_baldwin_runs_every_cell_writes_csv_and_png_and_resumes(tmp_path, capsys):
    out = tmp_path / "runs"
    assert main(["baldwin", *TINY, "--out", str(out)]) == 0
    first = capsys.readouterr().out
    assert "4 runs evolved, 0 skipped" in first
    with open(out / "baldwin" / "imprinting-v0.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cells = {(r["kind"], r["reliability"], r["seed"]) for r in rows}
    assert len(cells) == 4 and len(rows) == 8  # 2 kinds x 2 reliabilities x 1 seed x 2 gens
    cue90 = [r for r in rows if r["reliability"] == "0.9"]
    assert {r["no_memory"] for r in cue90} == {"0.9"} and {r["chance"] for r in rows} == {"0.5"}
    assert all("cue90" in r["run"] for r in cue90)  # the variant world, not the default one
    png = out / "baldwin" / "imprinting-v0.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    metrics = out / "baldwin-imprinting-cue90-v0-plastic-p6e2-s0" / "metrics.csv"
    before = metrics.read_bytes()
    assert main(["baldwin", *TINY, "--out", str(out)]) == 0
    again = capsys.readouterr().out
    assert "0 runs evolved, 4 skipped" in again and "evolving" not in again
    assert metrics.read_bytes() == before
    with open(out / "baldwin" / "imprinting-v0.csv", newline="") as fh:
        assert list(csv.DictReader(fh)) == rows
    # more generations: the runs resume where they stopped, generations 0-1 kept as they were
    more = [*TINY[:2], "--generations", "3", *TINY[4:], "--kinds", "plastic", "--out", str(out)]
    assert main(["baldwin", *more]) == 0
    assert "2 runs evolved" in capsys.readouterr().out
    after = metrics.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1


def test_variants_and_bad_input(capsys):
    assert variant("instinct/Imprinting-v0", 0.9).id == "instinct/Imprinting-Cue90-v0"
    assert variant("instinct/Imprinting-v0", 0.5).id == "instinct/Imprinting-v0"
    for bad, says in ((["--reliabilities", "0.33"], "no registered variant"),
                      (["--reliabilities", "2"], "must lie in [0, 1]"),
                      (["--kinds", "ff,lstm"], "--kinds"),
                      (["--env", "CartPole-v1"], "cue_reliability")):  # fmt: skip
        assert main(["baldwin", *bad]) == 2
        err = capsys.readouterr().err
        assert says in err and err.count("\n") == 1


@pytest.mark.parametrize("kind", ["plastic"])
def test_plastic_is_a_net_choice(kind):
    from instinct.config import FIELDS, choices_of

    assert kind in choices_of(FIELDS["net"])
