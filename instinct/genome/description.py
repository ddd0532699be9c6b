"""Description lengths: how many bits a genome takes when counted as a reviewer would.

Raw and zlib bytes (instinct.genome.cost) count what a file stores; these count what a decoder
must be told, each formula with its reason in its docstring. All are in bits; none includes the
genome file's header (names, settings, provenance), which `header_bits` reports on its own.
"""

from __future__ import annotations

import math

import numpy as np

QUANT_BITS = (2, 4, 8, 16)  # k of the k-bit quantised weights reported beside float32
SCALE_BITS = 32  # one float32 scale per quantised vector


def entropy(p: float) -> float:
    """Binary entropy H(p) in bits (H(0) = H(1) = 0)."""
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


def mask_bits(n: int, kept: int) -> float:
    """n·H(p), p = kept / n: an ideal entropy coder's cost of a mask of n bits with `kept` on
    (an arithmetic coder gets within a few bits of it). A 10% mask over 1,000 weights is 469
    bits, not 1,000. (Telling the decoder `kept` itself adds at most log2(n + 1) bits.)"""
    if n < 1:
        return 0.0
    return n * entropy(kept / n)


def quantised_bits(n: int, k: int) -> int:
    """n·k + 32: n weights at k bits each on a uniform grid, plus one float32 scale. Honest only
    where the k-bit network still scores as the float32 one: see `quantise` and the held-out
    check of `instinct bits`."""
    return n * k + SCALE_BITS


def sparse_bits(n: int, nonzero: int, k: int) -> int:
    """nonzero·(ceil(log2 n) + k) + 32: index + value for each surviving weight (the index picks
    one of n positions, the value is k bits), plus the scale."""
    if nonzero == 0:
        return 0
    return nonzero * (math.ceil(math.log2(max(n, 2))) + k) + SCALE_BITS


def seed_chain_bits(entries: int, population: int) -> float:
    """log2(population) per chain entry: each generation's survivor is one of the `population`
    genomes the run's seed already determines, so an index into that generation names it (the
    32-bit seeds themselves are not information evolution chose). The chain's L entries are the
    initial pick and L - 1 mutations: L·log2(population). The decoder also needs the run seed,
    32 bits, counted in the header."""
    return entries * math.log2(max(population, 1))


def selection_bits(generations: int, population: int, parents: int) -> float:
    """log2(population / parents) per generation: the most information truncation selection can
    put into a genome per generation (it keeps `parents` of `population`), the bound the issue
    asks for. A lower bound on what a seed chain must store; the index code above reaches it
    only when parents = 1."""
    return generations * math.log2(max(population, 1) / max(parents, 1))


def random_search_bits(n: int) -> float:
    """log2 N: the best of N random networks drawn from a known seed is named by its index."""
    return math.log2(max(n, 1))


def payload_bits(payload: np.ndarray) -> int:
    """8 bits per payload byte: a generator's (cppn, gnet) parameters as stored, float32."""
    return 8 * int(np.asarray(payload).nbytes)


def quantise(vector: np.ndarray, k: int) -> np.ndarray:
    """The vector on a symmetric uniform grid of 2^(k-1) - 1 levels each side of zero, scaled to
    its largest magnitude; zero stays zero (so a sparse vector stays sparse)."""
    vector = np.asarray(vector, np.float32)
    if k < 2:
        raise ValueError("k must be at least 2")
    top = float(np.abs(vector).max()) if vector.size else 0.0
    if top == 0.0:
        return vector.copy()
    levels = 2 ** (k - 1) - 1
    step = top / levels
    return (np.round(vector / step) * step).astype(np.float32)


def header_bits(file_bytes: int, genome) -> int:
    """What the file holds beyond the payload (and pruning mask): its header, counted apart."""
    stored = int(genome.payload.nbytes)
    if genome.mask is not None:
        stored += (genome.mask.size + 7) // 8
    return 8 * max(file_bytes - stored, 0)


def description(genome, population: int | None = None, parents: int | None = None) -> dict:
    """Named description lengths in bits for one genome (see each formula). Seed chains need the
    run's population (and parents, for the selection bound); without it they are left out."""
    out: dict = {}
    if genome.encoding == "seeds":
        length = int(genome.payload.size)
        out["raw_chain"] = 32 * length
        if population:
            out["chain_index"] = seed_chain_bits(length, population)
            if parents:
                out["selection_bound"] = selection_bits(length - 1, population, parents)
    elif genome.encoding == "mask":
        from instinct.genome import decode

        _, mask = decode(genome)
        n, kept = int(mask.size), int((mask != 0).sum())
        out["mask_entropy"] = mask_bits(n, kept)
        out["mask_raw"] = n
    else:
        vector = np.asarray(genome.payload, np.float32).ravel()
        n = int(vector.size)
        out["float32"] = payload_bits(genome.payload)
        for k in QUANT_BITS:
            out[f"q{k}"] = quantised_bits(n, k)
    if genome.mask is not None and genome.encoding != "mask":
        n, kept = int(genome.mask.size), int((genome.mask != 0).sum())
        out["ticket_mask_entropy"] = mask_bits(n, kept)
        for k in (8, 32):
            out[f"ticket_sparse_q{k}"] = sparse_bits(n, kept, k)
    return out


def headline(genome, bits: dict) -> float:
    """One description length per genome for frontiers: the entropy-coded mask, the chain index,
    or the float32 payload (the smallest held-out-checked k replaces it where measured)."""
    for key in ("mask_entropy", "chain_index", "float32", "raw_chain"):
        if key in bits:
            return float(bits[key])
    raise KeyError("no description length")
