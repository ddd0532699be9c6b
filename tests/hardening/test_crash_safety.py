"""Issue 17 items 1, 2, 4 and 5: what a kill can leave, repaired on the next run."""

from __future__ import annotations

import os

import pytest

from instinct.atomic import make_folder, remove_leftovers, write_text
from instinct.cli import main
from instinct.config import build_config
from instinct.run import RunFolder
from tests.hardening.helpers import dead_pid, evolve_argv, metrics_without_timing

TWELVE = ("--generations", "12", "--checkpoint-every", "4")


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A 12-generation run with checkpoints at 4, 8 and 12 (the last two kept)."""
    out = tmp_path_factory.mktemp("finished")
    assert main(evolve_argv(out, *TWELVE)) == 0
    run = out / "run"
    files = {p.relative_to(run): p.read_bytes() for p in run.rglob("*") if p.is_file()}
    return run, files, metrics_without_timing(run)


def _copy(run, tmp_path):
    import shutil

    shutil.copytree(run, tmp_path / "run")
    return tmp_path / "run"


@pytest.mark.parametrize("cut", ["60%", "deleted"])
def test_resume_regenerates_metrics_rows_that_were_cut_off(finished, tmp_path, capsys, cut):
    run, files, rows = finished
    run = _copy(run, tmp_path)
    metrics = run / "metrics.csv"
    if cut == "deleted":
        metrics.unlink()
    else:
        data = metrics.read_bytes()
        metrics.write_bytes(data[: int(0.6 * len(data))])
    assert main(["evolve", "--resume", str(run)]) == 0
    assert metrics_without_timing(run) == rows  # rows 0-11, no gap
    assert (run / "best.dna").read_bytes() == files[run.relative_to(run) / "best.dna"]
    assert "regenerate" in capsys.readouterr().err or cut == "deleted"


def test_a_checkpoint_without_its_genome_file_is_repaired_on_resume(finished, tmp_path):
    run, files, rows = finished
    run = _copy(run, tmp_path)
    dna = run / "checkpoints" / "gen_000012.dna"
    dna.unlink()  # what a kill between gen_12.npz and gen_12.dna leaves
    assert main(["evolve", "--resume", str(run)]) == 0
    assert dna.read_bytes() == files[dna.relative_to(run)]
    assert sorted(p.name for p in (run / "checkpoints").iterdir()) == [
        "gen_000008.dna", "gen_000008.npz", "gen_000012.dna", "gen_000012.npz"]  # fmt: skip


def test_a_run_folder_is_never_left_half_made(tmp_path, monkeypatch):
    config = build_config(env="CartPole-v1", out=str(tmp_path), name="run")

    def killed(self, config):
        raise KeyboardInterrupt  # the moment before config.toml is written

    monkeypatch.setattr(RunFolder, "write_config", killed)
    with pytest.raises(KeyboardInterrupt):
        RunFolder.create(config)
    assert list(tmp_path.iterdir()) == []  # no folder at the name, no temporary one
    monkeypatch.undo()
    # A kill -9 runs no cleanup: its temporary folder is removed by the next run.
    abandoned = tmp_path / f".run.creating-{dead_pid()}-abcd"
    abandoned.mkdir()
    (abandoned / "config.toml").write_text("")
    run = RunFolder.create(config)
    run.release()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
    assert (tmp_path / "run" / "config.toml").is_file()


def test_make_folder_never_takes_over_a_folder_that_appeared(tmp_path):
    (tmp_path / "x").mkdir()
    with pytest.raises(FileExistsError):
        make_folder(tmp_path / "x", lambda tmp: (tmp / "a").write_text("a"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_temporary_files_of_interrupted_writes_are_cleared_when_a_run_is_taken(tmp_path):
    run = RunFolder(tmp_path)
    write_text(tmp_path / "metrics.csv", "kept\n")
    leftovers = [tmp_path / ".metrics.csv.k3j2h1.tmp", tmp_path / "checkpoints" / ".gen.x.tmp"]
    for path in leftovers:
        path.parent.mkdir(exist_ok=True)
        path.write_text("half")
    os.symlink(tmp_path / "metrics.csv", tmp_path / ".link.tmp")  # not a file we wrote
    run.claim()
    run.release()
    assert not any(p.exists() for p in leftovers)
    assert (tmp_path / "metrics.csv").read_text() == "kept\n"
    assert (tmp_path / ".link.tmp").is_symlink()
    assert remove_leftovers(tmp_path / "missing") == []
