"""Plain minibatch SGD on P feed-forward networks at once, in NumPy: what a grown network can
*learn*, beside what it does at birth.

The parameters are instinct's flat layout (`instinct.nn.Architecture`: per layer W[in, out]
row-major, then b[out]), so any grown network, evolved genome or standard initialisation trains
the same way. Softmax cross-entropy on the outputs; hidden activation tanh or relu (computed
exactly, where the fused rollout uses a rational tanh). Every operation is batched over the P
networks with `np.matmul`, so no Python loop runs over networks or images; the loop is over steps.
Used by the Digits learn-fast experiment (benchmarks/digits_learnfast.py).
"""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.nn import Architecture

_ACT = {
    "tanh": (np.tanh, lambda y: 1.0 - y * y),
    "relu": (lambda z: np.maximum(z, 0.0), lambda y: (y > 0).astype(y.dtype)),
}


def _check(arch: Architecture):
    if arch.activation not in _ACT:
        raise InstinctError(f"sgd supports tanh and relu hidden layers, not {arch.activation}")


def layers(arch: Architecture, params: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Views (W f[P, in, out], b f[P, out]) of each layer of params f[P, D]."""
    return [
        (params[:, w].reshape(-1, n_in, n_out), params[:, b]) for w, b, n_in, n_out in arch.layers()
    ]


def forward(arch: Architecture, params: np.ndarray, x: np.ndarray) -> list[np.ndarray]:
    """Activations of every layer for inputs x f[B, in]: [x, h1 f[P, B, .], ..., logits]."""
    _check(arch)
    act = _ACT[arch.activation][0]
    outs = [np.broadcast_to(x, (params.shape[0], *x.shape))]
    parts = layers(arch, params)
    for i, (w, b) in enumerate(parts):
        z = np.matmul(outs[-1], w) + b[:, None, :]
        outs.append(act(z) if i < len(parts) - 1 else z)
    return outs


def _softmax(logits):
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def loss_and_grad(arch, params, x, y):
    """Mean cross-entropy f[P] over a batch (x f[B, in], labels y i[B]) and its gradient f[P, D]."""
    outs = forward(arch, params, x)
    probs = _softmax(outs[-1])
    batch = x.shape[0]
    rows = np.arange(batch)
    loss = -np.log(np.maximum(probs[:, rows, y], 1e-12)).mean(axis=1)
    delta = probs.copy()
    delta[:, rows, y] -= 1.0
    delta /= batch
    grad = np.zeros_like(params)
    slope = _ACT[arch.activation][1]
    parts = layers(arch, params)
    for i in range(len(parts) - 1, -1, -1):
        w_sl, b_sl, n_in, n_out = arch.layers()[i]
        grad[:, w_sl] = np.matmul(outs[i].transpose(0, 2, 1), delta).reshape(-1, n_in * n_out)
        grad[:, b_sl] = delta.sum(axis=1)
        if i > 0:
            delta = np.matmul(delta, parts[i][0].transpose(0, 2, 1)) * slope(outs[i])
    return loss, grad


def train(arch, params, images, labels, batches, lr: float) -> np.ndarray:
    """params f[P, D] after one SGD step per row of batches i[K, B] (indices into images)."""
    theta = np.array(params, np.float64)
    for idx in batches:
        _, grad = loss_and_grad(arch, theta, images[idx], labels[idx])
        theta -= lr * grad
    return theta


def predict(arch, params, images) -> np.ndarray:
    """i64[P, N]: each network's answer (argmax of its outputs) for every image."""
    return forward(arch, np.asarray(params, np.float64), images)[-1].argmax(axis=-1)


def accuracy(arch, params, images, labels) -> np.ndarray:
    """f64[P]: the fraction of images each network names right."""
    return (predict(arch, params, images) == labels[None, :]).mean(axis=1)
