import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True, scope="session")
def _kernel_cache_folder(request, tmp_path_factory):
    """Per-world kernels are cached on disk: tests keep theirs out of the user's cache folder, in
    pytest's own cache folder (so a second session loads them; a module's name hashes its
    sources, so an edit never reuses a stale one), else under pytest's temporary root."""
    if "INSTINCT_CACHE_DIR" in os.environ:
        yield
        return
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("instinct-kernels") if cache else tmp_path_factory.mktemp("kernels")
    os.environ["INSTINCT_CACHE_DIR"] = str(folder)
    yield
    os.environ.pop("INSTINCT_CACHE_DIR", None)
