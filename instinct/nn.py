"""Feed-forward network architecture and its flat float32 parameter layout.

Layer l maps `sizes[l]` inputs to `sizes[l+1]` outputs; its weights are stored row-major as
`W[in, out]` (so a forward pass streams contiguous rows) followed by the bias `b[out]`. All layers
are concatenated into one flat `f32[num_params]` vector; an optional `u8[num_params]` mask of the
same length switches individual parameters off (pruning).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instinct.errors import InstinctError

ACTIVATIONS = {"tanh": 0, "relu": 1, "sigmoid": 2, "elu": 3, "linear": 4, "sin": 5}
OUTPUTS = {"argmax": 0, "tanh": 1}  # Discrete: argmax of logits; Box: tanh squashed into bounds


@dataclass(frozen=True)
class Architecture:
    """Sizes, activation and output mapping of a feed-forward policy network."""

    obs_dim: int
    hidden: tuple[int, ...]
    act_dim: int
    activation: str = "tanh"
    output: str = "tanh"
    act_low: tuple[float, ...] = ()
    act_high: tuple[float, ...] = ()

    def __post_init__(self):
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
    def num_params(self) -> int:
        s = self.sizes
        return sum(s[i] * s[i + 1] + s[i + 1] for i in range(len(s) - 1))

    @property
    def num_weights(self) -> int:
        s = self.sizes
        return sum(s[i] * s[i + 1] for i in range(len(s) - 1))

    def layers(self) -> list[tuple[slice, slice, int, int]]:
        """Per layer: (weight slice, bias slice, fan_in, fan_out) into the flat vector."""
        out, off, s = [], 0, self.sizes
        for i in range(len(s) - 1):
            n_in, n_out = s[i], s[i + 1]
            w = slice(off, off + n_in * n_out)
            b = slice(w.stop, w.stop + n_out)
            out.append((w, b, n_in, n_out))
            off = b.stop
        return out

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

    def kernel_args(self):
        """The arrays a Numba kernel needs: i64 sizes, activation code, output code, f32 bounds."""
        return (
            np.asarray(self.sizes, np.int64),
            ACTIVATIONS[self.activation],
            OUTPUTS[self.output],
            np.asarray(self.act_low or (0.0,), np.float32),
            np.asarray(self.act_high or (0.0,), np.float32),
        )

    def to_dict(self) -> dict:
        return {
            "obs_dim": self.obs_dim,
            "hidden": list(self.hidden),
            "act_dim": self.act_dim,
            "activation": self.activation,
            "output": self.output,
            "act_low": list(self.act_low),
            "act_high": list(self.act_high),
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
            )
        except (KeyError, TypeError, ValueError) as e:
            raise InstinctError(f"bad architecture description: {e}") from None


def architecture_for(observation_space, action_space, hidden, activation) -> Architecture:
    """The architecture that maps an observation (flattened where it is not a flat Box: see
    instinct/spaces.py) to a Discrete or Box action."""
    import gymnasium as gym

    from instinct.spaces import flat_size

    obs_dim = flat_size(observation_space)
    if isinstance(action_space, gym.spaces.Discrete):
        return Architecture(obs_dim, tuple(hidden), int(action_space.n), activation, "argmax")
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
        )
    raise InstinctError(f"action space must be Discrete or a flat Box, got {action_space}")
