"""The baseline machinery: intervals, policies as network parameters, the battery and its CLI."""

import numpy as np
import pytest
from instinct_envs.hatchling import dynamics as dyn0

from instinct.baselines import read_table, run_battery
from instinct.baselines.policies import (
    constant_params,
    linear_architecture,
    linear_params,
    sign_patterns,
    sign_rule_params,
)
from instinct.cli import main
from instinct.evaluate import architecture_for_env
from instinct.rng import heldout_keys
from instinct.stats import t_interval, wilson_interval
from tests import naive

V0 = "instinct/Hatchling-v0"


def test_wilson_interval_known_values():
    assert wilson_interval(0, 10)[1:] == pytest.approx((0.0, 0.27754), abs=1e-5)
    assert wilson_interval(5, 10)[1:] == pytest.approx((0.23659, 0.76341), abs=1e-5)
    rate, lo, hi = wilson_interval(95, 100)
    assert rate == 0.95 and lo < 0.95 < hi <= 1.0


def test_t_interval_uses_the_t_quantile():
    values = np.arange(10.0)  # df 9: t(0.975) = 2.2622
    mean, lo, hi = t_interval(values)
    half = 2.2622 * values.std(ddof=1) / np.sqrt(10)
    assert mean == 4.5 and hi - mean == pytest.approx(half, rel=2e-4)


def test_linear_policies_are_the_networks_they_say():
    lin = linear_architecture(architecture_for_env(V0, (32, 32), "tanh"))
    theta = linear_params(lin, {(0, 0): 2.0, (3, 0): -2.0}, [0.0, 10.0])
    obs = np.random.default_rng(0).normal(size=lin.obs_dim)
    out = naive.forward(theta, None, lin, obs)
    assert out == pytest.approx([2 * obs[0] - 2 * obs[3], 10.0])
    const = constant_params(lin, 0, [-0.5, 0.25], [0.0, 10.0])
    assert np.tanh(naive.forward(const[1], None, lin, obs))[0] == pytest.approx(0.25, abs=1e-6)


def test_sign_patterns_exhaustive_or_distinct():
    rng = np.random.default_rng(0)
    every = sign_patterns(3, 100, rng)
    assert every.shape == (26, 3) and len({p.tobytes() for p in every}) == 26
    some = sign_patterns(12, 50, rng, max_nonzero=4)
    assert some.shape == (50, 12) and len({p.tobytes() for p in some}) == 50
    assert np.all((np.count_nonzero(some, axis=1) >= 1) & (np.count_nonzero(some, axis=1) <= 4))
    assert sign_patterns(6, 1000, rng, max_nonzero=2).shape == (6 * 2 + 15 * 4, 6)
    lin = linear_architecture(architecture_for_env(V0, (), "tanh"))
    rules = sign_rule_params(lin, (12, 13), every[:4, :2], [1.0, 4.0], 0, [0.0, 10.0])
    assert rules.shape == (8, lin.num_params)


def test_straight_ahead_scores_what_stepping_the_core_gives():
    """The battery's straight-ahead score against stepping the v0 core by hand."""
    (row,) = run_battery(V0, seed=0, heldout=40, validation=4, only=["straight ahead"])
    state, wins = np.zeros(dyn0.STATE_DIM), []
    for key in heldout_keys(0, 40):
        dyn0.reset(state, key, dyn0.DEFAULT_PARAMS)
        code = 0
        while code == 0:
            _, code = dyn0.step(state, np.array([0.0, 1.0], np.float32), dyn0.DEFAULT_PARAMS)
        wins.append(code == dyn0.SUCCESS)
    assert row.success_rate == np.mean(wins) and row.episodes == 40
    assert row.success_lo <= row.success_rate <= row.success_hi and row.bits == 32


def test_cli_prints_the_table_and_writes_csv(tmp_path, capsys):
    path = tmp_path / "b.csv"
    code = main(["baselines", V0, "--only", "linear", "constant", "--episodes", "30",
                 "--validation", "4", "--csv", str(path)])  # fmt: skip
    assert code == 0
    text = capsys.readouterr().out
    assert "straight ahead" in text and "crossed two-eye" in text and "Wilson" in text
    rows = read_table(path)
    assert [r["name"] for r in rows] == ["straight ahead", "constant turn",
                                         "crossed two-eye (hand-wired)"]  # fmt: skip
    assert all(0 <= r["success_lo"] <= r["success_rate"] <= r["success_hi"] <= 1 for r in rows)


def test_cli_refuses_a_world_without_a_battery(capsys):
    assert main(["baselines", "CartPole-v1", "--episodes", "5"]) == 2
    assert "error" in capsys.readouterr().err


def test_result_json_quotes_only_a_shipped_table():
    from instinct.baselines.table import SHIPPED, slug
    from instinct.commands.evolve import _with_baselines

    assert not (SHIPPED / f"{slug(V0)}.csv").exists()
    assert _with_baselines({"episodes": 3}, V0) == {"episodes": 3}  # v0's result.json unchanged
    v1 = "instinct/Hatchling-v1"
    if (SHIPPED / f"{slug(v1)}.csv").exists():
        quoted = _with_baselines({"episodes": 3}, v1)["baselines"]
        assert "straight ahead" in quoted and 0 <= quoted["straight ahead"]["success_rate"] <= 1
