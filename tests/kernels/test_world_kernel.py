"""The per-world kernel module cached on disk (instinct.kernels.world_kernel) gives exactly what
the generic kernel gives, from a world's reset and from a twin's start states, in this process
and in a second one that loads it from the disk cache; where no private folder exists it is not
used."""

import os
import subprocess
import sys

import instinct_envs
import numpy as np
import pytest

import instinct.kernels.world_kernel as wk
from instinct.evaluate import FusedEvaluator, architecture_for_env
from instinct.nn import network_kind

CHILD = """
import sys, numpy as np, instinct_envs
from instinct.evaluate import FusedEvaluator, architecture_for_env
from instinct.kernels import world_kernel
arch = architecture_for_env(sys.argv[1], (6,), "tanh")
params = np.random.default_rng(5).normal(0, 1, (4, arch.num_params)).astype(np.float32)
ev = FusedEvaluator(instinct_envs.WORLDS[sys.argv[1]], arch).evaluate(params, None, np.arange(5))
assert world_kernel._LOADED, "the cached module was not used"
print(repr(ev.returns.tolist()), repr(ev.lengths.tolist()))
"""


def _evaluate(world_id, kind="mlp"):
    arch = architecture_for_env(world_id, (6,), "tanh", kind)
    params = np.random.default_rng(5).normal(0, 1, (4, arch.num_params)).astype(np.float32)
    world = instinct_envs.WORLDS[world_id]
    return FusedEvaluator(world, arch).evaluate(params, None, np.arange(5, dtype=np.uint32))


@pytest.mark.parametrize(
    "world_id, kind",
    [("CartPole-v1", "mlp"), pytest.param("instinct/Hatchling-v0", "gru", marks=pytest.mark.slow)],
)
def test_the_cached_kernel_equals_the_generic_kernel(world_id, kind, monkeypatch):
    cached = _evaluate(world_id, kind)
    core = instinct_envs.WORLDS[world_id].core
    assert wk._LOADED[(core.__name__, network_kind(kind).kernel)] is not None
    with monkeypatch.context() as m:
        m.setattr(wk, "world_kernels", lambda core, kind: None)
        generic = _evaluate(world_id, kind)
    assert np.array_equal(cached.returns, generic.returns)
    assert np.array_equal(cached.lengths, generic.lengths)
    assert np.array_equal(cached.outcomes, generic.outcomes)
    assert len(np.unique(cached.lengths)) > 1  # the networks act differently: not vacuous


@pytest.mark.slow
def test_a_second_process_loads_the_kernel_from_disk_and_agrees(tmp_path):
    env = {**os.environ, "INSTINCT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("NUMBA_CACHE_DIR", None)  # Numba caches beside the generated module
    runs = [
        subprocess.run(
            [sys.executable, "-c", CHILD, "CartPole-v1"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        ).stdout  # fmt: skip
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and runs[0].strip()
    modules = list((tmp_path / "cache" / "kernels").glob("*.py"))
    assert len(modules) == 1  # the second process reused the first one's module
    assert any((tmp_path / "cache" / "kernels" / "__pycache__").glob("*.nbi"))


def test_no_private_folder_no_cached_module(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    (shared / "kernels").mkdir(parents=True)
    (shared / "kernels").chmod(0o777)  # others may write: a planted module would run
    monkeypatch.setenv("INSTINCT_CACHE_DIR", str(shared))
    monkeypatch.setattr(wk, "_LOADED", {})
    core = instinct_envs.WORLDS["CartPole-v1"].core
    assert wk.world_kernels(core, "instinct.kernels.mlp") is None
    assert not list((shared / "kernels").iterdir())
