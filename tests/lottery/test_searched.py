"""Searched controls: built as named, given the ticket's very search budget, reproducible; the
paired bootstrap against a slow reference."""

import json
import re

import numpy as np
import pytest

from instinct.genome import make_encoding
from instinct.lottery import paired
from instinct.lottery import searched as sc
from instinct.lottery.mask import Mask
from instinct.lottery.methods import SEARCHED_DIR, Settings
from instinct.lottery.runner import LevelRunner, write_result
from tests.lottery.helpers import ARCH, FakeEvaluator, source


def born(seed=0):
    params = np.random.default_rng(seed).normal(0, 0.7, ARCH.num_params).astype(np.float32)
    base = np.ones(ARCH.num_params, np.uint8)
    base[np.flatnonzero(ARCH.weight_mask())[::5]] = 0  # the born network lacks some weights
    params = np.where(base != 0, params, np.float32(0.0))
    return params, Mask(ARCH, base)


def nets(seed=0, rng_seed=4):
    params, base = born(seed)
    enc = make_encoding("direct", ARCH)
    return params, base, sc.control_networks(params, base, enc, np.random.default_rng(rng_seed))


def test_each_searched_control_is_built_as_named():
    params, base, got = nets()
    assert tuple(got) == sc.SEARCHED
    biases = ~ARCH.weight_mask()
    for name, net in got.items():
        assert np.all(net[base.values == 0] == 0), name  # never a weight the born net lacks
        if name != "random_network":  # one change at a time: the ticket's biases
            assert np.array_equal(net[biases], params[biases]), name
    assert np.all(got["random_network"][biases] == 0)  # a default network's biases
    for w, _, _, _ in ARCH.layers():
        keep = base.values[w] != 0
        mine = params[w][keep]
        shuffled = got["shuffle"][w][keep]
        assert np.array_equal(np.sort(shuffled), np.sort(mine))  # the layer's multiset ...
        assert not np.array_equal(shuffled, mine)  # ... in another order
        signed = got["signed_constant"][w][keep]
        assert np.unique(np.abs(signed)).size == 1  # one magnitude per layer
        assert np.isclose(np.abs(signed[0]), np.abs(mine).mean(), rtol=1e-6)
        assert np.array_equal(np.sign(signed), np.sign(mine))
        scaled = got["scaled_random"][w][keep].astype(np.float64)
        assert not np.array_equal(np.sort(np.abs(scaled)), np.sort(np.abs(mine)))
        assert got["random_network"][w][keep].std() > 0
    reinit = got["reinit"][ARCH.weight_mask()]
    assert not np.allclose(reinit, params[ARCH.weight_mask()])


def test_layer_scale_of_scaled_random_is_exact_in_expectation():
    params, base = born(1)
    rms = sc.layer_rms(params, base)
    draws = [sc.layer_rms(sc.scaled_random(params, base, np.random.default_rng(s)), base)
             for s in range(200)]  # fmt: skip
    assert np.allclose(np.mean(np.square(draws), axis=0), rms**2, rtol=0.1)


def test_searched_controls_are_reproducible_from_the_generator():
    _, _, a = nets(rng_seed=7)
    _, _, b = nets(rng_seed=7)
    _, _, c = nets(rng_seed=8)
    for name in sc.SEARCHED:
        assert np.array_equal(a[name], b[name]), name
    assert not np.array_equal(a["shuffle"], c["shuffle"])


class Counting(FakeEvaluator):
    """Counts evaluated episodes per call, so the budget each search used can be summed."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def evaluate(self, params, masks, keys):
        self.calls.append(np.atleast_2d(params).shape[0] * np.asarray(keys).size)
        return super().evaluate(params, masks, keys)


def _prune(tmp_path, seed=0, out="out"):
    src = source("direct", strategy="es", folder=tmp_path)
    settings = Settings(method="supermask", levels=2, remaining=(0.5, 0.2), seed=seed, episodes=4,
                        generations=3, population=6, train_episodes=2)  # fmt: skip
    ev = Counting()
    marks = []  # (log line, evaluations so far): where each search starts and ends
    log = lambda line: marks.append((line, sum(ev.calls)))  # noqa: E731
    records = LevelRunner(src, settings, tmp_path / out, ev, log=log).run()
    ev.marks = marks
    return src, settings, ev, records


def test_every_searched_control_gets_the_tickets_search_budget(tmp_path):
    _, settings, ev, records = _prune(tmp_path)
    folder = tmp_path / "out" / settings.tag()
    assert folder.name == "supermask-global-at50_20-s0"
    for level in (1, 2):
        here = folder / f"level_{level:02d}"
        runs = {"ticket": here / "evolve"}
        runs.update({n: here / SEARCHED_DIR / n for n in sc.SEARCHED})
        rows = {n: (p / "metrics.csv").read_text().splitlines()[1:] for n, p in runs.items()}
        assert {len(r) for r in rows.values()} == {3}  # the same generations, every search
        configs = {(p / "config.toml").read_text() for p in runs.values()}
        assert len(configs) == 1  # one config: budget, seed, episodes, strategy
        rec = records[level]
        assert set(rec["searched"]) == set(sc.SEARCHED)
        assert all(c["generations"] == 3 for c in rec["searched"].values())
        assert abs(rec["weights_remaining"] - (0.5, 0.2)[level - 1]) < 0.02
        for c in rec["searched"].values():
            assert c["weights_remaining"] == pytest.approx(rec["weights_remaining"], abs=0.02)
    # evaluations counted between the log lines that open each search: all six equal, and each
    # at least the budget (3 generations x 6 genomes x 2 episodes)
    held_out = 4 * (1 + 4 + 5)  # one batch: ticket, 4 unsearched, 5 searched on 4 episodes
    for level in (1, 2):
        opens = [(i, n) for i, (line, n) in enumerate(ev.marks)
                 if f"level {level:2d}: evolving" in line]  # fmt: skip
        assert len(opens) == 6
        ends = [n for _, n in opens[1:]] + [ev.marks[opens[-1][0] + 1][1] - held_out]
        used = [end - start for (_, start), end in zip(opens, ends, strict=True)]
        assert len(set(used)) == 1 and used[0] >= 3 * 6 * 2, used


def test_a_prune_is_the_same_bit_for_bit_given_its_seed(tmp_path):
    _, settings, _, a = _prune(tmp_path, out="a")
    _, _, _, b = _prune(tmp_path, out="b")
    _, _, _, c = _prune(tmp_path, seed=1, out="c")
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a[1]["returns"]["searched"] != c[1]["returns"]["searched"]
    path = write_result(tmp_path / "a", settings, {0: a, 1: c})
    again = write_result(tmp_path / "b", settings, {0: b, 1: c})
    assert path.read_text() == again.read_text()
    result = json.loads(path.read_text())["prunes"]["supermask-global-at50_20"]
    level = result["levels"][1]
    assert set(level["searched"]) == set(sc.SEARCHED)
    assert set(level["unsearched"]) == {"random_mask", "reinit", "shuffle", "signed_constant"}
    t = np.array([a[1]["returns"]["ticket"], c[1]["returns"]["ticket"]])
    s = np.array([a[1]["returns"]["searched"]["shuffle"], c[1]["returns"]["searched"]["shuffle"]])
    d = level["searched"]["shuffle"]["diff"]
    assert d["mean"] == pytest.approx(float((t - s).mean()))
    assert d["ci95"][0] <= d["mean"] <= d["ci95"][1]
    text = paired.table(result)
    assert len(re.findall(r"(?<!un)searched shuffle", text)) == 3  # one row a level
    assert text.count("unsearched shuffle") == 3


def slow_replicates(x, seed, n_boot):
    """The same draws as `paired.replicates`, one replicate and one value at a time."""
    rng = np.random.default_rng(seed)
    s, e = x.shape
    out = []
    for start in range(0, n_boot, paired.CHUNK):
        b = min(paired.CHUNK, n_boot - start)
        rows = rng.integers(0, s, (b, s))
        cols = rng.integers(0, e, (b, s, e))
        for i in range(b):
            total = 0.0
            for j in range(s):
                for k in range(e):
                    total += x[rows[i, j], cols[i, j, k]]
            out.append(total / (s * e))
    return np.array(out)


def slow_percentile(values, q):
    v = sorted(values)
    pos = q * (len(v) - 1)
    lo = int(np.floor(pos))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def test_bootstrap_interval_matches_a_slow_reference():
    x = np.random.default_rng(0).normal(size=(3, 7))
    n = 300  # more than one chunk
    fast = paired.replicates(x, np.random.default_rng(5), n)
    slow = slow_replicates(x, 5, n)
    assert np.allclose(fast, slow, rtol=0, atol=1e-12)
    mean, lo, hi = paired.interval(x, np.random.default_rng(5), n)
    assert mean == pytest.approx(x.mean())
    assert lo == pytest.approx(slow_percentile(slow, 0.025))
    assert hi == pytest.approx(slow_percentile(slow, 0.975))


def test_one_seed_bootstrap_is_the_paired_episode_interval():
    x = np.random.default_rng(1).normal(2.0, 1.0, size=(1, 400))
    mean, lo, hi = paired.interval(x, np.random.default_rng(0), 4000)
    half = 1.96 * x.std(ddof=1) / np.sqrt(x.size)
    assert lo == pytest.approx(mean - half, abs=0.25 * half)
    assert hi == pytest.approx(mean + half, abs=0.25 * half)


def test_seed_spread_widens_the_interval():
    rng = np.random.default_rng(2)
    tight = rng.normal(size=(5, 50))
    spread = tight + np.array([-3, -1, 0, 1, 3.0])[:, None]  # seeds that disagree
    _, a, b = paired.interval(tight, np.random.default_rng(0), 1000)
    _, c, d = paired.interval(spread, np.random.default_rng(0), 1000)
    assert d - c > 3 * (b - a)


def test_strong_cli_writes_the_paired_result_and_the_figure_shows_both_sets(capsys, tmp_path):
    from instinct.cli import main
    from instinct.genome import fileformat
    from instinct.plots.data import Group
    from instinct.plots.lottery import lottery_figures

    enc = make_encoding("direct", ARCH)
    path = tmp_path / "g.dna"
    fileformat.save(enc.genome(enc.initial_vector(0), None, env_id="CartPole-v1"), path)
    out = tmp_path / "run" / "lottery"
    argv = ["prune", str(path), "--remaining", "0.5,0.2", "--episodes", "3", "--out", str(out)]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "ticket against controls: 3 prune seed(s)" in text
    result = json.loads((out / "result.json").read_text())["prunes"]["strong-global-at50_20"]
    assert result["seeds"] == [0, 1, 2] and len(result["levels"]) == 3
    assert set(result["levels"][2]["searched"]) == set(sc.SEARCHED)
    run = type("R", (), {"path": tmp_path / "run", "result": None, "env": "CartPole-v1"})()
    group = Group("test", [run])
    ((_, fig),) = lottery_figures([group])
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert any(lab.startswith("searched shuffle") for lab in labels)
    assert any("shuffle (unsearched)" in lab for lab in labels)
    assert sum(lab.startswith("ticket") for lab in labels) == 1
