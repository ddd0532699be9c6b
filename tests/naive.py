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


# Genome growth references: one (pre, post) pair at a time, in plain Python and float64.
def _unit64(name, x):
    return {"tanh": np.tanh, "sin": np.sin, "gauss": lambda v: (1 + v * v / 8) ** -8,
            "linear": lambda v: v}[name](x)  # fmt: skip


def generator_grow(vector, feats_by_layer, units, width, depth):
    """Parameters written by a pairwise generator (cppn, gnet), one pair at a time.

    feats_by_layer: per neuron layer, f[n, F]. Weight W_l[i, j] = out0(f_i, f_j) / sqrt(n_in);
    bias b_l[j] = out1(0, f_j) / sqrt(n_in).
    """
    v = np.asarray(vector, np.float64)
    nf = feats_by_layer[0].shape[1]
    h2 = width if depth == 2 else 0
    pos = 0

    def take(n):
        nonlocal pos
        pos += n
        return v[pos - n : pos]

    W1 = take(2 * nf * width).reshape(2 * nf, width)
    b1 = take(width)
    W2, b2 = take(width * h2).reshape(width, h2), take(h2)
    last = h2 or width
    Wo, bo = take(2 * last).reshape(last, 2), take(2)
    assert pos == v.size

    def generator(f_pre, f_post, k):
        x = np.concatenate([f_pre, f_post]) @ W1 + b1
        h = np.array([_unit64(units[u % len(units)], x[u]) for u in range(width)])
        if h2:
            h = np.tanh(h @ W2 + b2)
        return float(h @ Wo[:, k] + bo[k])

    params = []
    for layer in range(len(feats_by_layer) - 1):
        pre, post = feats_by_layer[layer], feats_by_layer[layer + 1]
        scale = 1 / np.sqrt(len(pre))
        W = np.zeros((len(pre), len(post)))
        for i in range(len(pre)):
            for j in range(len(post)):
                W[i, j] = generator(pre[i], post[j], 0) * scale
        b = [generator(np.zeros(nf), post[j], 1) * scale for j in range(len(post))]
        params += [W.ravel(), np.array(b)]
    return np.concatenate(params)


def mask_grow(scores, weight_seed, arch):
    """Supermask: sign(N(weight_seed)) / sqrt(fan_in) where score > 0, else 0, one at a time."""
    draw = np.random.Generator(np.random.PCG64(weight_seed)).standard_normal(
        arch.num_params, np.float32
    )
    out = np.zeros(arch.num_params, np.float32)
    for w, b, n_in, _ in arch.layers():
        for d in range(w.start, b.stop):
            if scores[d] > 0:
                out[d] = (-1 if draw[d] < 0 else 1) / np.sqrt(n_in)
    return out


# Networks with memory (instinct.nn.recurrent): one step in plain NumPy float64.
def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def recurrent_step(theta, arch, obs, h):
    """(new hidden state, raw outputs) of an Elman network or GRU on one observation."""
    theta = np.asarray(theta, np.float64)
    (w_in, b, n_in, gh), (w_rec, _, H, _), (w_out, b_out, _, act) = arch.layers()
    W = theta[w_in].reshape(n_in, gh)
    U = theta[w_rec].reshape(H, gh)
    x, h = np.asarray(obs, np.float64), np.asarray(h, np.float64)
    if arch.kind == "rnn":
        h_new = np.tanh(x @ W + h @ U + theta[b])
    else:
        gx = x @ W + theta[b]
        gu = h @ U
        z = _sigmoid(gx[:H] + gu[:H])
        r = _sigmoid(gx[H : 2 * H] + gu[H : 2 * H])
        n = np.tanh(gx[2 * H :] + r * gu[2 * H :])
        h_new = (1 - z) * n + z * h
    out = h_new @ theta[w_out].reshape(H, act) + theta[b_out]
    return h_new, out


def recurrent_rollout(core, params, theta, arch, key, max_steps):
    """One episode of a recurrent network in a fused world, stepping in Python from h = 0."""
    state = np.zeros(core.STATE_DIM)
    obs = np.zeros(core.OBS_DIM, np.float32)
    core.reset(state, key, params)
    h = np.zeros(arch.hidden[0])
    total, t, code = 0.0, 0, 0
    while t < max_steps:
        core.observe(state, params, obs)
        h, out = recurrent_step(theta, arch, obs, h)
        a = np.asarray(action(arch, out), np.float32)
        reward, code = core.step(state, a, params)
        total += reward
        t += 1
        if code != 0:
            break
    return total, t, code
