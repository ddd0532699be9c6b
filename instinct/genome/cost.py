"""What a genome costs in bytes, against the float32 network it grows."""

from __future__ import annotations

import zlib

import numpy as np


def cost(data: bytes, num_params: int) -> dict:
    """Genome bytes (raw and zlib level 9) beside the grown network's float32 bytes."""
    raw, packed = len(data), len(zlib.compress(data, 9))
    network = 4 * num_params
    return {
        "genome_bytes": raw,
        "genome_bytes_zlib": packed,
        "network_bytes": network,
        "compression": network / max(raw, 1),
        "compression_zlib": network / max(packed, 1),
        "bits_per_param": 8 * raw / num_params,
        "bits_per_param_zlib": 8 * packed / num_params,
    }


def genome_cost(genome) -> dict:
    """The cost of a genome as handed on: its payload plus, for a ticket, its pruning mask."""
    payload = genome.payload.tobytes()
    if genome.mask is not None:
        payload += np.packbits(genome.mask != 0).tobytes()
    return cost(payload, genome.arch.num_params)
