"""Figures of what runs wrote: fitness and sparsity over generations, lottery curves, genome bits
and hatchling exits. Each figure kind is one module; they only read run folders, and matplotlib is
imported inside them (never at `import instinct`)."""

from __future__ import annotations

from pathlib import Path


def plot_runs(paths, out_dir, formats=("png", "svg"), kinds=None) -> list[Path]:
    """Every figure the runs have data for, written under out_dir; returns the files written.
    kinds limits which: any of 'fitness', 'lottery', 'bits', 'exits'."""
    from instinct.plots import bits, exits, fitness, lottery
    from instinct.plots.data import group_runs, load_runs

    runs = load_runs(paths)
    groups = group_runs(runs)
    makers = {
        "fitness": lambda: fitness.plot_fitness(groups, out_dir, formats),
        "lottery": lambda: lottery.plot_lottery(groups, out_dir, formats),
        "bits": lambda: bits.plot_bits(groups, out_dir, formats),
        "exits": lambda: exits.plot_exits(runs, out_dir, formats),
    }
    written = []
    for kind, make in makers.items():
        if kinds is None or kind in kinds:
            written += make()
    return written
