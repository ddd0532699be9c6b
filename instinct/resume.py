"""Restore a strategy's state from a run folder's checkpoints (or start fresh).

A resume starts from the newest checkpoint whose metrics rows are all present, so metrics.csv
never keeps a gap: rows cut off or deleted are regenerated (a run is deterministic). It also
repairs what a kill during a checkpoint write can leave: a checkpoint without its genome file.
"""

from __future__ import annotations

from instinct.errors import InstinctError
from instinct.reporters import write_checkpoint_genome


def restore(exp):
    """(state, generations already done); metrics.csv is cut back to match the checkpoint."""
    state = exp.strategy.init(exp.encoding, exp.config.seed)
    rows = exp.run.complete_generations()
    found = exp.run.load_checkpoint(at_most=rows)
    if found is None:
        exp.run.truncate_metrics(0)
        return state, 0
    meta, arrays = found
    if meta.get("config_hash") != exp.config.hash():
        raise InstinctError(f"checkpoint in {exp.run.path} was written by a different config")
    try:
        state = exp.strategy.from_arrays(state, arrays)
    except (KeyError, ValueError, TypeError, IndexError) as e:
        raise InstinctError(f"checkpoint in {exp.run.path} is unreadable: {e}") from None
    generation = int(meta["generation"])
    state["generation"] = generation
    exp.run.truncate_metrics(generation)
    write_checkpoint_genome(exp, state, generation)
    return state, generation
