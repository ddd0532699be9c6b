"""Every Numba kernel of the library: activations, the forward pass, the fused rollout."""

# fastmath without nnan/ninf: NaN checks keep working, while loops still vectorise.
FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}
JIT = {"cache": True, "fastmath": FASTMATH, "error_model": "numpy"}
