"""Counter-based randomness and cheap math for the Hatchling core.

Every random number of an episode is a pure function of (episode key, counter, purpose): the
splitmix64 finaliser (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
generators") applied twice. No generator state exists, so a beach and its sensor noise are the
same in any process and any thread, whatever order agents are stepped in.

The math stand-ins keep libm out of the per-step hot path: atan as two rationals (~5e-3 rad),
sin/cos of one step's turn as a Taylor series, log10 from the float's exponent bits plus a
polynomial on the mantissa (< 1e-6). With NUMBA_DISABLE_JIT=1 plain-Python versions stand in.
"""

import numpy as np
from instinct_envs.numba_cache import cache_enabled
from llvmlite import ir
from numba import config, njit, types
from numba.extending import intrinsic

JIT = {
    "cache": cache_enabled(__file__),  # False only where no cache folder is writable
    # fastmath without nnan/ninf, so NaN checks keep working.
    "fastmath": {"nsz", "arcp", "contract", "afn", "reassoc"},
    "error_model": "numpy",
}

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_S30, _S27, _S31, _S32 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(32)
_S11, _S16 = np.uint64(11), np.uint64(16)
_LOW16 = np.uint64(0xFFFF)

# Purposes, so that draws for different uses never share a counter.
BEACH, NOISE, PREDATION, ROUGH = 1, 2, 3, 4


@njit(inline="always", **JIT)
def mix64(z):
    """The splitmix64 finaliser: a bijection on uint64 that scrambles every bit."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(inline="always", **JIT)
def stream(key, purpose):
    """The base of the counter stream for (key < 2**32, purpose)."""
    return mix64(np.uint64(key) ^ (np.uint64(purpose) << _S32))


@njit(inline="always", **JIT)
def draw(base, counter):
    """uint64 number `counter` of the stream `base`."""
    return mix64(base + np.uint64(counter) * GOLDEN)


@njit(inline="always", **JIT)
def hash3(key, counter, purpose):
    """uint64 hash of (key < 2**32, counter, purpose)."""
    return draw(stream(key, purpose), counter)


if config.DISABLE_JIT:  # wrapping uint64 arithmetic in Python ints, without overflow warnings
    _MASK = (1 << 64) - 1

    def mix64(z):
        z = int(z)
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return np.uint64(z ^ (z >> 31))

    def stream(key, purpose):
        return mix64(int(key) ^ (int(purpose) << 32))

    def draw(base, counter):
        return mix64((int(base) + int(counter) * 0x9E3779B97F4A7C15) & _MASK)


@njit(inline="always", **JIT)
def uniform(key, counter, purpose):
    """A float64 in [0, 1) with 53 random bits."""
    # Through int64: a uint64 -> float conversion is emulated with branches on x86.
    return np.float64(np.int64(hash3(key, counter, purpose) >> _S11)) * (1.0 / 9007199254740992.0)


@njit(inline="always", **JIT)
def quarter(h, i):
    """The i-th (0..3) 16-bit slice of a hash as a zero-mean, unit-variance uniform deviate."""
    u = np.float64(np.int64((h >> (_S16 * np.uint64(i))) & _LOW16)) * (1.0 / 65536.0)
    return (u - 0.5 + 0.5 / 65536.0) * 3.4641016151377544  # sqrt(12)


@njit(**JIT)
def normal(key, counter, purpose):
    """A standard normal deviate (Box-Muller from two counters): reset only, not per step."""
    u1 = 1.0 - uniform(key, counter, purpose)
    u2 = uniform(key, counter + 1, purpose)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


@njit(inline="always", **JIT)
def fast_atan_pos(x):
    """atan(x) for x >= 0, max error ~4e-3 rad (two-branch rational)."""
    if x <= 1.0:
        return x / (1.0 + 0.28 * x * x)
    return 0.5 * np.pi - x / (x * x + 0.28)


@njit(inline="always", **JIT)
def sin_cos_small(a):
    """(sin a, cos a) by Taylor series; error < 3e-6 for |a| <= 1.3 rad (one step's turn)."""
    a2 = a * a
    s = a * (1.0 - a2 / 6.0 * (1.0 - a2 / 20.0 * (1.0 - a2 / 42.0 * (1.0 - a2 / 72.0))))
    c = 1.0 - a2 / 2.0 * (1.0 - a2 / 12.0 * (1.0 - a2 / 30.0 * (1.0 - a2 / 56.0)))
    return s, c


@intrinsic
def _bits_of(typingctx, x):
    """The int64 bit pattern of a float64 (an LLVM bitcast: free)."""
    if x != types.float64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))

    return types.int64(types.float64), codegen


@intrinsic
def _float_of(typingctx, b):
    """The float64 with a given int64 bit pattern."""
    if b != types.int64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())

    return types.float64(types.int64), codegen


if config.DISABLE_JIT:  # plain-Python stand-ins, for coverage runs

    def _bits_of(x):
        return int(np.float64(x).view(np.int64))

    def _float_of(b):
        return float(np.int64(b).view(np.float64))


@njit(inline="always", **JIT)
def fast_log10(x):
    """log10(x) for a positive normal float64: exponent bits plus a degree-6 Chebyshev fit of
    log10 on the mantissa (error < 7e-7); no libm call and no division."""
    b = _bits_of(x)
    e = np.float64((b >> 52) - 1023)
    z = _float_of((b & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000) - 1.5  # mantissa - 1.5
    p = -0.007563008267710883
    p = p * z + 0.013224118516736006
    p = p * z - 0.021249556483660306
    p = p * z + 0.04266134578571011
    p = p * z - 0.09651995371958895
    p = p * z + 0.28953704351249016
    p = p * z + 0.17609133875248145
    return p + e * 0.30102999566398120
