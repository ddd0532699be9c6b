"""A world's preset fills in the evolve settings the user did not give; flags and the --config
file always win; the filled-in settings are printed and saved, so a resume keeps them."""

import instinct_envs
import pytest

import instinct.presets as presets
from instinct.cli import main
from instinct.config import FIELDS, EvolveConfig
from instinct.errors import InstinctError
from instinct.run import RunFolder

FAKE = {"sigma": 0.2, "population": 12, "hidden": [4], "episodes": 2, "generations": 2}


def test_apply_preset_fills_only_missing_keys():
    values, filled = presets.apply_preset({"population": 16}, FAKE)
    assert values["population"] == 16 and "population" not in filled
    assert values["sigma"] == 0.2 and values["hidden"] == (4,) and filled["hidden"] == (4,)
    with pytest.raises(InstinctError):
        presets.apply_preset({}, {"no_such_setting": 1})


def test_every_world_preset_is_a_valid_config():
    for world in instinct_envs.WORLDS.values():
        values, _ = presets.apply_preset({"env": world.id}, world.preset)
        config = EvolveConfig(**values)
        assert set(world.preset) <= set(FIELDS) and config.env == world.id


def test_evolve_applies_the_preset_under_the_flags(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(presets, "world_preset", lambda env_id: dict(FAKE))
    cfg = tmp_path / "my.toml"
    cfg.write_text("episodes = 1\n")
    args = ["evolve", "--env", "CartPole-v1", "--config", str(cfg), "--population", "16",
            "--out", str(tmp_path), "--name", "run"]  # fmt: skip
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    first = " ".join([lines[0], *(ln for ln in lines[1:3] if ln.startswith("  "))])  # wrapped
    assert first.startswith("preset for CartPole-v1")
    assert "sigma=0.2" in first and "hidden=4" in first and "generations=2" in first
    assert "population" not in first and "episodes" not in first  # given by flag / config file
    config = RunFolder(tmp_path / "run").read_config()
    assert (config.population, config.episodes, config.sigma, config.hidden) == (16, 1, 0.2, (4,))
    # a resumed run keeps its saved settings and prints no preset
    assert main(["evolve", "--resume", str(tmp_path / "run"), "--generations", "3"]) == 0
    assert "preset for" not in capsys.readouterr().out
    assert RunFolder(tmp_path / "run").read_config().sigma == 0.2


def test_no_preset_no_line(capsys):
    from instinct.cli import build_parser
    from instinct.commands.evolve import _config

    assert instinct_envs.WORLDS["instinct/Hatchling-v0"].preset == {}
    config, *_ = _config(build_parser().parse_args(["evolve", "--population", "8"]))
    assert config == EvolveConfig(population=8)  # the defaults, untouched
    assert "preset for" not in capsys.readouterr().out
