"""kill -9 at random moments, then a rerun or --resume: the same files as an unbroken run, and
every file loads (issue 16). The default suite lands a few kills on evolve; `pytest -m slow`
lands 20 on each command and prints "tried N, survived M"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.killer import campaign, write_campaign
from tests.hardening.scenarios import all_scenarios, evolve

NAMES = [s.name for s in all_scenarios(Path("unused"))]


def test_a_killed_evolve_resumes_to_the_same_files(tmp_path):
    outcome = campaign(evolve("ga", "seeds"), tmp_path, kills=2, seed=1)
    assert outcome.failures == []
    assert outcome.kills >= 2 and outcome.survived == outcome.kills


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_twenty_kills_per_command(tmp_path, name):
    scenario = next(s for s in all_scenarios(tmp_path / "shared") if s.name == name)
    outcome = campaign(scenario, tmp_path, kills=20, seed=0)
    print(f"\n{name}: tried {outcome.kills}, survived {outcome.survived} "
          f"({outcome.mid_write} landed inside a write)")  # fmt: skip
    assert outcome.failures == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["evolve-ga", "prune-supermask"])
def test_a_kill_before_and_after_every_atomic_write(tmp_path, name):
    scenario = next(s for s in all_scenarios(tmp_path / "shared") if s.name == name)
    outcome = write_campaign(scenario, tmp_path)
    print(f"\n{name}, aimed at every write: tried {outcome.kills}, survived {outcome.survived}")
    assert outcome.kills >= 10 and outcome.failures == []
