"""instinct: evolve genomes that grow neural networks with innate behaviour, and find the sparse
subnetworks (lottery tickets) where that behaviour lives.

Importing instinct registers its Gymnasium environments (`instinct/Hatchling-v0`, ...). The
public API (docs/api.md) is `evolve`, `load`, `save`, `grow`, `export`, `birth_score`,
`baselines`, `make_config`, `Run`, `Network`, `Genome`, `EvolveConfig` and `InstinctError`; each
is imported when first used, so `import instinct` costs no more than registering the worlds.
Everything else is private by convention.

`instinct.evolve` and `instinct.baselines` are the API's functions although modules of those
names exist (the evolution loop, the baseline battery): the package keeps the functions when
those modules are imported. Code inside instinct imports from them by name
(`from instinct.evolve import build`), which is unaffected.
"""

import sys
import types

from instinct.interrupt import quiet_when_run_as_the_command

quiet_when_run_as_the_command()  # before the slow imports: Ctrl-C there gives no traceback

import instinct_envs  # noqa: E402, F401  (registers instinct's worlds with gymnasium)

__version__ = "0.1.0"

_API = {
    "Run": "instinct.api",
    "baselines": "instinct.api",
    "birth_score": "instinct.api",
    "evolve": "instinct.api",
    "export": "instinct.api",
    "grow": "instinct.api",
    "load": "instinct.api",
    "make_config": "instinct.api",
    "save": "instinct.api",
    "Network": "instinct.network",
    "EvolveConfig": "instinct.config",
    "Genome": "instinct.genome",
    "InstinctError": "instinct.errors",
}
__all__ = ["__version__", *_API]


def _public(name: str):
    import importlib

    return getattr(importlib.import_module(_API[name]), name)


def __getattr__(name: str):
    if name in _API:
        return _public(name)
    raise AttributeError(f"module 'instinct' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_API])


def _kept(name: str) -> property:
    """An API function that importing the submodule of the same name does not replace."""
    return property(lambda self: _public(name), lambda self, submodule: None)


class _Package(types.ModuleType):
    evolve = _kept("evolve")
    baselines = _kept("baselines")


sys.modules[__name__].__class__ = _Package
