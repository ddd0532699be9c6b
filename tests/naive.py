"""Slow, obviously-correct references for every fast path (after stumpy's tests/naive.py)."""

import numpy as np


def forward(params, mask, arch, obs):
    """Plain NumPy forward pass of one network: tanh-like activations computed exactly."""
    theta = params if mask is None else np.where(mask != 0, params, 0).astype(np.float32)
    x = np.asarray(obs, np.float64)
    layers = arch.layers()
    for i, (w, b, n_in, n_out) in enumerate(layers):
        W = theta[w].reshape(n_in, n_out).astype(np.float64)
        x = x @ W + theta[b]
        if i < len(layers) - 1:
            x = ACTS[arch.activation](x)
    return x


ACTS = {
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(x, 0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "linear": lambda x: x,
    "sin": np.sin,
}


def action(arch, out):
    if arch.output == "argmax":
        return int(np.argmax(out))
    low, high = np.array(arch.act_low), np.array(arch.act_high)
    return low + (np.tanh(out) + 1) / 2 * (high - low)


def gym_rollout(env_id, params, mask, arch, seed, max_steps=10_000):
    """One episode through a single plain gymnasium env, stepping in Python."""
    import gymnasium as gym

    env = gym.make(env_id)
    obs, _ = env.reset(seed=int(seed))
    total, steps = 0.0, 0
    for _ in range(max_steps):
        a = action(arch, forward(params, mask, arch, obs))
        obs, r, term, trunc, _ = env.step(a)
        total += r
        steps += 1
        if term or trunc:
            break
    env.close()
    return total, steps
