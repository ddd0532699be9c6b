"""The `--threads` flag of every command that runs Numba kernels (results never depend on it)."""

from instinct.errors import InstinctError


def set_threads(n: int) -> None:
    import numba

    if not 1 <= n <= numba.config.NUMBA_NUM_THREADS:
        raise InstinctError(
            f"--threads must be between 1 and {numba.config.NUMBA_NUM_THREADS}, got {n}"
        )
    numba.set_num_threads(n)
