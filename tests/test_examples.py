"""Every script in examples/ runs (tiny budgets) and says what it found."""

import runpy
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def run_example(name, monkeypatch, capsys, *argv):
    monkeypatch.setattr(sys, "argv", [name, *map(str, argv)])
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return capsys.readouterr().out


def test_evolve_own_env(tmp_path, monkeypatch, capsys):
    out = run_example("evolve_own_env.py", monkeypatch, capsys, tmp_path)
    assert "seek-v0-seeds-ga-p32-h8-val16-ho50-s0" in out  # named by its non-default settings
    reached = int(out.split("reaches the origin in ")[1].split(" of")[0])
    assert reached >= 15  # a sign rule: evolution finds it in a few generations
    assert (tmp_path / "seek-v0-seeds-ga-p32-h8-val16-ho50-s0" / "best.dna").is_file()


def test_run_zoo_genome(monkeypatch, capsys):
    out = run_example("run_zoo_genome.py", monkeypatch, capsys,
                      EXAMPLES.parent / "genomes" / "cartpole-seeds.dna", 2)  # fmt: skip
    assert "CartPole-v1" in out and "mean return 500.000 over 2 episodes" in out
