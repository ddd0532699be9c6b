"""instinct's Python API: what the command line does, as calls (docs/api.md).

    import instinct
    run = instinct.evolve(env="CartPole-v1", generations=20)   # or env=MyEnv, your own class
    net = run.best.grow()                                      # the Network the best genome grows
    action = net.act(obs)                                      # in any Gymnasium loop
    instinct.birth_score(run.best, episodes=100)               # its score at birth, held out
    genome = instinct.load("genomes/hatchling-v1-seeds.dna")   # a genome file
    instinct.export(genome, "net.onnx")                        # or net.npz: the grown network

`evolve` runs the very code `instinct evolve` runs (the same loop, reporters and run folder); the
rest wrap what `instinct inspect --birth`, `instinct baselines` and `instinct export` use.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from pathlib import Path

import numpy as np

from instinct.errors import InstinctError

INT_COLUMNS = ("generation", "agent_steps", "genome_bytes", "genome_bytes_zlib")


class Run:
    """A run folder (what `evolve` wrote, or any folder `instinct evolve` wrote)."""

    def __init__(self, path: str | Path):
        from instinct.run import RunFolder

        self._folder = RunFolder.open(path)
        self.path = self._folder.path

    @property
    def config(self):
        """The run's `EvolveConfig` (from its config.toml)."""
        return self._folder.read_config()

    @property
    def best(self):
        """The best genome (best.dna), with its held-out birth score in `birth_score`."""
        from instinct.genome.fileformat import load

        if not self._folder.best_path.is_file():
            raise InstinctError(f"{self.path} has no best genome yet (the run did not finish)")
        return load(self._folder.best_path)

    @property
    def records(self) -> list[dict]:
        """metrics.csv as one dict per generation (numbers as int or float)."""
        return [{k: _number(k, v) for k, v in row.items()} for row in self._folder.read_metrics()]

    @property
    def metrics(self) -> np.ndarray:
        """metrics.csv as a NumPy structured array, one row per generation (`run.metrics["best"]`);
        an empty cell is NaN (-1 in an integer column)."""
        from instinct.run import METRICS_COLUMNS

        rows = self.records
        names = list(rows[0]) if rows else list(METRICS_COLUMNS)
        dtype = [(n, np.int64 if n in INT_COLUMNS else np.float64) for n in names]
        return np.array([tuple(r[n] for n in names) for r in rows], dtype=dtype)

    @property
    def result(self) -> dict:
        """result.json: the best genome's held-out birth score and the world's baselines."""
        from instinct.files import read_regular_file

        data = read_regular_file(self._folder.result_path, 1 << 20, "result file")
        return json.loads(data.decode("utf-8"))

    def __repr__(self) -> str:
        return f"Run({str(self.path)!r})"


def _number(column: str, text):
    if column in INT_COLUMNS:
        try:
            return int(float(text))
        except (TypeError, ValueError):
            return -1
    try:
        return float(text)
    except (TypeError, ValueError):
        return float("nan")


def make_config(config=None, **settings):
    """An `EvolveConfig` from a config (an EvolveConfig, a TOML path or a dict) and settings on top;
    `env` may be a class or callable of your own (registered with `instinct.userenv`)."""
    from instinct.config import EvolveConfig, build_config
    from instinct.userenv import env_id_for

    if isinstance(config, EvolveConfig):
        config, toml = config.to_dict(), None
    elif isinstance(config, dict):
        toml = None
    elif config is None or isinstance(config, (str, Path)):
        config, toml = {}, config
    else:
        raise InstinctError(f"config must be an EvolveConfig, a dict or a TOML path, "
                            f"got {type(config).__name__}")  # fmt: skip
    values = {**config, **settings}
    if "env" in values:
        values["env"] = env_id_for(values["env"])
    if isinstance(values.get("out"), Path):
        values["out"] = str(values["out"])
    return build_config(toml, **values)


def evolve(config=None, *, quiet: bool = False, threads: int | None = None, **settings) -> Run:
    """Evolve genomes and return the finished `Run` (what `instinct evolve` does).

    config: an `EvolveConfig`, a TOML file or a dict; settings: any evolve setting by name
    (`env=`, `generations=`, `population=`, `hidden=(16,)`, `out=`...), over the config. `env`
    may be a Gymnasium id, or your own `gymnasium.Env` class or a function returning an env,
    registered nowhere: it is evolved through the gym path. quiet: no progress lines.
    """
    from instinct.commands.evolve import _evolve
    from instinct.evolve import build
    from instinct.run import RunFolder

    if threads is not None:
        from instinct.threads import set_threads

        set_threads(threads)
    config = make_config(config, **settings)
    exp = build(config)
    exp.run = RunFolder.create(config)
    try:
        out = io.StringIO() if quiet else None
        with contextlib.redirect_stdout(out) if quiet else contextlib.nullcontext():
            _evolve(argparse.Namespace(), exp)  # the command's own flow, reporters and files
    finally:
        exp.run.release()
    return Run(exp.run.path)


def load(path: str | Path):
    """The `Genome` in a .dna file (validated; a file never runs code)."""
    from instinct.genome.fileformat import load as load_file

    return load_file(path)


def save(genome, path: str | Path) -> None:
    """Write `genome` as a .dna file (atomically)."""
    from instinct.genome.fileformat import save as save_file

    save_file(genome, path)


def grow(genome):
    """The `Network` a genome (or a .dna path) grows: `net.act(obs)` in a Gymnasium loop."""
    from instinct.network import grow as grow_network

    return grow_network(load(genome) if isinstance(genome, (str, Path)) else genome)


def export(genome, path: str | Path, format: str | None = None, mask: str = "apply") -> Path:
    """Write the network a genome (or a .dna path) grows to `path` and return the path (what
    `instinct export` does). format: "npz" (plain NumPy arrays) or "onnx" (an ONNX model with
    inputs obs [and h], outputs action, raw [and h_out]; needs the onnx package); None: from
    `path`'s suffix. mask: "apply" (masked-off weights are zeros) or "separate" (the grown
    weights and the mask side by side)."""
    from instinct.commands.export import write_export

    if isinstance(genome, (str, Path)):
        genome = load(genome)
    path = Path(path)
    fmt = format if format is not None else path.suffix.lstrip(".")
    return write_export(genome, path, fmt, mask)


def birth_score(genome, env=None, episodes: int = 200, seed: int = 0, path: str = "auto") -> dict:
    """The network's performance at birth on held-out episodes `heldout_keys(seed, episodes)`:
    mean return with a 95% CI, and success rate where the world defines success (what
    `instinct inspect --birth` measures). env: the genome's own env id by default, or an id, class
    or callable (your own env)."""
    from instinct.env_ids import env_from_file
    from instinct.evaluate import make_evaluator
    from instinct.evolve import birth_score as score
    from instinct.genome import decode
    from instinct.rng import heldout_keys
    from instinct.userenv import env_id_for

    if isinstance(genome, (str, Path)):
        genome = load(genome)
    if isinstance(episodes, bool) or not isinstance(episodes, int) or episodes < 1:
        raise InstinctError(f"episodes must be a positive int, got {episodes!r}")
    env_id = env_id_for(env) if env is not None else env_from_file(genome.env_id, "the genome")
    params, mask = decode(genome)
    evaluator = make_evaluator(env_id, genome.arch, path)
    try:
        masks = None if mask is None else mask[None]
        return score(evaluator, params[None], masks, heldout_keys(seed, episodes))
    finally:
        evaluator.close()


def baselines(env: str = "instinct/Hatchling-v1", measure: bool = False, episodes: int = 1000,
              seed: int = 0, validation: int = 128) -> list[dict]:  # fmt: skip
    """The world's baseline policies, one dict per baseline (name, success_rate with its Wilson
    interval, mean_return, bits...): the table shipped with instinct, or with `measure=True`
    measured now on `episodes` held-out episodes (what `instinct baselines` does; minutes)."""
    from instinct.baselines import reference_lines, run_battery

    if not measure:
        rows = reference_lines(env, shipped_only=True)
        if rows is None:
            raise InstinctError(f"no baseline table ships for {env}; use measure=True")
        return [dict(r) for r in rows]
    return [r.to_row() for r in run_battery(env, seed, episodes, validation)]


__all__ = ["Run", "baselines", "birth_score", "evolve", "export", "grow", "load", "make_config",
           "save"]  # fmt: skip
