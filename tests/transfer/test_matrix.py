"""The transfer matrix: tracks agree with the fused evaluator and a slow gym loop, the table has
one row per cell, a rerun resumes (measures nothing twice), and the command writes its figures."""

import csv

import gymnasium as gym
import instinct_envs
import numpy as np
import pytest

from instinct.cli import main
from instinct.errors import InstinctError
from instinct.evaluate import FusedEvaluator
from instinct.kernels.forward import policy_batch, policy_init_batch
from instinct.rng import heldout_keys
from instinct.transfer import matrix, table
from instinct.transfer.measures import classify
from instinct.transfer.sources import load_sources
from instinct.transfer.tracks import run_tracks
from tests.transfer.test_variants import NAMES

GENOMES = ["genomes/hatchling-v1-linear.dna", "genomes/hatchling-v1-seeds.dna"]


@pytest.fixture(scope="module")
def sources(request):
    root = request.config.rootpath
    return load_sources([str(root / g) for g in GENOMES])


def slow_track(env_id, src, key):
    """One episode through the gym face, stepping in Python: (return, steps, path length)."""
    env = gym.make(env_id)
    u = env.unwrapped
    obs, _ = env.reset(seed=int(key))
    net = src.arch.kernel_args()
    policy_init, policy_step = src.arch.policy()
    theta, rows = src.theta[None], np.zeros(1, np.int64)
    hidden = np.zeros((1, net.hidden_dim), np.float32)
    policy_init_batch(policy_init, theta, rows, net, hidden)
    action = np.zeros((1, 2), np.float32)
    total, steps, path = 0.0, 0, 0.0
    while True:
        x0, y0 = u.state[0], u.state[1]
        policy_batch(policy_step, theta, rows, net, hidden, obs[None].astype(np.float32), action)
        obs, r, term, trunc, _ = env.step(action[0].copy())
        path += float(np.hypot(u.state[0] - x0, u.state[1] - y0))
        total, steps = total + r, steps + 1
        if term or trunc:
            break
    env.close()
    return total, steps, path


def test_tracks_are_the_fused_evaluators_episodes_and_the_slow_loops_paths(sources):
    src = sources[0]
    keys = np.arange(12, dtype=np.uint32)
    for env_id in ("instinct/Hatchling-v1", "instinct/Hatchling-Lit-v1"):
        world = instinct_envs.WORLDS[env_id]
        t = run_tracks(world, src.arch, src.theta, keys)
        ev = FusedEvaluator(world, src.arch).evaluate(src.theta[None], None, keys)
        assert np.array_equal(t.returns, ev.returns[0]) and np.array_equal(t.lengths, ev.lengths[0])
        assert np.array_equal(t.outcomes, ev.outcomes[0])
        for k in (0, 5):
            ret, steps, path = slow_track(env_id, src, keys[k])
            assert ret == t.returns[k] and steps == t.lengths[k]
            assert np.isclose(path, t.paths[k], rtol=1e-9)
        success, mis, dis = classify(world, t)
        assert not (success & (mis | dis)).any() and not (mis & dis).any()


def test_matrix_has_one_row_per_cell_and_resumes(sources, tmp_path, monkeypatch):
    envs = ["instinct/Hatchling-v1", "instinct/Hatchling-Desert-v1"]
    rows = matrix.run_matrix(sources, envs, tmp_path, 16, 0, say=lambda t: None)
    genomes = [r for r in rows if r["kind"] == "genome"]
    baselines = [r for r in rows if r["kind"] == "baseline"]
    assert len(genomes) == len(sources) * len(envs) and len(baselines) == 2 * len(envs)
    assert len({table.key(r) for r in rows}) == len(rows)
    desert = [r for r in genomes if r["test_world"].endswith("Desert-v1")]
    assert all(r["success_rate"] == 0 and r["energy_spent"] > 0 for r in desert)
    for r in genomes:
        assert r["success_lo"] <= r["success_rate"] <= r["success_hi"]
        assert matrix.exits_path(tmp_path, r["source"], r["test_world"]).is_file()
    before = (tmp_path / matrix.CELLS).read_text()

    def refuse(*a, **k):
        raise AssertionError("a finished cell was measured again")

    monkeypatch.setattr(matrix, "run_tracks", refuse)
    again = matrix.run_matrix(sources, envs, tmp_path, 16, 0, say=lambda t: None)
    assert len(again) == len(rows) and (tmp_path / matrix.CELLS).read_text() == before
    with pytest.raises(InstinctError, match="--episodes 16"):
        matrix.run_matrix(sources, envs, tmp_path, 32, 0, say=lambda t: None)
    groups = matrix.summary(rows)
    v1 = next(g for g in groups if g["kind"] == "genome" and g["test_world"] == envs[0])
    assert v1["genomes"] == 2 and v1["success_rate_min"] <= v1["success_rate_median"]


def test_the_command_writes_the_table_the_summary_and_the_figures(request, tmp_path, capsys):
    root = request.config.rootpath
    out = tmp_path / "tr"
    args = ["transfer", str(root / GENOMES[0]), "--envs", "instinct/Hatchling-v1",
            "instinct/Hatchling-Mirror-v1", "--episodes", "8", "--out", str(out),
            "--sweep-light", "--intensities", "10", "1000"]  # fmt: skip
    assert main(args) == 0
    for name in ("cells.csv", "summary.csv", "matrix.png", "fans.png", "sweep-light.png"):
        assert (out / name).is_file(), name
    with open(out / "cells.csv", newline="") as fh:
        cells = list(csv.DictReader(fh))
    assert sum(r["kind"] == "sweep" for r in cells) == 4  # 2 colours x 2 intensities x 1 genome
    assert "evolved in Hatchling-v1" in capsys.readouterr().out
    assert main(["transfer", str(tmp_path / "nothing.dna"), "--out", str(out)]) == 2


def test_every_variant_is_a_test_world():
    for name in NAMES:
        assert matrix.world_record(f"instinct/Hatchling-{name}-v1").pose_slots is not None
    with pytest.raises(InstinctError):
        matrix.world_record("CartPole-v1")
    assert heldout_keys(0, 4).size == 4
