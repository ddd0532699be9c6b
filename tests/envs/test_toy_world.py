"""A world is one folder: copy the toy world into a temporary folder, let instinct_envs discover
it, and evolve it with the ordinary command (nothing else edited)."""

import json
import shutil
from pathlib import Path

import gymnasium
import instinct_envs
import pytest

from instinct.cli import main

TOY = Path(__file__).resolve().parent / "toy_world"
ID = "instinct/ToyLine-v0"


@pytest.fixture
def toy_world(tmp_path, monkeypatch):
    shutil.copytree(TOY, tmp_path / "worlds" / "toyline")
    monkeypatch.setattr(
        instinct_envs, "__path__", [*instinct_envs.__path__, str(tmp_path / "worlds")]
    )
    instinct_envs.discover()
    yield instinct_envs.WORLDS[ID]
    for table in (instinct_envs.WORLDS, instinct_envs.FUSED_CORES, gymnasium.registry):
        table.pop(ID, None)
    instinct_envs._SEEN.discard("toyline")


def test_a_world_folder_is_discovered_and_evolves(toy_world, tmp_path, capsys):
    assert ID in gymnasium.registry and toy_world.core.STATE_DIM == 2
    args = ["evolve", "--env", ID, "--encoding", "direct", "--strategy", "es", "--hidden", "4"]
    args += ["--population", "16", "--episodes", "4", "--generations", "12", "--sigma", "0.3"]
    args += ["--heldout-episodes", "20", "--out", str(tmp_path / "runs"), "--name", "toy"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "fused path" in out and "reached goal" in out
    result = json.loads((tmp_path / "runs" / "toy" / "result.json").read_text())
    assert result["success_rate"] > 0.5  # moving right is easy to find
