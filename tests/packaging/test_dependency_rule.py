"""Dependencies point down (docs/extending.md, "The dependency rule"): read from the source, every
import statement of every module counts, including the ones inside functions."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "instinct"

# The evolution loop and everything below it.
LOOP = [
    "evolve.py", "resume.py", "reporters.py", "run.py", "config.py", "paths.py", "sparsity.py",
    "strategies", "genome", "evaluate", "nn", "kernels", "worlds.py", "rng.py", "stats.py",
]  # fmt: skip
RULES = [
    (LOOP, ("instinct.lottery", "instinct.plots", "instinct.viewer", "instinct.commands")),
    (["reporters.py"], ("instinct.evolve",)),
    (
        ["plots"],
        (
            "instinct.viewer",
            "instinct.evolve",
            "instinct.reporters",
            "instinct.lottery",
            "instinct.evaluate",
            "instinct.kernels",
        ),
    ),  # fmt: skip
    (["viewer"], ("instinct.plots",)),
]


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def files(names) -> list[Path]:
    out = []
    for name in names:
        path = PACKAGE / name
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return out


@pytest.mark.parametrize(("where", "forbidden"), RULES, ids=lambda x: ",".join(x)[:40])
def test_no_module_imports_upward(where, forbidden):
    assert files(where), f"nothing found for {where}"
    bad = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files(where)
        for name in sorted(imports_of(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]
    assert not bad, "\n".join(bad)


def test_worlds_never_import_instinct():
    bad = [str(p) for p in sorted((ROOT / "envs").rglob("*.py"))
           if any(n == "instinct" or n.startswith("instinct.") for n in imports_of(p))]  # fmt: skip
    assert not bad


def test_import_instinct_stays_cheap():
    """Importing the package loads no plotting, drawing, CMA, lottery or command code. (It does
    load Numba, and Numba scipy: the worlds' cores are @njit modules imported at registration.)"""
    code = (
        "import sys, instinct, instinct.config, instinct.evolve;"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())  # fmt: skip
    heavy = {"matplotlib", "pygame", "cma", "instinct.lottery", "instinct.plots",
             "instinct.viewer", "instinct.commands"}  # fmt: skip
    assert not heavy & loaded
