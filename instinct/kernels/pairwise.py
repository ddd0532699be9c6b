"""Growth kernel of the generator encodings (`cppn`, `gnet`): a small network, evaluated once per
(pre, post) neuron pair, writes every weight of a big one (after Stanley et al. 2009, HyperNEAT, and
the g-network of Shuvaev, Koulakov, Zador et al.'s genomic bottleneck).

Generator layout inside one genome vector f32[G] (F features per neuron, widths H1 and H2 >= 0):

    W1 f32[2F, H1] row-major (rows 0..F-1 read the pre neuron, rows F..2F-1 the post neuron), b1[H1]
    W2 f32[H1, H2], b2[H2]          (only when H2 > 0)
    Wo f32[H, 2],   bo[2]           (H = H2 or H1; output 0 is a weight, output 1 a bias)

The first layer is linear in the concatenated features, so its pre and post halves are computed once
per neuron and summed per pair: a pair costs one hidden nonlinearity plus the layers after it.
Weight W_l[i, j] = scale_l * out0(pre = neuron i, post = neuron j);
bias b_l[j] = scale_l * out1(pre = the zero vector, post = neuron j).

Decoding must give the same bits on every machine: the kernel is compiled without fastmath (no
reassociation or FMA contraction), loops run in a fixed order, and every unit function is built
from + - * / only (no libm, no SIMD math library), so IEEE rounding fixes each result.
"""

import numpy as np
from numba import njit, prange

from instinct.kernels import JIT
from instinct.nn.codes import GAUSS, GENERATOR_UNITS, SIN, TANH

# No fastmath here: results must not depend on the CPU's vector width or on FMA.
EXACT = {"cache": JIT["cache"], "error_model": "numpy", "fastmath": False}  # never inherited

UNITS = GENERATOR_UNITS
TWO_PI = 6.283185307179586


@njit(inline="always", **EXACT)
def unit(code, x):
    """One generator unit's function of its f32 input, from arithmetic alone."""
    if code == TANH:  # clamped Pade 7/6, as in instinct.kernels.activations.fast_tanh
        x = min(max(x, np.float32(-4.97)), np.float32(4.97))
        x2 = x * x
        num = x * (
            np.float32(135135.0) + x2 * (np.float32(17325.0) + x2 * (np.float32(378.0) + x2))
        )
        den = np.float32(135135.0) + x2 * (
            np.float32(62370.0) + x2 * (np.float32(3150.0) + np.float32(28.0) * x2)
        )
        return min(max(num / den, np.float32(-1.0)), np.float32(1.0))
    if code == SIN:  # reduce to [-pi, pi] in f64, then Taylor to degree 17 (error < 1e-7)
        xd = np.float64(x)
        r = xd - np.floor(xd / TWO_PI + 0.5) * TWO_PI
        r2 = r * r
        t = 1.0 / 355687428096000.0
        t = -1.0 / 1307674368000.0 + r2 * t
        t = 1.0 / 6227020800.0 + r2 * t
        t = -1.0 / 39916800.0 + r2 * t
        t = 1.0 / 362880.0 + r2 * t
        t = -1.0 / 5040.0 + r2 * t
        t = 1.0 / 120.0 + r2 * t
        t = -1.0 / 6.0 + r2 * t
        return np.float32(r * (1.0 + r2 * t))
    if code == GAUSS:  # (1 + x^2/8)^-8, the classical limit form of exp(-x^2)
        y = np.float32(1.0) / (np.float32(1.0) + x * x * np.float32(0.125))
        y = y * y
        y = y * y
        return y * y
    return x


@njit(inline="always", **EXACT)
def _units_into(code, x, out):
    """out[j] = unit(code, x[j]); one branch per row, so the loop over j vectorises."""
    if code == TANH:
        for j in range(x.shape[0]):
            out[j] = unit(TANH, x[j])
    elif code == SIN:
        for j in range(x.shape[0]):
            out[j] = unit(SIN, x[j])
    elif code == GAUSS:
        for j in range(x.shape[0]):
            out[j] = unit(GAUSS, x[j])
    else:
        for j in range(x.shape[0]):
            out[j] = x[j]


@njit(inline="always", **EXACT)
def _generate_row(vec, pre, post_t, n, h1, h2, acts1, acts2, o2, ob, bo, which, t1, t2, acc):
    """acc[:n] = output `which` of the generator for one pre neuron and posts 0..n-1.

    pre f32[H1]: the pre neuron's first-layer half; post_t f32[H1, >=n]: the post neurons' halves,
    unit-major. Every sum runs over units in a fixed order, one post neuron per lane.
    """
    for u in range(h1):
        x = acc[:n]  # scratch: the unit's pre-activation for every post neuron
        pu = pre[u]
        for j in range(n):
            x[j] = pu + post_t[u, j]
        _units_into(acts1[u], x, t1[u, :n])
    hidden = t1
    width = h1
    if h2 > 0:
        for v in range(h2):
            b = vec[ob + v]
            for j in range(n):
                t2[v, j] = b
        for u in range(h1):
            for v in range(h2):
                w = vec[o2 + u * h2 + v]
                for j in range(n):
                    t2[v, j] += t1[u, j] * w
        for v in range(h2):
            _units_into(acts2[v], t2[v, :n], t2[v, :n])
        hidden = t2
        width = h2
    b = vec[bo + which]
    for j in range(n):
        acc[j] = b
    wo = bo - 2 * width
    for u in range(width):
        w = vec[wo + 2 * u + which]
        for j in range(n):
            acc[j] += hidden[u, j] * w


@njit(parallel=True, **EXACT)
def grow_pairwise(vectors, feats, noff, sizes, scales, h1, h2, acts1, acts2, out):
    """out[p] = the f32[D] parameters generated by vectors[p], for every p (prange over P).

    feats f32[N, F]: features of every neuron, neuron layer k at rows noff[k]..noff[k]+sizes[k];
    scales f32[L]: output scale of each weight layer; out f32[P, D] in `Architecture` layout.
    """
    num_neurons, nf = feats.shape
    o2 = 2 * nf * h1 + h1  # W2 starts here (b1 ends here)
    ob = o2 + h1 * h2  # b2
    width = h2 if h2 > 0 else h1
    bo = (ob + h2 if h2 > 0 else o2) + 2 * width  # bo; Wo just before it
    n_layers = sizes.shape[0] - 1
    widest = 0
    for s in sizes:
        widest = max(widest, s)
    zero = np.zeros(h1, np.float32)
    for p in prange(vectors.shape[0]):
        vec = vectors[p]
        pre = np.empty((num_neurons, h1), np.float32)
        post_t = np.empty((h1, num_neurons), np.float32)
        for n in range(num_neurons):
            for u in range(h1):
                a = np.float32(0.0)
                b = vec[2 * nf * h1 + u]
                for f in range(nf):
                    a += feats[n, f] * vec[f * h1 + u]
                    b += feats[n, f] * vec[(nf + f) * h1 + u]
                pre[n, u] = a
                post_t[u, n] = b
        t1 = np.empty((h1, widest), np.float32)
        t2 = np.empty((max(h2, 1), widest), np.float32)
        acc = np.empty(widest, np.float32)
        off = 0
        for layer in range(n_layers):
            n_in = sizes[layer]
            n_out = sizes[layer + 1]
            posts = post_t[:, noff[layer + 1] : noff[layer + 1] + n_out]
            s = scales[layer]
            for i in range(n_in):
                _generate_row(vec, pre[noff[layer] + i], posts, n_out, h1, h2, acts1, acts2,
                              o2, ob, bo, 0, t1, t2, acc)  # fmt: skip
                row = off + i * n_out
                for j in range(n_out):
                    out[p, row + j] = acc[j] * s
            b_off = off + n_in * n_out
            _generate_row(vec, zero, posts, n_out, h1, h2, acts1, acts2, o2, ob, bo, 1, t1, t2,
                          acc)  # fmt: skip
            for j in range(n_out):
                out[p, b_off + j] = acc[j] * s
            off = b_off + n_out
