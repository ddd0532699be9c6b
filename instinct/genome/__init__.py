"""Genome encodings behind one `decode`, and the registry that names them.

| name     | genome handed on                      | size                            |
| -------- | ------------------------------------- | ------------------------------- |
| direct   | the parameters, f32[D]                | 4D bytes                        |
| seeds    | a seed chain, u32[1 + mutations]      | 4 bytes per generation          |
| cppn     | a CPPN over neuron positions, f32[G]  | 4G, G from width/depth only     |
| gnet     | a g-network over neuron codes, f32[G] | 4G, G from width/depth/code_dim |
| mask     | one bit per parameter of a seeded net | ceil(D / 8) bytes               |
"""

import numpy as np

from instinct.errors import InstinctError
from instinct.genome.base import BIT_GENERATOR, Encoding, Genome, normal
from instinct.genome.cppn import CPPNEncoding
from instinct.genome.direct import DirectEncoding
from instinct.genome.gnet import GNetEncoding
from instinct.genome.mask import MaskEncoding
from instinct.genome.seeds import SeedChainEncoding, mutate

ENCODINGS: dict[str, type[Encoding]] = {
    "direct": DirectEncoding,
    "seeds": SeedChainEncoding,
    "cppn": CPPNEncoding,
    "gnet": GNetEncoding,
    "mask": MaskEncoding,
}


def make_encoding(name: str, arch, **settings) -> Encoding:
    try:
        cls = ENCODINGS[name]
    except KeyError:
        raise InstinctError(
            f"unknown encoding {name!r}; choose one of {', '.join(ENCODINGS)}"
        ) from None
    return cls(arch, **settings)


def settings_from_config(config) -> dict:
    """The encoding settings an evolve config asks for (0 in a size field: the default)."""
    if config.encoding == "seeds":
        return {"sigma": config.sigma}
    if config.encoding in ("cppn", "gnet"):
        sizes = {"width": config.genome_width, "depth": config.genome_depth}
        return {k: v for k, v in sizes.items() if v}
    if config.encoding == "mask":
        return {"weight_seed": config.seed}
    return {}


def decode(genome: Genome):
    """f32[D] parameters and u8[D] mask (or None) grown from a genome; a genome whose settings
    grow inf or NaN (a huge sigma, say) is refused here, since no check of the header can know."""
    encoding = make_encoding(genome.encoding, genome.arch, **genome.settings)
    with np.errstate(over="ignore", invalid="ignore"):  # checked below, in one line
        params, mask = encoding.decode(genome)
    if not np.isfinite(params).all():
        raise InstinctError(f"the {genome.encoding} genome grows non-finite parameters")
    return params, mask


__all__ = [
    "BIT_GENERATOR", "ENCODINGS", "Encoding", "Genome", "decode", "make_encoding", "mutate",
    "normal", "settings_from_config",
]  # fmt: skip
