"""One cell's numbers from its tracks: the birth score with its Wilson interval, and the field
biologists' measures of where the tracks went (WORLDS.md: misorientation is a directed crawl
toward the wrong target, disorientation circuitous wandering).

Bearings are taken from the start to the end of each track in the world's (x, y) pose plane,
0 degrees along -y (the Hatchling worlds' seaward direction, as in `instinct.plots.exits`), +90
towards +x. The thresholds that turn a track into "misoriented" or "disoriented" are operational
choices, named here, not numbers from the literature.
"""

from __future__ import annotations

import numpy as np

from instinct.stats import wilson_interval
from instinct.transfer.circular import mean_direction, rayleigh_p

STRAIGHT = 0.5  # straightness (net displacement / path length) below which a track is circuitous
OFF_COURSE_DEG = 45.0  # a straight track ending further than this from seaward is misdirected
MIN_PATH_M = 1.0  # a hatchling that crawled less than this went nowhere: disoriented

MEASURES = ("success_rate", "success_lo", "success_hi", "mean_return", "mean_bearing_deg", "r",
            "rayleigh_p", "misoriented", "disoriented", "end_distance_m", "path_m",
            "straightness", "energy_spent")  # fmt: skip


def bearings(world, tracks) -> np.ndarray:
    """f64[E] degrees from each track's start to its end (0: -y, +90: +x)."""
    x, y, _ = world.pose_slots
    dx = tracks.ends[:, x] - tracks.starts[:, x]
    dy = tracks.ends[:, y] - tracks.starts[:, y]
    return np.rad2deg(np.arctan2(dx, -dy))


def displacement(world, tracks) -> np.ndarray:
    """f64[E] m from each track's start to its end."""
    x, y, _ = world.pose_slots
    return np.hypot(
        tracks.ends[:, x] - tracks.starts[:, x], tracks.ends[:, y] - tracks.starts[:, y]
    )


def classify(world, tracks) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(success, misoriented, disoriented) bool[E]: every unsuccessful track is either a
    straight crawl that ended off course (misoriented), a circuitous or no crawl (disoriented),
    or neither (a straight crawl toward the sea that ended before it)."""
    success = np.zeros(tracks.outcomes.size, bool)
    if world.success is not None:
        success = tracks.outcomes == world.success
    disp = displacement(world, tracks)
    straight = np.where(tracks.paths > 0, disp / np.maximum(tracks.paths, 1e-12), 0.0)
    moved = tracks.paths >= MIN_PATH_M
    dis = ~success & (~moved | (straight < STRAIGHT))
    mis = ~success & ~dis & (np.abs(bearings(world, tracks)) > OFF_COURSE_DEG)
    return success, mis, dis


def cell_measures(world, tracks) -> dict:
    """Every number of MEASURES for one network's tracks in one world."""
    success, mis, dis = classify(world, tracks)
    n = success.size
    rate, lo, hi = wilson_interval(int(success.sum()), n)
    b = bearings(world, tracks)
    mu, r = mean_direction(b)
    disp = displacement(world, tracks)
    paths = tracks.paths
    energy = getattr(world.core, "ENERGY", None)
    spent = float("nan")
    if energy is not None:
        spent = float(np.mean(tracks.starts[:, energy] - tracks.ends[:, energy]))
    return {
        "success_rate": rate, "success_lo": lo, "success_hi": hi,
        "mean_return": float(tracks.returns.mean()),
        "mean_bearing_deg": mu, "r": r, "rayleigh_p": rayleigh_p(b),
        "misoriented": float(mis.mean()), "disoriented": float(dis.mean()),
        "end_distance_m": float(disp.mean()), "path_m": float(paths.mean()),
        "straightness": float(np.mean(np.where(paths > 0, disp / np.maximum(paths, 1e-12), 0.0))),
        "energy_spent": spent,
    }  # fmt: skip
