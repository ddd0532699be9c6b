"""`instinct evolve`: evolve genomes in an env and write a run folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from instinct.backends import BACKENDS
from instinct.config import FIELDS, EvolveConfig, choices_of, config_values, help_of
from instinct.errors import InstinctError

RESUMABLE = {"generations"}  # settings a resumed run may change


def add_parser(sub):
    p = sub.add_parser(
        "evolve",
        help="evolve genomes in an env (default: the Hatchling world)",
        description="Evolve genomes in a Gymnasium env and write a run folder under --out. "
        "Settings come from the defaults, then --config FILE.toml, then flags.",
    )
    p.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                   help="TOML file with any of the settings below")  # fmt: skip
    p.add_argument("--resume", metavar="RUN", default=argparse.SUPPRESS,
                   help="continue the stopped run in this folder")  # fmt: skip
    p.add_argument("--threads", type=int, default=argparse.SUPPRESS,
                   help="Numba threads (results do not depend on it; default: all cores)",
                   )  # fmt: skip
    p.add_argument("--seeds", metavar="SEEDS", default=None,
                   help="one run per seed, one after another: a range 0-4, a list 0,3,7 or a "
                   "count N (seeds 0..N-1); instinct plot pools them")  # fmt: skip
    p.add_argument("--backend", default="local", choices=BACKENDS,
                   help="where genomes are evaluated (results do not depend on it; "
                   "docs/backends.md; default: local)")  # fmt: skip
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes or Ray actors (default: the cores, or the "
                   "cluster's CPUs)")  # fmt: skip
    p.add_argument("--address", default=None, metavar="auto|HOST:PORT",
                   help="Ray cluster to join (default: RAY_ADDRESS, a local `ray start`, else a "
                   "new local one)")  # fmt: skip
    p.add_argument("--plot", action="store_true", default=argparse.SUPPRESS,
                   help="refresh RUN/plots/fitness.png every few generations")  # fmt: skip
    for name, f in FIELDS.items():
        default = ",".join(map(str, f.default)) if name == "hidden" else f.default
        choices = choices_of(f)
        extra = f" [{'|'.join(choices)}]" if choices else ""
        p.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            metavar=name.upper(),
            default=argparse.SUPPRESS,
            help=f"{help_of(f)}{extra} (default: {default})",
        )
    p.set_defaults(func=run)


# When the user names no encoding, one that the strategy can hand on (a seed chain needs the GA):
# ES perturbs the parameters themselves; CMA-ES gets a small CPPN genome (386 numbers for the
# default network), so that it can learn a full covariance.
FITTING_ENCODING = {"es": "direct", "cma": "cppn"}


def _fitting_encoding(args, overrides: dict) -> str | None:
    """The encoding to use because the strategy cannot take the default one, or None."""
    from instinct.config import coerce, load_toml

    toml = load_toml(args.config) if hasattr(args, "config") else {}
    if "encoding" in overrides or "encoding" in toml:
        return None
    strategy = coerce("strategy", overrides.get("strategy", toml.get("strategy", "ga")))
    return FITTING_ENCODING.get(strategy)


def _finished(run, config, overrides) -> bool:
    """The run ended (result.json is written last), nobody asked for more generations, and a kill
    left nothing to repair (a metrics row cut off, a checkpoint without its genome file, pruning
    not finished): a resume then has nothing to do."""
    done = run.complete_generations()
    more = "generations" in overrides and config.generations > done
    if more or not run.result_path.is_file() or not run.metrics_path.is_file() or done == 0:
        return False
    # a run that stopped early (its target met) wrote result.json after its last metrics row
    stopped = run.result_path.stat().st_mtime >= run.metrics_path.stat().st_mtime
    return (done >= config.generations or stopped) and _intact_checkpoints(run)


def _intact_checkpoints(run, keep: int = 2) -> bool:
    folder = run.checkpoint_dir
    npz = sorted(p.stem for p in folder.glob("gen_*.npz"))
    dna = sorted(p.stem for p in folder.glob("gen_*.dna"))
    return npz == dna and len(npz) <= keep


def _config(args, seed=None):
    """(config, the run folder to resume (locked) or None, notes for the start line, finished)."""
    from instinct.run import RunFolder

    overrides = {k: getattr(args, k) for k in FIELDS if hasattr(args, k)}
    if hasattr(args, "resume"):
        fixed = sorted(set(overrides) - RESUMABLE)
        if fixed or hasattr(args, "config"):
            bad = ", ".join(f"--{k.replace('_', '-')}" for k in fixed) or "--config"
            raise InstinctError(f"a resumed run keeps its config; cannot change {bad}")
        run = RunFolder.open(args.resume)
        config = run.read_config(**overrides)
        run.claim()  # one writer at a time; released when the process ends, however it ends
        try:
            done = len(run.read_metrics())
            if config.generations < done:
                raise InstinctError(f"{run.path} has already run {done} generations; "
                                    f"--generations must be at least that")  # fmt: skip
            if _finished(run, config, overrides):
                run.release()
                return config, run, [], True
            if overrides:
                run.write_config(config)
        except BaseException:
            run.release()
            raise
        return config, run, [], False
    notes = []
    encoding = _fitting_encoding(args, overrides)
    if encoding:
        overrides["encoding"] = encoding
        notes.append(f"encoding {encoding} for strategy {overrides.get('strategy', 'cma')} "
                     "(a seed chain needs ga; see --encoding)")  # fmt: skip
    if seed is not None:
        overrides["seed"] = seed
        if overrides.get("name"):
            overrides["name"] = f"{overrides['name']}-s{seed}"
    from instinct.presets import apply_preset, describe, world_preset

    values = config_values(getattr(args, "config", None), **overrides)
    env_id = values.get("env", FIELDS["env"].default)
    values, filled = apply_preset(values, world_preset(env_id))
    if filled:
        print(describe(env_id, filled), flush=True)
    return EvolveConfig(**values), None, notes, False


def parse_seeds(text: str) -> list[int]:
    """`0-4` (a range, both ends in), `0,3,7` (a list), or `N` (seeds 0 to N-1)."""
    try:
        if "-" in text.strip("-") and "," not in text:
            a, b = (int(v) for v in text.split("-"))
            seeds = list(range(a, b + 1))
        elif "," in text:
            seeds = [int(v) for v in text.split(",") if v.strip()]
        else:
            seeds = list(range(int(text)))
    except ValueError:
        raise InstinctError(f"--seeds wants a range like 0-4, a list like 0,3,7 or a count, "
                            f"got {text!r}") from None  # fmt: skip
    if not seeds or len(seeds) > 1000:
        raise InstinctError(f"--seeds {text} names no seeds (or more than 1000)")
    return seeds


def run(args):
    if hasattr(args, "threads"):
        from instinct.threads import set_threads

        set_threads(args.threads)
    if getattr(args, "seeds", None) is None:
        return run_one(args)
    if hasattr(args, "resume") or hasattr(args, "seed"):
        raise InstinctError("--seeds runs one run per seed: drop --seed and --resume "
                            "(resume one run with --resume RUN)")  # fmt: skip
    return run_seeds(args, parse_seeds(args.seeds))


def run_seeds(args, seeds: list[int]) -> int:
    """Evolve one run per seed, one after another in this process (kernels compile once); a
    seed whose run folder already holds this very config is resumed, or skipped when finished,
    so the same command finishes an interrupted launch."""
    from instinct.run import RunFolder

    paths, results = [], []
    for k, seed in enumerate(seeds):
        config = _config(args, seed)[0]
        path = Path(config.out) / config.run_name()
        same = path.is_dir() and (path / "config.toml").is_file()
        if same:
            old = RunFolder(path).read_config()
            same = json.dumps(old.to_dict(), sort_keys=True) == json.dumps(
                config.to_dict(), sort_keys=True
            )
        print(f"=== seed {seed} ({k + 1} of {len(seeds)})", flush=True)
        one = argparse.Namespace(**{**vars(args), "seeds": None})
        if same:
            for key in list(vars(one)):
                if key in FIELDS and key != "generations":
                    delattr(one, key)
            one.resume = str(path)
            one.__dict__.pop("config", None)
        else:
            one.seed = seed
            if getattr(args, "name", None):
                one.name = f"{args.name}-s{seed}"
        run_one(one)
        paths.append(str(one.resume) if same else str(_last_run[0]))
        results.append(_read_result(Path(paths[-1])))
    print(f"=== {len(seeds)} seeds done")
    for seed, path, result in zip(seeds, paths, results, strict=True):
        print(f"seed {seed}: {path}  {result}")
    print(f"pool them in one figure: instinct plot {' '.join(paths)}")
    return 0


def _read_result(path: Path) -> str:
    try:
        r = json.loads((path / "result.json").read_text())
    except (OSError, ValueError):
        return "(no held-out score)"
    if r.get("mean_return") is None:  # NaN or inf rewards: stored as null
        return "held-out mean return not a finite number"
    text = f"held-out mean return {r['mean_return']:.3f}"
    if r.get("success_rate") is not None:
        text += f", success {100 * r['success_rate']:.1f}%"
    return text


_last_run: list = [None]  # the folder run_one wrote last (for the seeds launcher's summary)


def run_one(args):
    from instinct.backends import check, distribute

    check(args.backend, args.workers)
    config, run_folder, notes, finished = _config(args)  # a resumed run's folder comes locked
    if finished:
        done = len(run_folder.read_metrics())
        more = done + max(config.generations // 2, 10)
        print(f"{run_folder.path} is finished\n"
              f"(generations 0-{done - 1}, held-out score in result.json): nothing to do.\n"
              f"to evolve it further: instinct evolve --resume {run_folder.path} "
              f"--generations {more}")  # fmt: skip
        _last_run[0] = run_folder.path
        return 0

    from instinct.envguard import EnvFailure
    from instinct.evolve import build
    from instinct.interrupt import deferring_ctrl_c
    from instinct.progress import Ticker
    from instinct.run import RunFolder

    ticker = Ticker()
    try:
        try:
            ticker.start("compiling the world and network kernels (every start)")
            exp = deferring_ctrl_c(build, config)  # compiles: a Ctrl-C there must not be lost
            ticker.stop()
            exp.evaluator = distribute(exp.evaluator, args.backend, args.workers, args.address)
            exp.run = run_folder or RunFolder.create(config)
            _last_run[0] = exp.run.path
        except BaseException:
            if run_folder is not None:
                run_folder.release()
            raise
        try:
            return _evolve(args, exp, notes, ticker)
        except EnvFailure as e:
            hint = getattr(e, "hint", "fix the env")
            raise EnvFailure(f"{e} (run {exp.run.path} kept: {hint}, then "
                             f"instinct evolve --resume {exp.run.path})") from None  # fmt: skip
        finally:
            exp.run.release()
    finally:
        ticker.close()


def _evolve(args, exp, notes=(), ticker=None):
    from instinct.atomic import write_text
    from instinct.evolve import final_genome, run_generations, stop_fitness
    from instinct.genome import fileformat
    from instinct.reporters import Checkpointer, MetricsWriter, ProgressPrinter
    from instinct.resume import restore

    config = exp.config
    rows_before = len(exp.run.read_metrics())
    complete = exp.run.complete_generations()
    newest = max(exp.run.checkpoint_generations(), default=0)
    state, start = restore(exp)
    if start == 0 and rows_before:
        print(f"warning: no usable checkpoint in {exp.run.path}: evolving again from generation 0",
              file=sys.stderr)  # fmt: skip
    elif newest > complete:
        print(f"warning: {exp.run.metrics_path} lacks the row of generation {complete}: resuming "
              f"from the checkpoint after generation {start} to regenerate the rows",
              file=sys.stderr)  # fmt: skip
    printer = ProgressPrinter(ticker=ticker, notes=notes)
    reporters = [printer, MetricsWriter(), Checkpointer(config.checkpoint_every)]
    if getattr(args, "plot", False):
        from instinct.plots.reporter import PlotReporter

        reporters.append(PlotReporter())
    try:
        last = exp.run.read_metrics()[-1:]
        if last and float(last[0]["median"]) >= stop_fitness(exp):
            print(f"{exp.run.path} already reached its stop target at generation {start - 1}")
        elif start < config.generations:
            state = run_generations(exp, state, start, reporters)
        else:
            print(f"{exp.run.path} has already run generations 0-{start - 1}")
        try:
            printer.final_phase(exp, state)
            genome = final_genome(exp, state)
            if ticker is not None:
                ticker.stop()
        except KeyboardInterrupt:
            if ticker is not None:
                ticker.stop()
            print(f"interrupted before the final held-out score; finish with: "
                  f"instinct evolve --resume {exp.run.path}", flush=True)  # fmt: skip
            raise
    finally:
        exp.evaluator.close()
    result = genome.birth_score
    fileformat.save(genome, exp.run.best_path)
    write_text(
        exp.run.result_path, json.dumps(_with_baselines(result, config.env), indent=2) + "\n"
    )
    print(_summary(exp, result))
    return 0


def _with_baselines(result: dict, env_id: str) -> dict:
    """result.json quotes the world's shipped baseline table beside the score, where one ships
    (`instinct baselines` measures it; a world without one keeps its result.json as before)."""
    from instinct.baselines import reference_lines

    rows = reference_lines(env_id, shipped_only=True)
    if not rows:
        return result
    lines = {
        r["name"]: {
            "success_rate": r["success_rate"],
            "success_ci95": [r["success_lo"], r["success_hi"]],
            "mean_return": r["mean_return"],
            "bits": r["bits"],
            "episodes": int(r["episodes"]),
        }
        for r in rows
    }
    return {**result, "baselines": lines}


def _summary(exp, result) -> str:
    if result["mean_return"] is None:  # NaN or inf rewards: stored as null
        return (f"done: {exp.run.path}\nbest genome {exp.run.best_path}\n"
                f"{result['episodes']} held-out episodes: mean return is not a finite number\n"
                "(the env gave NaN or infinite rewards)")  # fmt: skip
    lo, hi = (float("nan") if x is None else x for x in result["ci95"])
    text = (
        f"done: {exp.run.path}\n"
        f"best genome {exp.run.best_path}\n"
        f"{result['episodes']} held-out episodes: "
        f"mean return {result['mean_return']:.3f} (95% CI {lo:.3f}-{hi:.3f})"
    )
    if result.get("success_rate") is not None:
        world = getattr(exp.evaluator, "world", None)
        what = world.outcomes[world.success] if world is not None else "succeeded"
        text += f", {100 * result['success_rate']:.1f}% {what}"
    return text
