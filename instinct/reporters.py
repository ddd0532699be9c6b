"""Side effects of a run, kept out of the loop (after neat-python's reporters): progress on the
terminal, metrics rows, checkpoints and the best genome. Each hook is a no-op by default."""

from __future__ import annotations

import math
import sys
import time

from instinct.envguard import step_limit
from instinct.genome import fileformat
from instinct.nn.recurrent import net_name
from instinct.stopping import stop_fitness


def _kind(arch) -> str:
    kind = net_name(arch)
    return "" if kind == "ff" else f" {kind}"


class Reporter:
    def on_start(self, exp, start_generation: int) -> None: ...
    def on_generation(self, exp, row: dict, state) -> None: ...
    def on_interrupt(self, exp, generation: int, state) -> None: ...
    def on_end(self, exp, state, result: dict) -> None: ...


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def _rate(x: float) -> str:
    return f"{x / 1e6:.2f}M" if x >= 1e6 else f"{x / 1e3:.0f}k"


class ProgressPrinter(Reporter):
    """One line per generation; on a terminal the line updates in place and every 10th stays."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def on_start(self, exp, start_generation):
        self.t0 = time.perf_counter()
        self.start = start_generation
        c = exp.config
        verb = "resuming" if start_generation else "evolving"
        genome = (
            f"{c.encoding} genome (a seed chain: 4 bytes per generation)"
            if exp.encoding.uses_chain
            else f"{c.encoding} genome ({exp.encoding.genome_dim} numbers)"
        )
        print(
            f"{verb} {c.env} | {genome} -> "
            f"{exp.arch.num_params} parameters {exp.arch.sizes}{_kind(exp.arch)} | {c.strategy} "
            f"P={c.population} E={c.episodes} | {exp.evaluator_name} path, episodes cut at "
            f"{step_limit(exp.evaluator, c.env)} steps (--max-steps) | run {exp.run.path}",
            file=self.stream,
            flush=True,
        )

    def on_generation(self, exp, row, state):
        total = exp.config.generations
        g = row["generation"] + 1
        per_gen = (time.perf_counter() - self.t0) / max(g - self.start, 1)
        success = row["success_rate"]
        succ = "" if success != success else f"  pop. success {100 * success:5.1f}%"
        failed = "  every evaluation failed (fitness NaN or inf)" if math.isnan(row["best"]) else ""
        line = (
            f"gen {g:>4}/{total}  best {row['best']:8.3f}  median {row['median']:8.3f}{succ}  "
            f"{_rate(row['agent_steps_per_s'])} steps/s  left {_duration(per_gen * (total - g))}"
            f"{failed}"
        )
        if self.tty:
            end = "\n" if g % 10 == 0 or g == total or row.get("stop") else ""
            print(f"\r\033[K{line}", end=end, file=self.stream, flush=True)
        else:
            print(line, file=self.stream, flush=True)
        if row.get("stop"):
            print(f"median fitness {row['median']:.3f} reached the stop target "
                  f"{stop_fitness(exp):g}: stopping", file=self.stream, flush=True)  # fmt: skip

    def on_interrupt(self, exp, generation, state):
        if self.tty:
            print(file=self.stream)
        saved = f"state saved after generation {generation}" if generation else "nothing to save"
        print(
            f"interrupted: {saved}. Resume with: instinct evolve --resume {exp.run.path}",
            file=self.stream,
            flush=True,
        )


class MetricsWriter(Reporter):
    def on_generation(self, exp, row, state):
        exp.run.append_metrics(row)


def write_checkpoint_genome(exp, state, generations_done: int) -> None:
    """best.dna and checkpoints/gen_N.dna for the checkpoint after `generations_done`
    generations; only the genomes of the checkpoints kept stay. Rerun on resume, it repairs a
    kill between a checkpoint's .npz and its .dna (the same bytes either way)."""
    genome = exp.best_genome(state, generations_done)
    fileformat.save(genome, exp.run.best_path)
    fileformat.save(genome, exp.run.checkpoint_dir / f"gen_{generations_done:06d}.dna")
    exp.run.prune_checkpoints()


class Checkpointer(Reporter):
    """Strategy state every `every` generations and at the end; the best genome with it."""

    def __init__(self, every: int):
        self.every = every

    def save(self, exp, generations_done, state):
        arrays = exp.strategy.to_arrays(state)
        meta = {"strategy": exp.config.strategy, "encoding": exp.config.encoding,
                "config_hash": exp.config.hash()}  # fmt: skip
        exp.run.save_checkpoint(generations_done, arrays, meta)
        write_checkpoint_genome(exp, state, generations_done)

    def on_generation(self, exp, row, state):
        done = row["generation"] + 1
        if done % self.every == 0 or done == exp.config.generations or row.get("stop"):
            self.save(exp, done, state)

    def on_interrupt(self, exp, generation, state):
        if generation > 0:
            self.save(exp, generation, state)
