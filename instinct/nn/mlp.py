"""The feed-forward network (multi-layer perceptron): no memory from one step to the next.

Layer l maps `sizes[l]` inputs to `sizes[l+1]` outputs; its weights are stored row-major as
`W[in, out]` (so a forward pass streams contiguous rows) followed by the bias `b[out]`. All
layers are concatenated into one flat f32[num_params] vector. Kernel: `instinct.kernels.mlp`.
"""

from __future__ import annotations

from instinct.nn.kinds import NetworkKind


def feedforward_layers(arch) -> list[tuple[slice, slice, int, int]]:
    """Per layer: (weight slice, bias slice, fan_in, fan_out) into the flat vector."""
    out, off, s = [], 0, arch.sizes
    for i in range(len(s) - 1):
        n_in, n_out = s[i], s[i + 1]
        w = slice(off, off + n_in * n_out)
        b = slice(w.stop, w.stop + n_out)
        out.append((w, b, n_in, n_out))
        off = b.stop
    return out


KIND = NetworkKind(
    name="mlp",
    kernel="instinct.kernels.mlp",
    layers=feedforward_layers,
    description="feed-forward layers; the default",
)
