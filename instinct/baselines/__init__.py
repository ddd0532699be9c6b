"""Baseline policies: what every evolved score must be read beside.

A world declares its battery through `World.baselines` ("module:function" returning plain dicts,
see `instinct_envs.hatchling.baselines`); `policies` turns each entry into network parameters
(pure functions, world-agnostic), `battery` picks the search-based ones on validation episodes and
scores all of them on held-out ones, `table` writes and reads the CSV the other commands show.
"""

from instinct.baselines.battery import BaselineResult, declared_battery, run_battery
from instinct.baselines.table import read_table, reference_lines, table_path, write_table

__all__ = [
    "BaselineResult", "declared_battery", "read_table", "reference_lines", "run_battery",
    "table_path", "write_table",
]  # fmt: skip
