"""Networks with memory: an Elman network and a GRU, their flat float32 parameter layout.

One recurrent hidden layer of H units between the observation and the action; the hidden state
h f32[H] is zero at every episode start and carried from step to step (Elman 1990; Cho et al.
2014 for the GRU). With G gates (Elman 1, GRU 3: update z, reset r, candidate n) the flat
vector holds, in order:

    W_in  f32[obs_dim, G*H]   input weights, row-major, gate blocks side by side (z | r | n)
    b     f32[G*H]            one bias per unit and gate
    W_rec f32[H, G*H]         recurrent weights: hidden at t-1 -> every gate (the memory)
    W_out f32[H, act_dim]     readout of the new hidden state
    b_out f32[act_dim]

    Elman: h' = tanh(x W_in + h W_rec + b)
    GRU:   z = sigmoid(x Wz + h Uz + bz), r = sigmoid(x Wr + h Ur + br),
           n = tanh(x Wn + r * (h Un) + bn), h' = (1 - z) * n + z * h
    out = h' W_out + b_out, then the same output mapping as the feed-forward network.

`layers()` names three weight blocks (input, recurrent, readout) as (weight slice, bias slice,
fan_in, fan_out) like `Architecture.layers()`, so masks, pruning and their controls treat
recurrent weights like any others; `recurrent_mask()` picks out the memory for a lesion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instinct.errors import InstinctError
from instinct.nn import OUTPUTS, Architecture

NETS = ("ff", "rnn", "gru")
GATES = {"rnn": 1, "gru": 3}
KIND_CODE = {"rnn": 0, "gru": 1}


@dataclass(frozen=True)
class RecurrentArchitecture:
    """Sizes and output mapping of a one-layer recurrent policy network (net 'rnn' or 'gru')."""

    net: str
    obs_dim: int
    hidden: tuple[int, ...]  # one size, a tuple like Architecture.hidden
    act_dim: int
    output: str = "tanh"
    act_low: tuple[float, ...] = ()
    act_high: tuple[float, ...] = ()
    activation: str = "tanh"  # the Elman units and the GRU candidate; gates are sigmoids

    def __post_init__(self):
        if self.net not in GATES:
            raise InstinctError(f"unknown recurrent net {self.net!r}; choose rnn or gru")
        if self.activation != "tanh":
            raise InstinctError(f"--net {self.net} uses tanh units (got {self.activation!r})")
        if self.output not in OUTPUTS:
            raise InstinctError(f"unknown output mapping {self.output!r}")
        if len(self.hidden) != 1:
            raise InstinctError(f"a {self.net} network has one hidden layer, got {self.hidden}")
        if self.obs_dim < 1 or self.act_dim < 1 or self.width < 1:
            raise InstinctError(f"layer sizes must be positive, got {self.sizes}")
        if self.output == "tanh" and not (len(self.act_low) == len(self.act_high) == self.act_dim):
            raise InstinctError("a tanh output needs act_low and act_high for every action")

    @property
    def gates(self) -> int:
        return GATES[self.net]

    @property
    def width(self) -> int:
        """H: units of the recurrent layer, floats of hidden state carried between steps."""
        return self.hidden[0]

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.obs_dim, self.width, self.act_dim)

    def layers(self) -> list[tuple[slice, slice, int, int]]:
        """Input, recurrent and readout blocks: (weight slice, bias slice, fan_in, fan_out)."""
        gh, h = self.gates * self.width, self.width
        w_in = slice(0, self.obs_dim * gh)
        b = slice(w_in.stop, w_in.stop + gh)
        w_rec = slice(b.stop, b.stop + h * gh)
        w_out = slice(w_rec.stop, w_rec.stop + h * self.act_dim)
        b_out = slice(w_out.stop, w_out.stop + self.act_dim)
        return [
            (w_in, b, self.obs_dim, gh),
            (w_rec, slice(w_rec.stop, w_rec.stop), h, gh),
            (w_out, b_out, h, self.act_dim),
        ]

    @property
    def num_params(self) -> int:
        return self.layers()[-1][1].stop

    @property
    def num_weights(self) -> int:
        return sum(w.stop - w.start for w, _, _, _ in self.layers())

    def weight_mask(self) -> np.ndarray:
        """bool[D]: True where the parameter is a weight (not a bias)."""
        m = np.zeros(self.num_params, bool)
        for w, _, _, _ in self.layers():
            m[w] = True
        return m

    def recurrent_mask(self) -> np.ndarray:
        """bool[D]: True on the recurrent weights W_rec, the network's memory."""
        m = np.zeros(self.num_params, bool)
        m[self.layers()[1][0]] = True
        return m

    def layer_index(self) -> np.ndarray:
        """i32[D]: the block (0 input, 1 recurrent, 2 readout) each parameter belongs to."""
        idx = np.empty(self.num_params, np.int32)
        (w_in, b, _, _), (w_rec, _, _, _), (w_out, b_out, _, _) = self.layers()
        idx[w_in.start : b.stop] = 0
        idx[w_rec] = 1
        idx[w_out.start : b_out.stop] = 2
        return idx

    def init_scale(self) -> np.ndarray:
        """f32[D]: standard deviation of the initial weights (1/sqrt(fan_in)); biases start at 0."""
        scale = np.zeros(self.num_params, np.float32)
        for w, _, n_in, _ in self.layers():
            scale[w] = 1.0 / np.sqrt(n_in)
        return scale

    def kernel_args(self):
        """The arguments of the recurrent kernels: kind code, obs, hidden and act sizes, output
        code, f32 action bounds."""
        return (
            KIND_CODE[self.net],
            self.obs_dim,
            self.width,
            self.act_dim,
            OUTPUTS[self.output],
            np.asarray(self.act_low or (0.0,), np.float32),
            np.asarray(self.act_high or (0.0,), np.float32),
        )

    def to_dict(self) -> dict:
        return {
            "net": self.net,
            "obs_dim": self.obs_dim,
            "hidden": list(self.hidden),
            "act_dim": self.act_dim,
            "activation": self.activation,
            "output": self.output,
            "act_low": list(self.act_low),
            "act_high": list(self.act_high),
        }


def net_kind(arch) -> str:
    """'ff', 'rnn' or 'gru'."""
    return getattr(arch, "net", "ff")


def architecture_from_dict(d: dict):
    """An Architecture or RecurrentArchitecture from its to_dict() form (no 'net': feed-forward)."""
    net = d.get("net", "ff") if isinstance(d, dict) else "ff"
    if net == "ff":
        return Architecture.from_dict(d)
    try:
        return RecurrentArchitecture(
            net=str(net),
            obs_dim=int(d["obs_dim"]),
            hidden=tuple(int(h) for h in d["hidden"]),
            act_dim=int(d["act_dim"]),
            output=str(d["output"]),
            act_low=tuple(float(x) for x in d.get("act_low", ())),
            act_high=tuple(float(x) for x in d.get("act_high", ())),
            activation=str(d.get("activation", "tanh")),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise InstinctError(f"bad architecture description: {e}") from None


def with_memory(arch: Architecture, net: str):
    """The network of kind `net` for the same observation and action as a feed-forward `arch`:
    arch itself for 'ff', else one recurrent layer as wide as arch's first hidden layer."""
    if net == "ff":
        return arch
    if net not in GATES:
        raise InstinctError(f"unknown --net {net!r}; choose one of {', '.join(NETS)}")
    if len(arch.hidden) != 1:
        raise InstinctError(
            f"--net {net} has one recurrent hidden layer; give one size, e.g. --hidden 32 "
            f"(got {','.join(map(str, arch.hidden)) or 'none'})"
        )
    return RecurrentArchitecture(
        net, arch.obs_dim, tuple(arch.hidden), arch.act_dim, arch.output, arch.act_low,
        arch.act_high, arch.activation,
    )  # fmt: skip


def numpy_step(arrays, obs, h):
    """One step of an exported recurrent network in plain NumPy: (new h, action).

    arrays: what `instinct export` wrote (np.load of the .npz); h f[hidden], zeros at an episode
    start. float64 with exact tanh: instinct's kernel (rational tanh) matches it to ~1e-4."""
    import json

    arch = json.loads(str(arrays["architecture"]))
    W, b, U = arrays["W_in"], arrays["b"], arrays["W_rec"]
    x, h = np.asarray(obs, np.float64), np.asarray(h, np.float64)
    n = h.shape[0]
    if arch["net"] == "rnn":
        h = np.tanh(x @ W + h @ U + b)
    else:
        gx, gu = x @ W + b, h @ U
        z = 1 / (1 + np.exp(-(gx[:n] + gu[:n])))
        r = 1 / (1 + np.exp(-(gx[n : 2 * n] + gu[n : 2 * n])))
        h = (1 - z) * np.tanh(gx[2 * n :] + r * gu[2 * n :]) + z * h
    y = h @ arrays["W_out"] + arrays["b_out"]
    if arch["output"] == "argmax":
        return h, int(np.argmax(y))
    low, high = np.array(arch["act_low"]), np.array(arch["act_high"])
    return h, low + (np.tanh(y) + 1) / 2 * (high - low)
