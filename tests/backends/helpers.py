"""Shared by the backend tests: a small run, its results, and a pool that runs in this process."""

import csv
import os

from instinct.backends.shards import rows_of
from instinct.cli import main
from instinct.evaluate import build
from instinct.run import TIMING_COLUMNS

GYM = ["--env", "CartPole-v1", "--path", "gym", "--population", "16", "--episodes", "2",
       "--hidden", "4", "--generations", "3", "--checkpoint-every", "2",
       "--heldout-episodes", "20", "--validation-episodes", "8", "--name", "run"]  # fmt: skip
FUSED = ["--env", "instinct/Hatchling-v0", "--population", "16", "--episodes", "2",
         "--hidden", "4", "--generations", "2", "--max-steps", "60",
         "--heldout-episodes", "20", "--validation-episodes", "8", "--name", "run"]  # fmt: skip


def evolve(out, config, *backend) -> dict:
    """Run `instinct evolve` into out/run; its metrics (timing columns aside) and best.dna."""
    assert main(["evolve", *config, "--out", str(out), *backend]) == 0
    run = out / "run"
    with open(run / "metrics.csv") as fh:
        rows = [{k: v for k, v in r.items() if k not in TIMING_COLUMNS} for r in csv.DictReader(fh)]
    return {"metrics": rows, "best": (run / "best.dna").read_bytes()}


class SerialPool:
    """The pool protocol in this process: every shard on one evaluator, last shard first."""

    def __init__(self, spec, workers=None, address=None):
        self.workers = workers or 3
        self.evaluator = build(spec)
        self.calls = 0

    def run(self, params, masks, keys, cuts):
        self.calls += 1
        pieces = {}
        for i in reversed(range(len(cuts))):
            pieces[i] = self.evaluator.evaluate(*rows_of(params, masks, *cuts[i]), keys)
        return [pieces[i] for i in range(len(cuts))]

    def close(self):
        self.evaluator.close()


def die_at_start(*args):
    """A worker initializer that kills its process (a worker that can never start)."""
    os._exit(3)
