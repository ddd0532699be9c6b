"""Activation functions as scalar Numba functions, dispatched by an integer code.

`np.tanh` is a libm call (~10 ns) that cannot vectorise; a clamped rational (Pade 7/6)
approximation is within 1e-4 of tanh (measured in tests/kernels: largest near the clamp at
|x| = 4.97) and lets the compiler vectorise a whole layer.
"""

import numpy as np
from numba import njit

from instinct.kernels import JIT
from instinct.nn.codes import ELU, RELU, SIGMOID, SIN, TANH


@njit(inline="always", **JIT)
def fast_tanh(x):
    x = min(max(x, np.float32(-4.97)), np.float32(4.97))
    x2 = x * x
    num = x * (np.float32(135135.0) + x2 * (np.float32(17325.0) + x2 * (np.float32(378.0) + x2)))
    den = np.float32(135135.0) + x2 * (
        np.float32(62370.0) + x2 * (np.float32(3150.0) + np.float32(28.0) * x2)
    )
    return min(max(num / den, np.float32(-1.0)), np.float32(1.0))


@njit(inline="always", **JIT)
def activate(code, x):
    if code == TANH:
        return fast_tanh(x)
    if code == RELU:
        return max(x, np.float32(0.0))
    if code == SIGMOID:
        return np.float32(0.5) + np.float32(0.5) * fast_tanh(np.float32(0.5) * x)
    if code == ELU:
        return x if x > 0 else np.float32(np.exp(x) - 1.0)
    if code == SIN:
        return np.float32(np.sin(x))
    return x
