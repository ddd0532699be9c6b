"""Memory a command will need, estimated from its settings before it starts, so that an absurd
`--population`, `--episodes` or `--hidden` is refused at once with the estimate, not met hours later
by a MemoryError (or the kernel's OOM killer).

The estimates count the large arrays (sizes in the shapes' vocabulary: P genomes, G genome numbers,
D parameters, E episodes) and round up; they are meant to be within a small factor, not exact.
"""

from __future__ import annotations

import os

from instinct.errors import InstinctError

EPISODE_BYTES = 8 + 4 + 1 + 1 + 16  # returns f64, lengths i32, success, outcome; the key as drawn


def physical_memory() -> int | None:
    """Bytes of RAM on this machine, or None where the OS does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def human(num_bytes: int) -> str:
    value = float(num_bytes)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024 or unit == "PiB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PiB"


def evaluation_bytes(pop_size: int, num_params: int, num_episodes: int) -> int:
    """P networks f32[P, D] (+ mask and a masked copy) on E episodes."""
    return pop_size * num_params * 9 + pop_size * num_episodes * EPISODE_BYTES


def evolve_parts(config, num_params: int, genome_dim: int) -> dict[str, int]:
    """The large arrays of an evolve run, by what they hold."""
    P, D, G, E = config.population, num_params, genome_dim, config.episodes
    parts = {
        f"genomes f32[{P}, {G}] (a few copies)": 3 * 4 * P * G,
        f"one generation's evaluation ({P} networks of {D} parameters, {E} episodes)":
            evaluation_bytes(P, D, E),
        f"the final pick ({config.validation_episodes} validation episodes)":
            evaluation_bytes(max(2, P // 5), D, config.validation_episodes),
        f"the held-out score ({config.heldout_episodes} episodes)":
            evaluation_bytes(1, D, config.heldout_episodes),
    }  # fmt: skip
    if config.strategy == "ga":  # every individual's seed chain grows by one seed per generation
        parts[f"seed chains ({P} x {config.generations} generations)"] = 16 * P * config.generations
    if config.strategy == "cma":
        full = config.cma_covariance == "full" or (config.cma_covariance == "auto" and G <= 1000)
        parts["CMA-ES covariance" if full else "CMA-ES state"] = 32 * G * G if full else 80 * G
        parts[f"CMA-ES samples f64[{P}, {G}] (x2)"] = 16 * P * G
    return parts


def check_fits(parts: dict[str, int], what: str, available: int | None = None) -> None:
    """Refuse, with the estimate, a job whose arrays alone exceed this machine's memory."""
    available = physical_memory() if available is None else available
    total = sum(parts.values())
    if available is None or total <= available:
        return
    biggest = max(parts, key=parts.get)
    raise InstinctError(
        f"{what} would need about {human(total)} of memory (most of it {biggest}: "
        f"{human(parts[biggest])}), more than this machine's {human(available)}"
    )


def check_evolve(config, num_params: int, genome_dim: int, available: int | None = None) -> None:
    check_fits(evolve_parts(config, num_params, genome_dim), "this run", available)
