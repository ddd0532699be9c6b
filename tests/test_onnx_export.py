"""ONNX export (instinct/onnx_export.py, `instinct export --format onnx`, `instinct.export`): every
zoo genome's model, run by onnxruntime, gives our kernel's outputs to 1e-5, and so do networks with
memory (rnn, gru) step after step; bad input gives one line, not a traceback."""

import builtins
import json
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

import instinct
from instinct.cli import main
from instinct.genome import decode
from instinct.genome.fileformat import load
from instinct.network import Network
from instinct.nn import Architecture

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

ZOO = sorted((Path(__file__).parent.parent / "genomes").glob("*.dna"))
TOL = 1e-5


def session(path):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def observations(n, dim, seed=0):
    return np.random.default_rng(seed).normal(0.0, 1.5, (n, dim)).astype(np.float32)


def own_observations(genome, net, envs=32, steps=60):
    """What the network sees on its own world: `steps` steps of `envs` episodes it drives."""
    vec = gym.make_vec(genome.env_id, num_envs=envs)
    obs, _ = vec.reset(seed=0)
    seen = []
    for _ in range(steps):
        seen.append(obs)
        obs, *_ = vec.step(net.act(obs))
    vec.close()
    return np.concatenate(seen).astype(np.float32)


@pytest.mark.parametrize("path", ZOO, ids=[p.stem for p in ZOO])
def test_every_zoo_genome_exports_to_onnx_matching_our_forward_pass(path, tmp_path):
    # On the observations of its own episodes; on synthetic N(0, 1.5) inputs the 17-128-64-2
    # CPPN net's float32 sums (another summation order) differ by up to ~1.4e-5.
    genome = load(path)
    arch = genome.arch
    out = instinct.export(path, tmp_path / "net.onnx")
    params, mask = decode(genome)
    net = Network(arch, params, mask)
    obs = own_observations(genome, net)
    action, raw = session(out).run(["action", "raw"], {"obs": obs})
    ours = net.act(obs)
    if net.discrete:
        top2 = np.sort(raw, axis=1)[:, -2:]
        clear = top2[:, 1] - top2[:, 0] > 1e-4  # a near tie may break either way
        assert action.dtype == np.int64 and np.array_equal(action[clear], ours[clear])
        assert clear.mean() > 0.99
    else:
        np.testing.assert_allclose(action, ours, rtol=0, atol=TOL)
    meta = {p.key: p.value for p in onnx.load(str(out)).metadata_props}
    assert json.loads(meta["architecture"])["sizes"] == list(arch.sizes)
    assert json.loads(meta["env_id"]) == genome.env_id


def test_separate_mask_keeps_weights_and_mask_apart_with_the_same_outputs(tmp_path):
    path = next(p for p in ZOO if p.stem == "hatchling-mask")
    genome = load(path)
    applied = instinct.export(genome, tmp_path / "a.onnx")
    separate = instinct.export(genome, tmp_path / "s.onnx", mask="separate")
    obs = observations(64, genome.arch.obs_dim)
    a = session(applied).run(["action"], {"obs": obs})[0]
    s = session(separate).run(["action"], {"obs": obs})[0]
    np.testing.assert_array_equal(a, s)
    names = {i.name for i in onnx.load(str(separate)).graph.initializer}
    assert {"W0", "W0_mask", "b0_mask"} <= names
    params, mask = decode(genome)
    npz = np.load(instinct.export(genome, tmp_path / "s.npz", mask="separate"))
    assert np.array_equal(npz["params"], params) and np.array_equal(npz["mask"], mask)
    w, _, n_in, n_out = genome.arch.layers()[0]
    assert np.array_equal(npz["W0_mask"], mask[w].reshape(n_in, n_out))
    assert json.loads(str(npz["meta"]))["mask"] == "separate"


@pytest.mark.parametrize("kind", ["gru", "rnn"])
@pytest.mark.parametrize("output", ["tanh", "argmax"])
def test_networks_with_memory_match_our_kernel_step_after_step(kind, output, tmp_path):
    from instinct.onnx_export import onnx_bytes

    arch = Architecture(5, (7,), 3, "tanh", output, kind=kind)
    rng = np.random.default_rng(3)
    params = rng.normal(0, 0.8, arch.num_params).astype(np.float32)
    mask = (rng.random(arch.num_params) < 0.8).astype(np.uint8)
    (tmp_path / "m.onnx").write_bytes(onnx_bytes(arch, params, mask))
    sess = session(tmp_path / "m.onnx")
    net = Network(arch, params, mask)
    n = 16
    h = np.zeros((n, arch.hidden[0]), np.float32)
    for t in range(12):
        obs = observations(n, arch.obs_dim, seed=t)
        action, raw, h = sess.run(["action", "raw", "h_out"], {"obs": obs, "h": h})
        ours = net.act(obs)
        np.testing.assert_allclose(h, net._hidden, rtol=0, atol=TOL)
        if output == "argmax":
            top2 = np.sort(raw, axis=1)[:, -2:]
            clear = top2[:, 1] - top2[:, 0] > 1e-4
            assert np.array_equal(action[clear], ours[clear])
        else:
            np.testing.assert_allclose(action, ours, rtol=0, atol=TOL)


def test_cli_writes_onnx_and_refuses_bad_input_in_one_line(tmp_path, capsys):
    src = next(p for p in ZOO if p.stem == "hatchling-v1-linear")
    out = tmp_path / "linear.onnx"
    assert main(["export", str(src), "--format", "onnx", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out and out.stat().st_size > 0
    bad = tmp_path / "bad.dna"
    bad.write_bytes(b"not a genome")
    for argv in (["export", str(bad), "--format", "onnx", "--out", str(tmp_path / "x.onnx")],
                 ["export", str(src), "--format", "onnx", "--out", str(tmp_path / "x.npz")],
                 ["export", str(tmp_path / "missing.dna"), "--format", "onnx"]):  # fmt: skip
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_missing_onnx_package_is_one_line_saying_how_to_install(tmp_path, capsys, monkeypatch):
    real_import = builtins.__import__

    def no_onnx(name, *args, **kwargs):
        if name == "onnx" or name.startswith("onnx."):
            raise ImportError("No module named 'onnx'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnx)
    src = next(p for p in ZOO if p.stem == "hatchling-v1-linear")
    assert main(["export", str(src), "--format", "onnx", "--out", str(tmp_path / "x.onnx")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pip install" in err
    assert not (tmp_path / "x.onnx").exists()
