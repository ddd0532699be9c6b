"""Sparsity pressure during evolution lives in `instinct/sparsity.py` (the evolution loop uses it,
and the loop never imports the lottery); its names are re-exported here for the lottery."""

from instinct.sparsity import (
    DEFAULT_PRUNE_RATE,
    GatedEncoding,
    SparsityPressure,
    gate_start,
    sparsity_pressure,
)

__all__ = ["DEFAULT_PRUNE_RATE", "GatedEncoding", "SparsityPressure", "gate_start",
           "sparsity_pressure"]  # fmt: skip
