"""CLI fuzz over every command's flags (issue 16): each case gives one flag (or the positional
argument) of one command a hostile value on top of a cheap valid command line, runs it in-process,
and requires exit 0, or exit 2 with a one-line `error:` on stderr; never a traceback, never a hang.

Default: a few dozen cases. `pytest -m slow tests/hostile/test_cli_fuzz.py -s` runs SLOW_CASES and
prints "tried N, survived M".
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pytest

from instinct.cli import build_parser, main

DEFAULT_CASES, SLOW_CASES, HANG_S = 9, 600, 120
TINY = ["--env", "CartPole-v1", "--generations", "1", "--population", "4", "--episodes", "1",
        "--hidden", "2", "--heldout-episodes", "2"]  # fmt: skip


def hostile_values(tmp: Path) -> list[str]:
    (tmp / "a-file").write_text("x")
    (tmp / "a-folder").mkdir(exist_ok=True)
    if not (tmp / "a-fifo").exists():
        os.mkfifo(tmp / "a-fifo")
    return ["", "-1", "0", "1", "nan", "inf", "-inf", "1e400", "9" * 400, "1.5", "名前", "../x",
            "a/b", str(tmp / ("x" * 300)), "/dev/zero", str(tmp / "a-fifo"), str(tmp / "a-folder"),
            str(tmp / "a-file"), "x" * 5000, "-", "32,32", "0,0", "\x1b[31m", "a\nb", "true",
            "1000000000000", "this:Zen-v0", "2", "10"]  # fmt: skip


def baselines(tmp: Path, run: Path, genome: Path) -> dict[str, list[str]]:
    return {
        "evolve": [*TINY, "--validation-episodes", "2", "--out", str(tmp / "runs")],
        "inspect": [str(genome)],
        "export": [str(genome), "--out", str(tmp / "net.npz")],
        "bits": [
            *TINY,
            "--seeds",
            "1",
            "--sizes",
            "64",
            "--encodings",
            "direct",
            "--out",
            str(tmp / "bits"),
        ],  # fmt: skip
        "prune": [
            str(run),
            "--levels",
            "1",
            "--episodes",
            "2",
            "--seeds",
            "1",
            "--generations",
            "1",
            "--population",
            "4",
            "--out",
            str(tmp / "lottery"),
        ],  # fmt: skip
        "watch": [
            str(run),
            "--record",
            str(tmp / "w.gif"),
            "--frames",
            "2",
            "--size",
            "200x150",
            "--agents",
            "1",
        ],  # fmt: skip
        "plot": [str(run), "--out", str(tmp / "plots"), "--format", "png", "--only", "fitness"],
        "envs": [],
        "bench": [
            "--population",
            "2",
            "--gym-population",
            "1",
            "--repeats",
            "1",
            "--hidden",
            "2",
        ],  # fmt: skip
    }


def flags_of(command: str) -> list[argparse.Action]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [a for a in sub.choices[command]._actions if not isinstance(a, argparse._HelpAction)]


def with_value(argv: list[str], action: argparse.Action, value: str) -> list[str]:
    if not action.option_strings:  # the positional: replace the first argument
        return [value, *argv[1:]] if argv and not argv[0].startswith("-") else [value, *argv]
    flag = action.option_strings[-1]
    argv = list(argv)
    if flag in argv:
        i = argv.index(flag)
        del argv[i : i + (1 if action.nargs == 0 else 2)]
    return [*argv, flag] if action.nargs == 0 else [*argv, flag, value]


class Hang(Exception):
    pass


def run_case(argv: list[str]) -> tuple[str, str]:
    """("ok" | "error" | "crash" | "hang", detail)."""
    out, err = io.StringIO(), io.StringIO()

    def alarm(*_):
        raise Hang

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_S)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as e:
                code = e.code
    except Hang:
        return "hang", " ".join(argv)[:200]
    except BaseException as e:  # noqa: BLE001  anything escaping main is a crash
        return "crash", f"{type(e).__name__}: {str(e)[:150]} <- {' '.join(argv)[:200]}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    text = err.getvalue()
    if "Traceback" in text or code not in (0, 2):
        return "crash", f"exit {code}: {text[-300:]} <- {' '.join(argv)[:200]}"
    if code == 2:
        errors = [line for line in text.splitlines() if "error:" in line]
        if len(errors) != 1 or not text.endswith("\n") or not errors[0].startswith("instinct"):
            return "crash", f"not one error line: {text[-300:]!r}"
        return "error", ""
    return "ok", ""


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli-fuzz")
    assert main(["evolve", *TINY, "--out", str(tmp), "--name", "run"]) == 0
    return tmp, tmp / "run", tmp / "run" / "best.dna"


def campaign(world, cases: int, seed: int, monkeypatch) -> dict:
    tmp, run, genome = world
    monkeypatch.chdir(tmp)
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    rng = np.random.default_rng(seed)
    values, bases = hostile_values(tmp), baselines(tmp, run, genome)
    commands = sorted(bases)
    tally = {"ok": 0, "error": 0, "crash": [], "hang": []}
    for i in range(cases):
        command = commands[i % len(commands)]
        actions = flags_of(command)
        argv = list(bases[command])
        for _ in range(int(rng.integers(1, 3))):
            action = actions[int(rng.integers(0, len(actions)))]
            pool = [*values, *(action.choices or [])]
            argv = with_value(argv, action, str(pool[int(rng.integers(0, len(pool)))]))
        outcome, detail = run_case([command, *argv])
        if outcome in ("crash", "hang"):
            tally[outcome].append(detail)
        else:
            tally[outcome] += 1
    tried = cases
    survived = tally["ok"] + tally["error"]
    crashes, hangs = len(tally["crash"]), len(tally["hang"])
    print(f"command lines: tried {tried}, survived {survived} (ok {tally['ok']}, one-line errors "
          f"{tally['error']}, crashes {crashes}, hangs {hangs})")  # fmt: skip
    return tally


def test_cli_fuzz_default(world, monkeypatch):
    tally = campaign(world, DEFAULT_CASES, 0, monkeypatch)
    assert not tally["crash"] and not tally["hang"], tally["crash"][:3] + tally["hang"][:3]
    assert tally["error"] > 0


@pytest.mark.slow
def test_cli_fuzz_campaign(world, monkeypatch):
    tally = campaign(world, SLOW_CASES, 1, monkeypatch)
    assert not tally["crash"] and not tally["hang"], tally["crash"][:5] + tally["hang"][:5]


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-s"]))
