"""The level runner: finished levels are skipped, a killed prune resumes to the same files, and a
whole prune is reproducible bit for bit (strong, imp and supermask)."""

import json

import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.genome import decode, fileformat
from instinct.lottery import runner
from instinct.lottery.mask import Mask
from instinct.lottery.methods import Settings

from .helpers import ARCH, FakeEvaluator, source

FAST = dict(levels=3, rate=0.3, episodes=5, generations=2, population=6, train_episodes=2)


def files(folder, skip_metrics=True):
    """{relative path: bytes} of a prune folder (metrics.csv carry wall-clock timings)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not (skip_metrics and p.name == "metrics.csv"):
            out[str(p.relative_to(folder))] = p.read_bytes()
    return out


def prune(tmp, method="strong", encoding="seeds", strategy="ga", log=None, **kw):
    settings = Settings(method=method, **{**FAST, **kw})
    src = source(encoding, strategy, tmp)
    lr = runner.LevelRunner(
        src, settings, tmp / "lottery", FakeEvaluator(), log or (lambda s: None)
    )
    return lr, lr.run()


@pytest.mark.parametrize("method", ["strong", "imp", "supermask"])
def test_prune_is_reproducible_bit_for_bit(tmp_path, method):
    a, _ = prune(tmp_path / "a", method)
    b, _ = prune(tmp_path / "b", method)
    fa, fb = files(a.folder), files(b.folder)
    assert fa.keys() == fb.keys() and "curve.csv" in fa
    for key in fa:
        assert fa[key] == fb[key], key


@pytest.mark.parametrize("method", ["strong", "imp", "supermask"])
def test_levels_reach_their_target_and_tickets_decode_to_what_was_scored(tmp_path, method):
    lr, records = prune(tmp_path, method)
    for k, rec in enumerate(records):
        assert rec["weights_remaining"] == pytest.approx(rec["target_remaining"], abs=0)
        ticket = fileformat.load(lr.folder / f"level_{k:02d}" / "ticket.dna")
        params, _ = decode(ticket)
        assert np.all(params[ticket.mask == 0] == 0)
        evaluated = np.count_nonzero(params[ARCH.weight_mask()]) / ARCH.num_weights
        assert evaluated == rec["weights_remaining"]
        assert Mask.of(ticket).weights_remaining == rec["mask_remaining"]
    assert [r["weights_remaining"] for r in records] == sorted(
        [r["weights_remaining"] for r in records], reverse=True
    )
    curve = (lr.folder / "curve.csv").read_text().splitlines()
    assert len(curve) == FAST["levels"] + 2
    assert curve[0].startswith("level,target_remaining,weights_remaining,birth_mean")
    assert "random_mask_mean" in curve[0] and "signed_constant_ci_hi" in curve[0]


def test_a_rerun_skips_finished_levels(tmp_path, monkeypatch):
    prune(tmp_path, levels=2)
    called = []
    from instinct.lottery import methods

    original = methods.Strong.level

    def spy(self, k, previous):
        called.append(k)
        return original(self, k, previous)

    monkeypatch.setattr(methods.Strong, "level", spy)
    lines = []
    prune(tmp_path, levels=4, log=lines.append)
    assert called == [3, 4]
    assert sum("(done)" in line for line in lines) == 3


@pytest.mark.parametrize("method", ["strong", "imp"])
def test_a_killed_prune_resumes_to_the_same_result(tmp_path, method):
    whole, _ = prune(tmp_path / "whole", method)

    class Killed(Exception):
        pass

    def kill_after_level_1(line):
        if line.startswith("level  1"):
            raise Killed

    with pytest.raises(Killed):
        prune(tmp_path / "killed", method, log=kill_after_level_1)
    # a half-written level (ticket written, level.json not) must be redone, not trusted
    killed = tmp_path / "killed" / "lottery" / whole.folder.name
    half = killed / "level_02"
    half.mkdir()
    (half / "ticket.dna").write_bytes(b"garbage")
    resumed, _ = prune(tmp_path / "killed", method)
    fa, fb = files(whole.folder), files(resumed.folder)
    assert fa.keys() == fb.keys()
    for key in fa:
        assert fa[key] == fb[key], key


def test_a_folder_of_another_prune_is_refused(tmp_path):
    prune(tmp_path, levels=1)
    with pytest.raises(InstinctError, match="other settings"):
        prune(tmp_path, levels=1, episodes=7)


def test_imp_rewinds_to_birth_and_evolves_only_survivors(tmp_path):
    lr, records = prune(tmp_path, "imp", levels=2)
    src = source("seeds", "ga", tmp_path)
    ticket = fileformat.load(lr.folder / "level_02" / "ticket.dna")
    assert ticket.encoding == "seeds" and int(ticket.payload[0]) == int(src.genome.payload[0])
    assert len(ticket.payload) >= 1 and ticket.mask is not None
    level = json.loads((lr.folder / "level_02" / "level.json").read_text())
    assert level["generations"] == FAST["generations"]
    assert set(level["controls"]) == {"random_mask", "reinit", "shuffle", "signed_constant"}
    for name in level["controls"]:
        assert (lr.folder / "level_02" / "evolve" / name / "best.dna").exists()


def test_imp_on_a_direct_es_genome_rewinds_to_the_es_start(tmp_path):
    lr, records = prune(tmp_path, "imp", encoding="direct", strategy="es", levels=1)
    assert len(records) == 2
    with pytest.raises(InstinctError, match="rewind best"):
        prune(tmp_path / "x", "imp", encoding="direct", strategy="ga", levels=1)
    _, records = prune(tmp_path / "y", "imp", encoding="direct", strategy="ga", levels=1,
                       rewind="best")  # fmt: skip
    assert len(records) == 2


def test_summary_over_seeds_reports_median_and_spread(tmp_path):
    curves = []
    for seed in range(3):
        _, records = prune(tmp_path, seed=seed, levels=2)
        curves.append(runner.curve_rows(records))
    rows = runner.summarize(curves)
    assert len(rows) == 3 and rows[0]["seeds"] == 3
    births = [c[1]["birth_mean"] for c in curves]
    assert rows[1]["birth_mean_median"] == float(np.median(births))
    assert rows[1]["birth_mean_min"] == min(births) and rows[1]["birth_mean_max"] == max(births)
    path = runner.write_summary(tmp_path, Settings(**FAST), curves)
    assert path.read_text().startswith("level,seeds,target_remaining,weights_remaining_median")
