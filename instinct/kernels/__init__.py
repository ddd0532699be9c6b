"""Every Numba kernel of the library: activations, the forward pass, the fused rollout."""

from instinct_envs.numba_cache import cache_enabled

# fastmath without nnan/ninf: NaN checks keep working, while loops still vectorise.
FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}
# cache: False only where no cache folder is writable (a read-only install, see numba_cache).
JIT = {"cache": cache_enabled(__file__), "fastmath": FASTMATH, "error_model": "numpy"}
