"""Every input a one-line error (issue 16; issue 17 items 10 and 12): hostile flag values, config
files and paths end in exit status 2 and exactly one line on stderr, before anything runs."""

import os
import sys

import pytest

from instinct.cli import main
from tests.hostile.craft import GENOMES, edit

SEEDS = str(GENOMES / "hatchling-seeds.dna")
LONG = "x" * 300  # one path component over the 255-byte limit


def one_line_error(argv, capsys) -> str:
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as e:  # argparse's own refusals
        code = e.code
    assert code == 2
    out = capsys.readouterr()
    assert out.err.count("\n") == 1 and out.err.startswith("instinct"), out.err
    assert "Traceback" not in out.err + out.out
    return out.err


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # default run folders go under runs/ here
    return tmp_path


EVOLVE = [
    (["--population", 10**12], "memory"),
    (["--episodes", 10**9], "memory"),
    (["--hidden", "20000,20000"], "memory"),
    (["--heldout-episodes", 10**9], "memory"),
    (["--hidden", "inf"], "hidden"),
    (["--hidden", "nan"], "hidden"),
    (["--hidden", "1e400"], "hidden"),
    (["--hidden", ",".join(["2"] * 100)], "hidden"),
    (["--seed", "nan"], "seed"),
    (["--seed", "9" * 5000], "seed"),
    (["--sigma", "inf"], "sigma"),
    (["--sigma", "1e400"], "sigma"),
    (["--sigma", "-0.1"], "sigma"),
    (["--population", "1.5"], "population"),
    (["--name", "a/b"], "name"),
    (["--name", ".."], "name"),
    (["--name", LONG], "name"),
    (["--name", "a\x00b"], "NUL"),
    (["--name", "a\nb"], "name"),
    (["--out", "a\x00b"], "NUL"),
    (["--env", "ünïcødé-v0"], "env"),
    (["--env", "\x00"], "NUL"),
]


@pytest.mark.parametrize("argv, words", EVOLVE, ids=[str(i) for i in range(len(EVOLVE))])
def test_evolve_refuses_hostile_flags_in_one_line(argv, words, here, capsys):
    err = one_line_error(["evolve", *argv], capsys)
    assert words in err
    assert not (here / "runs").exists() or not any((here / "runs").iterdir())


TOML = {
    "hidden = [inf]": "hidden",
    "hidden = [nan]": "hidden",
    "hidden = [true]": "hidden",
    "hidden = [32.5]": "hidden",
    "hidden = [[1]]": "hidden",
    "seed = 1e400": "seed",
    "sigma = 1e400": "sigma",
    "sigma = nan": "sigma",
    "population = 99999999999999999999": "memory",
    "population = -3": "population",
    "population = true": "population",
    "[population]\nx = 1": "population",
    "[nested]\nkey = 1": "unknown config key",
    "name = '../escape'": "name",
    'out = "a\\u0000b"': "out",
    'name = "a\\u001bb"': "name",
    "env = ['a']": "env",
    "'ключ' = 1": "unknown config key",
}


@pytest.mark.parametrize("text, words", TOML.items(), ids=list(range(len(TOML))))
def test_config_values_are_one_line_errors(text, words, here, capsys):
    (here / "c.toml").write_text(text + "\n", encoding="utf-8")
    assert words in one_line_error(["evolve", "--config", "c.toml"], capsys)


def test_config_files_that_are_not_files(here, capsys):
    (here / "bad.toml").write_bytes(b"seed = 1\n\xff\xfe\n")
    (here / "folder").mkdir()
    os.mkfifo(here / "fifo")
    for path in ("bad.toml", "folder", "fifo", "missing.toml", LONG, "/dev/zero"):
        one_line_error(["evolve", "--config", path], capsys)


def test_paths_too_long_or_in_the_wrong_place(here, capsys):
    (here / "file").write_text("x")
    assert "too long" in one_line_error(["evolve", "--out", f"{here}/{LONG}"], capsys)
    one_line_error(["evolve", "--out", here / "file"], capsys)  # a file where a folder belongs
    one_line_error(["evolve", "--resume", here / LONG], capsys)
    one_line_error(["evolve", "--resume", here / "file"], capsys)
    assert "too long" in one_line_error(["inspect", here / f"{LONG}.dna"], capsys)
    assert "too long" in one_line_error(["export", SEEDS, "--out", here / f"{LONG}.npz"], capsys)
    one_line_error(["export", SEEDS, "--out", here / "a\x00.npz"], capsys)
    one_line_error(["watch", here / f"{LONG}.dna"], capsys)
    one_line_error(["prune", here / f"{LONG}.dna"], capsys)


def test_devices_and_fifos_as_genome_files(here, capsys):
    os.mkfifo(here / "pipe.dna")
    for cmd in ("inspect", "export", "watch", "prune"):
        for path in ("/dev/zero", here / "pipe.dna"):
            assert "regular file" in one_line_error([cmd, path], capsys) or cmd == "prune"


@pytest.mark.parametrize(
    "argv, words",
    [
        (["bits", "--name", "../x"], "--name"),
        (["bits", "--name", "a/b"], "--name"),
        (["bits", "--sizes", "inf"], "size"),
        (["bits", "--population", 10**12], "memory"),
        (["bench", "--population", 10**12], "memory"),
        (["bench", "--hidden", "inf"], "hidden"),
        (["prune", SEEDS, "--episodes", 10**12], "memory"),
        (["prune", SEEDS, "--population", 10**12, "--method", "supermask"], "memory"),
        (["prune", SEEDS, "--rate", "nan"], "rate"),
        (["inspect", SEEDS, "--birth", "--episodes", 10**12], "memory"),
    ],
)
def test_other_commands_refuse_absurd_sizes_before_starting(argv, words, here, capsys):
    assert words in one_line_error(argv, capsys)
    assert not (here / "runs").exists() or not any((here / "runs").rglob("*.dna"))


def test_a_genome_naming_a_module_never_imports_it(here, capsys, monkeypatch):
    """Issue 17 item 6: `env_id = "module:Env-v0"` in a file must not run `module`'s import."""
    probe = "instinct_probe_module"
    (here / f"{probe}.py").write_text("open('imported', 'w').close()\n")
    monkeypatch.syspath_prepend(str(here))
    crafted = here / "crafted.dna"
    crafted.write_bytes(edit("hatchling-seeds.dna", lambda h: h.update(env_id=f"{probe}:X-v0")))
    for argv in (["inspect", crafted, "--birth", "--episodes", "2"], ["watch", crafted],
                 ["prune", crafted, "--levels", "0"]):  # fmt: skip
        assert "not registered" in one_line_error(argv, capsys)
    assert probe not in sys.modules and not (here / "imported").exists()
