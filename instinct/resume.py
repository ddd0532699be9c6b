"""Restore a strategy's state from a run folder's newest checkpoint (or start fresh)."""

from __future__ import annotations

from instinct.errors import InstinctError


def restore(exp):
    """(state, generations already done); metrics.csv is cut back to match the checkpoint."""
    state = exp.strategy.init(exp.encoding, exp.config.seed)
    found = exp.run.load_checkpoint()
    if found is None:
        exp.run.truncate_metrics(0)
        return state, 0
    meta, arrays = found
    if meta.get("config_hash") != exp.config.hash():
        raise InstinctError(f"checkpoint in {exp.run.path} was written by a different config")
    try:
        generation = int(meta["generation"])
        state = exp.strategy.from_arrays(state, arrays, generation)
    except (KeyError, ValueError, TypeError) as e:
        raise InstinctError(f"checkpoint in {exp.run.path} is unreadable: {e}") from None
    exp.run.truncate_metrics(generation)
    return state, generation
