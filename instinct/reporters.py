"""Side effects of a run, kept out of the loop (after neat-python's reporters): progress on the
terminal, metrics rows, checkpoints and the best genome. Each hook is a no-op by default."""

from __future__ import annotations

import math
import sys
import threading
import time

from instinct.envguard import step_limit
from instinct.genome import fileformat
from instinct.nn.recurrent import net_name
from instinct.progress import duration as _duration
from instinct.stopping import stop_fitness


def _kind(arch) -> str:
    kind = net_name(arch)
    return "" if kind == "ff" else f" {kind}"


class Reporter:
    def on_start(self, exp, start_generation: int) -> None: ...
    def on_generation(self, exp, row: dict, state) -> None: ...
    def on_interrupt(self, exp, generation: int, state) -> None: ...
    def on_end(self, exp, state, result: dict) -> None: ...


def _rate(x: float) -> str:
    return f"{x / 1e6:.2f}M" if x >= 1e6 else f"{x / 1e3:.0f}k"


def _num(x: float) -> str:
    """A fitness in at most 6 characters (4 significant digits): 1.827, 47.25, -500.0."""
    if x != x:
        return "nan"
    for limit, digits in ((10, 3), (100, 2), (1000, 1)):
        if abs(x) < limit:
            return f"{x:.{digits}f}"
    return f"{x:.0f}" if abs(x) < 1e5 else f"{x:.0e}"


WIDTH = 80  # every line fits an 80-column terminal


def final_episodes(exp, state=None) -> int:
    """Agent-episodes of the final pick (the GA's parents on validation episodes) and the held-out
    score, to estimate how long the end of a run takes."""
    c = exp.config
    candidates = getattr(exp.strategy, "candidates", None)
    if candidates is None:
        picked = 0
    elif state is not None:
        picked = len(candidates(state))
    else:
        picked = getattr(exp.strategy, "truncation", None) or c.truncation or c.population // 5
    return picked * c.validation_episodes + c.heldout_episodes


def generations_to_target(medians: list[float], target: float, window: int = 10) -> float | None:
    """Generations until the median reaches `target` at its recent pace (a least-squares line
    through the last `window` medians), or None when it is not rising or there is no target."""
    if not medians or target == float("inf") or target != target:
        return None
    if medians[-1] >= target:
        return 0.0
    y = [m for m in medians[-window:] if m == m]
    if len(y) < 3:
        return None
    n = len(y)
    xm, ym = (n - 1) / 2, sum(y) / n
    slope = sum((i - xm) * (v - ym) for i, v in enumerate(y)) / sum((i - xm) ** 2 for i in range(n))
    if slope <= 0:
        return None
    return (target - y[-1]) / slope


class ProgressPrinter(Reporter):
    """A header, then one line per generation numbered as in metrics.csv (0 to generations-1).
    On a terminal the line updates in place; every 10th stays, and every one when generations
    are slow. `ticker` (an instinct.progress.Ticker) shows a slow generation as it runs."""

    def __init__(self, stream=None, ticker=None, notes=()):
        self.stream = stream or sys.stdout
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.ticker = ticker
        self.notes = list(notes)
        self.lock = ticker.lock if ticker is not None else threading.Lock()

    def _print(self, text: str, end: str = "\n") -> None:
        with self.lock:
            print(text, end=end, file=self.stream, flush=True)

    def header(self, exp, start_generation: int) -> list[str]:
        c = exp.config
        last = c.generations - 1
        verb = f"resuming at generation {start_generation} of" if start_generation else "evolving"
        genome = (
            f"{c.encoding}: a seed chain, 4 bytes per generation"
            if exp.encoding.uses_chain
            else f"{c.encoding}: {exp.encoding.genome_dim} numbers"
        )
        net = "-".join(map(str, exp.arch.sizes))
        target = stop_fitness(exp)
        stop = "" if target == float("inf") else f", stop at median {target:g}"
        lines = [
            f"{verb} {c.env}, generations 0-{last}",
            f"  run      {exp.run.path}",
            f"  genome   {genome}",
            f"  network  {net}{_kind(exp.arch)}, {exp.arch.activation}, "
            f"{exp.arch.num_params} parameters",
            f"  search   {c.strategy}, {c.population} genomes x {c.episodes} episodes, "
            f"{exp.evaluator_name} path{stop}",
            f"  episodes cut at {step_limit(exp.evaluator, c.env)} steps (--max-steps)",
            *(f"  note     {n}" for n in self.notes),
            '  "best" meets new episodes each generation, so it jumps; the median shows',
            "  the trend (instinct plot RUN draws both, smoothed); /s: agent-steps a second",
        ]
        return lines

    def on_start(self, exp, start_generation):
        self.t0 = time.perf_counter()
        self.start = start_generation
        self.walls: list[float] = []
        self.medians: list[float] = []
        self.final_eps = final_episodes(exp)
        for line in self.header(exp, start_generation):
            self._print(_fit(line))
        self._expect_next(exp, start_generation)

    def _expect_next(self, exp, generation: int) -> None:
        if self.ticker is None or generation >= exp.config.generations:
            return
        expect = self.walls[-1] if self.walls else None
        self.ticker.start(f"gen {generation}/{exp.config.generations - 1} running", expect)

    def estimate_left(self, exp, generation: int) -> tuple[float, bool]:
        """(seconds left, whether an early stop shortened it) after `generation` finished: the
        generations left at the recent pace, fewer when the median is on course to reach the stop
        target sooner, plus the final pick and held-out score."""
        c = exp.config
        recent = self.walls[-5:]
        per_gen = sum(recent) / len(recent)
        left = c.generations - 1 - generation
        early = generations_to_target(self.medians, stop_fitness(exp))
        shortened = early is not None and math.ceil(early) < left
        gens = math.ceil(early) if shortened else left
        per_episode = self.walls[-1] / max(c.population * c.episodes, 1)
        return per_gen * gens + per_episode * self.final_eps, shortened

    def line(self, exp, row) -> str:
        c = exp.config
        g, last = row["generation"], c.generations - 1
        width = len(str(last))
        success = row["success_rate"]
        succ = "" if success != success else f"  success {100 * success:5.1f}%"
        left, early = self.estimate_left(exp, g)
        return (
            f"gen {g:>{width}}/{last}  best {_num(row['best']):>6}  "
            f"median {_num(row['median']):>6}{succ}  {_rate(row['agent_steps_per_s'])}/s"
            f"  left {'~' if early else ''}{_duration(left)}"
        )

    def on_generation(self, exp, row, state):
        if self.ticker is not None:
            self.ticker.stop()
        self.walls.append(float(row["wall_time_s"]))
        self.medians.append(float(row["median"]))
        g, last = row["generation"], exp.config.generations - 1
        line = _fit(self.line(exp, row))
        failed = math.isnan(row["best"])
        if self.tty:
            keep = g % 10 == 0 or g == last or row.get("stop") or self.walls[-1] >= 5.0 or failed
            self._print(f"\r\033[K{line}", end="\n" if keep else "")
        else:
            self._print(line)
        if failed:
            self._print(f"  generation {g}: every evaluation failed (fitness NaN or inf)")
        if row.get("stop"):
            self._print(f"median fitness {row['median']:.3f} reached the stop target "
                        f"{stop_fitness(exp):g} at generation {g}: stopping")  # fmt: skip
        else:
            self._expect_next(exp, g + 1)

    def final_phase(self, exp, state) -> None:
        """Announce the final pick and held-out score, with an estimate of how long they take."""
        if self.tty:
            self._print("\r\033[K", end="")
        picked = getattr(exp.strategy, "candidates", None)
        n = len(picked(state)) if picked is not None else 0
        c = exp.config
        what = "final: "
        if n:
            what += f"best of {n} parents on {c.validation_episodes} episodes, "
        expect = None
        if getattr(self, "walls", None):
            per_episode = self.walls[-1] / max(c.population * c.episodes, 1)
            expect = per_episode * final_episodes(exp, state)
        about = f" (about {_duration(expect)})" if expect else ""
        self._print(_fit(f"{what}{c.heldout_episodes} held-out episodes{about}"))
        if self.ticker is not None:
            self.ticker.start("final score", expect)

    def on_interrupt(self, exp, generation, state):
        if self.ticker is not None:
            self.ticker.stop()
        if self.tty:
            self._print("")
        saved = (f"state saved after generations 0-{generation - 1}" if generation
                 else "nothing to save")  # fmt: skip
        self._print(f"interrupted: {saved}.")
        self._print(f"resume with: instinct evolve --resume {exp.run.path}")


def _fit(line: str) -> str:
    """Wrap a line longer than WIDTH at a space, indenting what follows."""
    if len(line) <= WIDTH:
        return line
    out, rest = [], line
    while len(rest) > WIDTH:
        cut = rest.rfind(" ", 0, WIDTH)
        if cut <= 8:
            break
        out.append(rest[:cut])
        rest = "      " + rest[cut + 1 :].lstrip()
    return "\n".join([*out, rest])


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
