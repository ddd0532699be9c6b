"""Networks with memory: the parameter layout shared by the Elman (`rnn`) and GRU (`gru`) kinds.

One recurrent hidden layer of H units (`Architecture.hidden == (H,)`) between the observation
and the action; the hidden state h f32[H] is zero at every episode start and carried from step to
step (Elman 1990; Cho et al. 2014 for the GRU). With G gates (Elman 1, GRU 3: update z, reset r,
candidate n) the flat vector holds, in order:

    W_in  f32[obs_dim, G*H]   input weights, row-major, gate blocks side by side (z | r | n)
    b     f32[G*H]            one bias per unit and gate
    W_rec f32[H, G*H]         recurrent weights: hidden at t-1 -> every gate (the memory)
    W_out f32[H, act_dim]     readout of the new hidden state
    b_out f32[act_dim]

    Elman: h' = tanh(x W_in + h W_rec + b)
    GRU:   z = sigmoid(x Wz + h Uz + bz), r = sigmoid(x Wr + h Ur + br),
           n = tanh(x Wn + r * (h Un) + bn), h' = (1 - z) * n + z * h
    out = h' W_out + b_out, then the output mapping of every kind (argmax, or tanh into bounds).

`layers()` gives three blocks (input, recurrent with an empty bias, readout), so masks, pruning
and their controls treat recurrent weights like any others; `recurrent_mask` picks out the
memory for a lesion. Kernels: `instinct.kernels.rnn` and `instinct.kernels.gru`.
This module exports no KIND (rnn.py and gru.py do) and imports no Numba.
"""

from __future__ import annotations

import json

import numpy as np

from instinct.errors import InstinctError

GATES = {"rnn": 1, "gru": 3}
# --net names the kind: the feed-forward default is the `mlp` kind.
NETS = {"ff": "mlp", "rnn": "rnn", "gru": "gru", "plastic": "plastic"}  # plastic: nn/plastic.py


def recurrent_layers(arch, gates: int) -> list[tuple[slice, slice, int, int]]:
    """Input, recurrent and readout blocks: (weight slice, bias slice, fan_in, fan_out)."""
    if len(arch.hidden) != 1:
        raise InstinctError(
            f"a {arch.kind} network has one recurrent hidden layer; give one size, e.g. "
            f"--hidden 32 (got {','.join(map(str, arch.hidden)) or 'none'})"
        )
    h = arch.hidden[0]
    gh = gates * h
    w_in = slice(0, arch.obs_dim * gh)
    b = slice(w_in.stop, w_in.stop + gh)
    w_rec = slice(b.stop, b.stop + h * gh)
    w_out = slice(w_rec.stop, w_rec.stop + h * arch.act_dim)
    b_out = slice(w_out.stop, w_out.stop + arch.act_dim)
    return [
        (w_in, b, arch.obs_dim, gh),
        (w_rec, slice(w_rec.stop, w_rec.stop), h, gh),
        (w_out, b_out, h, arch.act_dim),
    ]


def scratch_width(arch) -> int:
    """Floats in each kernel scratch buffer: 4H gate pre-activations, the raw outputs."""
    return max(4 * arch.hidden[0], arch.act_dim, 1)


def is_recurrent(arch) -> bool:
    return arch.kind in GATES


def net_name(arch) -> str:
    """'ff', 'rnn' or 'gru' (another kind: its own name)."""
    return "ff" if arch.kind == "mlp" else arch.kind


def recurrent_mask(arch) -> np.ndarray:
    """bool[D]: True on the recurrent weights W_rec, the network's memory (none: all False)."""
    m = np.zeros(arch.num_params, bool)
    if is_recurrent(arch):
        m[arch.layers()[1][0]] = True
    return m


def kind_for(net: str) -> str:
    """The network kind `--net` names."""
    if net not in NETS:
        raise InstinctError(f"unknown --net {net!r}; choose one of {', '.join(NETS)}")
    return NETS[net]


def numpy_step(arrays, obs, h):
    """One step of an exported recurrent network in plain NumPy: (new h, action).

    arrays: what `instinct export` wrote (np.load of the .npz); h f[hidden], zeros at an episode
    start. float64 with exact tanh: instinct's kernel (rational tanh) matches it to ~1e-4."""
    arch = json.loads(str(arrays["architecture"]))
    W, b, U = arrays["W_in"], arrays["b"], arrays["W_rec"]
    x, h = np.asarray(obs, np.float64), np.asarray(h, np.float64)
    n = h.shape[0]
    if arch["kind"] == "rnn":
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
