"""Genome encodings behind one `decode`, and the registry that names them.

| name     | genome handed on                      | size                            |
| -------- | ------------------------------------- | ------------------------------- |
| direct   | the parameters, f32[D]                | 4D bytes                        |
| seeds    | a seed chain, u32[1 + mutations]      | 4 bytes per generation          |
| cppn     | a CPPN over neuron positions, f32[G]  | 4G, G from width/depth only     |
| gnet     | a g-network over neuron codes, f32[G] | 4G, G from width/depth/code_dim |
| mask     | one bit per parameter of a seeded net | ceil(D / 8) bytes               |
"""

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


def _discover() -> None:
    """A new encoding is one file here exporting `ENCODING` (an Encoding subclass)."""
    import importlib
    import pkgutil

    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        cls = getattr(importlib.import_module(f"{__name__}.{info.name}"), "ENCODING", None)
        if cls is not None and ENCODINGS.setdefault(cls.name, cls) is not cls:
            raise RuntimeError(f"encoding name {cls.name!r} is taken")


_discover()


def make_encoding(name: str, arch, **settings) -> Encoding:
    try:
        cls = ENCODINGS[name]
    except KeyError:
        raise InstinctError(
            f"unknown encoding {name!r}; choose one of {', '.join(ENCODINGS)}"
        ) from None
    return cls(arch, **settings)


def settings_from_config(config) -> dict:
    """The encoding settings an evolve config asks for (each encoding reads its own keys)."""
    if config.encoding not in ENCODINGS:
        raise InstinctError(
            f"unknown encoding {config.encoding!r}; choose one of {', '.join(ENCODINGS)}"
        )
    return ENCODINGS[config.encoding].settings_from_config(config)


def decode(genome: Genome):
    """f32[D] parameters and u8[D] mask (or None) grown from a genome."""
    return make_encoding(genome.encoding, genome.arch, **genome.settings).decode(genome)


__all__ = [
    "BIT_GENERATOR", "ENCODINGS", "Encoding", "Genome", "decode", "make_encoding", "mutate",
    "normal", "settings_from_config",
]  # fmt: skip
