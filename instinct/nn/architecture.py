"""A policy network's architecture and its flat float32 parameter layout.

The network's kind (`instinct.nn.kinds`; feed-forward `mlp` by default) fixes how its
parameters are laid out in one flat `f32[num_params]` vector and which kernel runs it; an optional
`u8[num_params]` mask of the same length switches individual parameters off (pruning).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from instinct.errors import InstinctError
from instinct.nn.codes import ACTIVATIONS, OUTPUTS
from instinct.nn.kinds import network_kind

DEFAULT_KIND = "mlp"


class NetArgs(NamedTuple):
    """Everything a kernel needs to know about a network besides its parameters (one struct)."""

    sizes: np.ndarray  # i64[L+1]: obs_dim, hidden sizes..., act_dim
    act_code: int  # hidden activation (instinct.nn.codes)
    out_code: int  # output mapping (instinct.nn.codes)
    low: np.ndarray  # f32[act_dim] action bounds (Box outputs)
    high: np.ndarray  # f32[act_dim]
    hidden_dim: int  # floats of memory carried across steps (0: feed-forward)
    width: int  # floats in each scratch buffer


@dataclass(frozen=True)
class Architecture:
    """Sizes, activation, output mapping and kind of a policy network."""

    obs_dim: int
    hidden: tuple[int, ...]
    act_dim: int
    activation: str = "tanh"
    output: str = "tanh"
    act_low: tuple[float, ...] = ()
    act_high: tuple[float, ...] = ()
    kind: str = DEFAULT_KIND

    def __post_init__(self):
        network_kind(self.kind)  # an unknown kind fails here, with the choices
        if self.activation not in ACTIVATIONS:
            raise InstinctError(
                f"unknown activation {self.activation!r}; choose one of {', '.join(ACTIVATIONS)}"
            )
        if self.output not in OUTPUTS:
            raise InstinctError(f"unknown output mapping {self.output!r}")
        if self.obs_dim < 1 or self.act_dim < 1 or any(h < 1 for h in self.hidden):
            raise InstinctError(f"layer sizes must be positive, got {self.sizes}")
        if self.output == "tanh" and not (len(self.act_low) == len(self.act_high) == self.act_dim):
            object.__setattr__(self, "act_low", (-1.0,) * self.act_dim)
            object.__setattr__(self, "act_high", (1.0,) * self.act_dim)

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.obs_dim, *self.hidden, self.act_dim)

    @property
    def network_kind(self):
        return network_kind(self.kind)

    @property
    def num_params(self) -> int:
        layers = self.layers()
        return max(max(w.stop, b.stop) for w, b, _, _ in layers) if layers else 0

    @property
    def num_weights(self) -> int:
        return sum(w.stop - w.start for w, _, _, _ in self.layers())

    @property
    def hidden_dim(self) -> int:
        """Floats of memory the network carries from step to step (0: feed-forward)."""
        return int(self.network_kind.hidden_dim(self))

    def layers(self) -> list[tuple[slice, slice, int, int]]:
        """Per block: (weight slice, bias slice, fan_in, fan_out) into the flat vector."""
        return self.network_kind.layers(self)

    def weight_mask(self) -> np.ndarray:
        """bool[D]: True where the parameter is a weight (not a bias)."""
        m = np.zeros(self.num_params, bool)
        for w, _, _, _ in self.layers():
            m[w] = True
        return m

    def layer_index(self) -> np.ndarray:
        """i32[D]: the layer each parameter belongs to."""
        idx = np.empty(self.num_params, np.int32)
        for layer, (w, b, _, _) in enumerate(self.layers()):
            idx[w.start : b.stop] = layer
        return idx

    def init_scale(self) -> np.ndarray:
        """f32[D]: standard deviation of the initial weights (1/sqrt(fan_in)); biases start at 0."""
        scale = np.zeros(self.num_params, np.float32)
        for w, _, n_in, _ in self.layers():
            scale[w] = 1.0 / np.sqrt(n_in)
        return scale

    def kernel_args(self) -> NetArgs:
        """The network's description as one struct a Numba kernel takes."""
        return NetArgs(
            np.asarray(self.sizes, np.int64),
            ACTIVATIONS[self.activation],
            OUTPUTS[self.output],
            np.asarray(self.act_low or (0.0,), np.float32),
            np.asarray(self.act_high or (0.0,), np.float32),
            self.hidden_dim,
            int(self.network_kind.width(self)),
        )

    def policy(self):
        """(policy_init, policy_step): the @njit functions of this network's kind."""
        return self.network_kind.policy()

    def to_dict(self) -> dict:
        return {
            "obs_dim": self.obs_dim,
            "hidden": list(self.hidden),
            "act_dim": self.act_dim,
            "activation": self.activation,
            "output": self.output,
            "act_low": list(self.act_low),
            "act_high": list(self.act_high),
            # The default kind stays out, so files written before kinds existed read the same.
            **({} if self.kind == DEFAULT_KIND else {"kind": self.kind}),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Architecture:
        try:
            return cls(
                obs_dim=int(d["obs_dim"]),
                hidden=tuple(int(h) for h in d["hidden"]),
                act_dim=int(d["act_dim"]),
                activation=str(d["activation"]),
                output=str(d["output"]),
                act_low=tuple(float(x) for x in d.get("act_low", ())),
                act_high=tuple(float(x) for x in d.get("act_high", ())),
                kind=str(d.get("kind", DEFAULT_KIND)),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise InstinctError(f"bad architecture description: {e}") from None


def architecture_for(
    observation_space, action_space, hidden, activation, kind: str = DEFAULT_KIND
) -> Architecture:
    """The architecture (of network kind `kind`) that maps an observation (flattened where it is
    not a flat Box: see instinct/spaces.py) to a Discrete or Box action."""
    import gymnasium as gym

    from instinct.spaces import flat_size

    obs_dim = flat_size(observation_space)
    if isinstance(action_space, gym.spaces.Discrete):
        return Architecture(
            obs_dim, tuple(hidden), int(action_space.n), activation, "argmax", kind=kind
        )
    if isinstance(action_space, gym.spaces.Box) and len(action_space.shape) == 1:
        low = np.where(np.isfinite(action_space.low), action_space.low, -1.0)
        high = np.where(np.isfinite(action_space.high), action_space.high, 1.0)
        return Architecture(
            obs_dim,
            tuple(hidden),
            int(action_space.shape[0]),
            activation,
            "tanh",
            tuple(float(x) for x in low),
            tuple(float(x) for x in high),
            kind=kind,
        )
    raise InstinctError(f"action space must be Discrete or a flat Box, got {action_space}")
