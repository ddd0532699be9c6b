"""Policy networks: the architecture, its flat parameter layout, and the network kinds.

A network kind is one file here (`mlp.py`, the feed-forward default) plus its kernel in
`instinct/kernels/`; see `kinds.py` and docs/extending.md.
"""

from instinct.nn.architecture import DEFAULT_KIND, Architecture, NetArgs, architecture_for
from instinct.nn.codes import ACTIVATIONS, OUTPUTS
from instinct.nn.kinds import NetworkKind, kinds, network_kind

__all__ = [
    "ACTIVATIONS",
    "DEFAULT_KIND",
    "OUTPUTS",
    "Architecture",
    "NetArgs",
    "NetworkKind",
    "architecture_for",
    "kinds",
    "network_kind",
]
