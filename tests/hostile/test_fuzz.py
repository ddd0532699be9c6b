"""Fuzz campaigns over hostile files, configs and command lines (issue 16, issue 17 "must reach").

Default run: a few thousand cases in seconds. `pytest -m slow tests/hostile/test_fuzz.py -s`
runs the full campaign (>= 1e5 genome files and checkpoints, >= 1e4 configs and command lines)
and prints "tried N, survived M" for each.
"""

import math
import tracemalloc

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instinct.config import FIELDS, EvolveConfig, build_config, load_toml
from instinct.errors import InstinctError
from tests.hostile import fuzz

SLOW_FILES, SLOW_CONFIGS = 100_000, 10_000


def check(tally: fuzz.Tally):
    print(tally.summary())
    assert not tally.crashes, tally.crashes[:5]
    assert tally.hangs == 0 and tally.over_cap == 0
    assert tally.survived == tally.tried


def test_genome_fuzz_default():
    tally = fuzz.genome_campaign(1500, seed=1)
    check(tally)
    assert tally.outcomes["error"] > 500 and tally.outcomes["variant"] > 0


def test_checkpoint_fuzz_default(tmp_path):
    tally = fuzz.checkpoint_campaign(600, tmp_path, seed=1)
    check(tally)
    assert tally.outcomes["error"] > 100


@pytest.mark.slow
def test_genome_and_checkpoint_fuzz_campaign(tmp_path):
    genomes = fuzz.genome_campaign(SLOW_FILES * 4 // 5, seed=7)
    checkpoints = fuzz.checkpoint_campaign(SLOW_FILES // 5, tmp_path, seed=7)
    print("genome files:", genomes.summary())
    print("checkpoints:", checkpoints.summary())
    check(genomes)
    check(checkpoints)


# configs: hypothesis ------------------------------------------------------------------------
scalars = st.one_of(
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=40),
    st.sampled_from(["", "..", "a/b", "x" * 300, "nan", "inf", "1e400", "32,32", "名前", "\x00"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)  # fmt: skip
keys = st.one_of(st.sampled_from(sorted(FIELDS)), st.text(max_size=12))
documents = st.dictionaries(keys, values, max_size=6)


def config_outcome(doc: dict, tmp_path) -> str:
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return "unwritable"  # TOML cannot say it (e.g. mixed arrays in old tomli_w): not a case
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    try:
        config = build_config(path)
    except InstinctError as e:
        assert "\n" not in str(e)
        return "error"
    assert isinstance(config, EvolveConfig)
    for f in FIELDS:
        value = getattr(config, f)
        if isinstance(value, float) and f != "stop_fitness":
            assert math.isfinite(value)
    return "valid"


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents)
def test_fuzzed_configs_load_or_fail_in_one_line(tmp_path_factory, doc):
    config_outcome(doc, tmp_path_factory.mktemp("cfg"))


@pytest.mark.slow
@settings(max_examples=SLOW_CONFIGS, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents)
def test_fuzzed_configs_campaign(tmp_path_factory, doc):
    config_outcome(doc, tmp_path_factory.mktemp("cfg"))


def test_load_toml_is_bounded(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * (2 << 20))
    tracemalloc.start()
    try:
        with pytest.raises(InstinctError, match="over the"):
            load_toml(path)
        assert tracemalloc.get_traced_memory()[1] < 1 << 20
    finally:
        tracemalloc.stop()
