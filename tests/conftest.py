import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True, scope="session")
def _kernel_cache_folder(tmp_path_factory):
    """Per-world kernels are cached on disk: tests keep theirs out of the user's cache folder, in
    one folder per session under pytest's temporary root (which pytest prunes)."""
    if "INSTINCT_CACHE_DIR" in os.environ:
        yield
        return
    os.environ["INSTINCT_CACHE_DIR"] = str(tmp_path_factory.mktemp("kernel-cache"))
    yield
    os.environ.pop("INSTINCT_CACHE_DIR", None)
