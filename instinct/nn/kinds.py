"""Network kinds: what a policy network is made of, and which kernel runs it.

A kind is one file `instinct/nn/<kind>.py` exporting `KIND = NetworkKind(...)`, plus its kernel
module (`instinct/kernels/<kind>.py`) with two @njit functions that every rollout kernel calls:

    policy_init(net, theta, hidden)                                  at every episode start
    policy_step(net, theta, hidden, obs, action, buf_a, buf_b)       once per world step

`net` is the kind's `NetArgs` (from `Architecture.kernel_args()`), `theta` f32[D] the network's
parameters (masks already multiplied in), `hidden` f32[net.hidden_dim] the state the network
carries from step to step (size 0 for a feed-forward network), `obs` f32[obs_dim], `action`
f32[act_dim] written by the step, `buf_a`/`buf_b` f32[net.width] scratch. See docs/extending.md.
This module imports no Numba: the kernel module is imported only when a kernel runs.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from instinct.errors import InstinctError


@dataclass(frozen=True)
class NetworkKind:
    """One way of building a policy network from an `Architecture`."""

    name: str  # the value of Architecture.kind ("mlp" is the default and stays out of files)
    kernel: str  # module with @njit policy_init and policy_step
    # Flat parameter layout: per block, (weight slice, bias slice, fan_in, fan_out).
    layers: Callable
    hidden_dim: Callable = lambda arch: 0  # floats of memory carried across steps
    width: Callable = lambda arch: max(arch.sizes)  # floats in each scratch buffer
    description: str = ""

    def policy(self):
        """(policy_init, policy_step): the kind's @njit functions (imports Numba)."""
        module = importlib.import_module(self.kernel)
        return module.policy_init, module.policy_step


_KINDS: dict[str, NetworkKind] = {}


def kinds() -> dict[str, NetworkKind]:
    """Every network kind, by name: each module of `instinct.nn` that exports `KIND`."""
    if not _KINDS:
        import instinct.nn as package

        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            kind = getattr(module, "KIND", None)
            if isinstance(kind, NetworkKind):
                if kind.name in _KINDS:
                    raise RuntimeError(f"network kind {kind.name!r} is declared twice")
                _KINDS[kind.name] = kind
    return _KINDS


def register(kind: NetworkKind) -> None:
    """Add a kind that lives outside `instinct.nn` (a plugin, a test's toy kind)."""
    found = kinds()
    if kind.name in found and found[kind.name] is not kind:
        raise RuntimeError(f"network kind {kind.name!r} is declared twice")
    found[kind.name] = kind


def network_kind(name: str) -> NetworkKind:
    found = kinds()
    if name not in found:
        raise InstinctError(f"unknown network kind {name!r}; choose one of {', '.join(found)}")
    return found[name]
