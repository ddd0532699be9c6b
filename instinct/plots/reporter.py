"""`instinct evolve --plot`: refresh the run's figures every few generations, so a long run can be
followed from its folder (RUN/plots/fitness.png). A reporter like those in instinct/reporters.py:
the loop never plots; a failed figure is reported once and never stops the run."""

from __future__ import annotations

import sys
import time


class PlotReporter:
    """Rewrite RUN/plots/fitness.png every `every` generations (at most once per `min_seconds`)
    and after the last one. Has every hook of `instinct.reporters.Reporter` without importing the
    loop's side: plots only read the files a run writes."""

    def on_start(self, exp, start_generation: int) -> None:
        pass

    def __init__(self, every: int = 5, formats=("png",), min_seconds: float = 5.0, stream=None):
        self.every = max(1, int(every))
        self.min_seconds = float(min_seconds)
        self.last = -float("inf")
        self.formats = tuple(formats)
        self.stream = stream or sys.stderr
        self.failed = False

    def refresh(self, exp) -> None:
        if self.failed:
            return
        self.last = time.monotonic()
        try:
            from instinct.plots import fitness
            from instinct.plots.data import group_runs, load_run

            groups = group_runs([load_run(exp.run.path)])
            fitness.plot_fitness(groups, exp.run.path / "plots", self.formats)
        except Exception as e:  # noqa: BLE001  a figure must never end a run
            self.failed = True
            print(f"--plot: could not draw the figures ({e}); evolution goes on", file=self.stream)

    def on_generation(self, exp, row, state):
        done = row["generation"] + 1
        if done == exp.config.generations or row.get("stop"):  # the last generation
            self.refresh(exp)
        elif done % self.every == 0 and time.monotonic() - self.last >= self.min_seconds:
            self.refresh(exp)

    def on_interrupt(self, exp, generation, state):
        self.refresh(exp)

    def on_end(self, exp, state, result):
        self.refresh(exp)
