"""The light sweep: every source genome on Hatchling-Lit-v1's beaches with all lights one colour
(white or amber) at one intensity, over a log grid of intensities (H7, H15). Its cells go into the
same table as the matrix (kind "sweep", setting "<colour>-I<intensity>"), so it resumes too."""

from __future__ import annotations

from pathlib import Path

from instinct.transfer import table
from instinct.transfer.matrix import CELLS, measure_cell, world_record

LIT = "instinct/Hatchling-Lit-v1"
INTENSITIES = (3.0, 30.0, 300.0, 3000.0, 30000.0)
COLOURS = ("white", "amber")


def setting(colour: str, intensity: float) -> str:
    return f"{colour}-I{intensity:g}"


def run_sweep(sources, out: Path, episodes: int, seed: int, intensities=INTENSITIES,
              say=print) -> list[dict]:  # fmt: skip
    from instinct_envs.hatchling.variants import variant_params

    from instinct.rng import heldout_keys

    out = Path(out)
    world = world_record(LIT)
    rows = table.read_rows(out / CELLS, episodes, seed)
    done = {table.key(r) for r in rows}
    keys = heldout_keys(seed, episodes)
    for colour in COLOURS:
        for intensity in intensities:
            wp = variant_params("Lit", intensity=intensity, colour=colour)
            for src in sources:
                spec = {"kind": "sweep", "source": src.label, "source_world": src.world,
                        "test_world": LIT, "setting": setting(colour, intensity),
                        "seed": seed}  # fmt: skip
                if measure_cell(out, rows, done, spec, world, src.arch, src.theta, keys, wp):
                    r = rows[-1]
                    say(f"sweep {colour} {intensity:g}: {src.label} {100 * r['success_rate']:.1f}%"
                        f" reach the sea, {100 * r['misoriented']:.0f}% misoriented")  # fmt: skip
    return rows


def parse_setting(text: str) -> tuple[str, float]:
    colour, _, intensity = text.partition("-I")
    return colour, float(intensity)
