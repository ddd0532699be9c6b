"""Genome encodings behind one `decode`, and the registry that names them."""

from instinct.errors import InstinctError
from instinct.genome.base import BIT_GENERATOR, Encoding, Genome, normal
from instinct.genome.direct import DirectEncoding
from instinct.genome.seeds import SeedChainEncoding, mutate

ENCODINGS: dict[str, type[Encoding]] = {
    "direct": DirectEncoding,
    "seeds": SeedChainEncoding,
}


def make_encoding(name: str, arch, **settings) -> Encoding:
    try:
        cls = ENCODINGS[name]
    except KeyError:
        raise InstinctError(
            f"unknown encoding {name!r}; choose one of {', '.join(ENCODINGS)}"
        ) from None
    return cls(arch, **settings)


def decode(genome: Genome):
    """f32[D] parameters and u8[D] mask (or None) grown from a genome."""
    return make_encoding(genome.encoding, genome.arch, **genome.settings).decode(genome)


__all__ = [
    "BIT_GENERATOR", "ENCODINGS", "Encoding", "Genome", "decode", "make_encoding", "mutate",
    "normal",
]  # fmt: skip
