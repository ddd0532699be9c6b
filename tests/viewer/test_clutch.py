"""The clutch steps the world's own core: agent 0 lives the very episode evaluation gives a key;
the exits of held-out beaches are what the fused evaluator scores; the watch command's edges."""

from __future__ import annotations

import csv

import instinct_envs
import numpy as np
import tomli_w
from instinct_envs.hatchling import dynamics as dyn

from instinct.cli import main
from instinct.evaluate import FusedEvaluator
from instinct.genome import fileformat
from instinct.rng import heldout_keys
from instinct.viewer.clutch import Clutch, effective_params, write_exits
from tests.viewer.helpers import HATCHLING, braitenberg_genome

WORLD = instinct_envs.WORLDS[HATCHLING]


def test_agent_zero_matches_the_fused_evaluation(tmp_path):
    genome = fileformat.load(braitenberg_genome(tmp_path / "b.dna"))
    params = effective_params(genome)
    keys = np.array([11, 12, 13, 14], np.uint32)
    ev = FusedEvaluator(WORLD, genome.arch).evaluate(params[None], None, keys)
    for e, k in enumerate(keys):
        clutch = Clutch(dyn, genome.arch, params, 5, int(k), emerge_every=0.0)
        while not clutch.done:
            clutch.step()
        assert clutch.codes[0] == ev.outcomes[0, e]
        assert clutch.ended_at[0] + 1 == ev.lengths[0, e]
        assert np.isclose(clutch.rewards[0], ev.returns[0, e])
    # the others start a little apart, each with its own heading and noise
    assert len(set(np.round(clutch.states[:, dyn.KEY]))) == 5


def test_clutch_leaves_the_nest_one_by_one(tmp_path):
    genome = fileformat.load(braitenberg_genome(tmp_path / "b.dna"))
    clutch = Clutch(dyn, genome.arch, effective_params(genome), 6, 5, emerge_every=3.0)
    nest = clutch.states[:, [dyn.X, dyn.Y]].copy()
    for _ in range(4):
        clutch.step()
    moved = np.linalg.norm(clutch.states[:, [dyn.X, dyn.Y]] - nest, axis=1) > 0
    assert moved.tolist() == [True, True, False, False, False, False]
    assert clutch.add_light(0.0, 30.0) and clutch.states[:, dyn.N_LIGHTS].min() == 1


def test_write_exits_for_a_hatchling_run(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.toml").write_text(tomli_w.dumps({"env": HATCHLING, "seed": 4}))
    genome = fileformat.load(braitenberg_genome(run / "best.dna"))
    path = write_exits(run, episodes=40)
    rows = list(csv.DictReader(open(path)))
    assert len(rows) == 40 and write_exits(run, episodes=40) is None  # up to date: kept
    keys = heldout_keys(4, 40)
    ev = FusedEvaluator(WORLD, genome.arch).evaluate(effective_params(genome)[None], None, keys)
    assert [r["outcome"] for r in rows] == [dyn.OUTCOMES[c] for c in ev.outcomes[0]]
    reached = [float(r["bearing_deg"]) for r in rows if r["outcome"] == "reached sea"]
    assert len(reached) > 20 and abs(np.median(reached)) < 45  # seaward is 0 degrees


def test_watch_command_records_and_explains_a_missing_display(tmp_path, monkeypatch, capsys):
    genome = braitenberg_genome(tmp_path / "b.dna")
    out = tmp_path / "watch.gif"
    assert (
        main(
            [
                "watch",
                str(genome),
                "--record",
                str(out),
                "--frames",
                "4",
                "--agents",
                "3",
                "--size",
                "400x260",
            ]
        )
        == 0
    )
    assert out.stat().st_size > 1000
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["watch", str(genome)]) == 2
    err = capsys.readouterr().err
    assert "no display" in err and "--record" in err and "Traceback" not in err
    assert main(["watch", str(tmp_path / "none.dna"), "--record", str(out)]) == 2
