"""`instinct inspect`, `instinct export` and `instinct bits`, and every strategy with every encoding
it can search, from the command line."""

import csv
import json

import numpy as np
import pytest

from instinct.cli import main
from instinct.genome import decode
from instinct.genome.fileformat import load
from instinct.kernels.forward import policy_batch
from instinct.nn import Architecture

SMALL = ["--env", "CartPole-v1", "--population", "8", "--episodes", "2", "--hidden", "5",
         "--heldout-episodes", "3", "--genome-width", "3"]  # fmt: skip
PAIRS = [(s, e) for s in ("ga", "es", "cma") for e in ("direct", "cppn", "gnet", "mask")]


@pytest.mark.parametrize("strategy, encoding", [*PAIRS, ("ga", "seeds")])
def test_every_strategy_runs_every_encoding_it_fits(strategy, encoding, tmp_path):
    argv = ["evolve", *SMALL, "--strategy", strategy, "--encoding", encoding, "--generations", "2",
            "--out", str(tmp_path), "--name", "r"]  # fmt: skip
    assert main(argv) == 0
    genome = load(tmp_path / "r" / "best.dna")
    assert genome.encoding == encoding and genome.env_id == "CartPole-v1"
    params, _ = decode(genome)
    assert params.shape == (genome.arch.num_params,) and np.isfinite(params).all()


@pytest.fixture(scope="module")
def genome_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs")
    argv = ["evolve", *SMALL, "--encoding", "mask", "--generations", "2", "--out", str(out),
            "--name", "m"]  # fmt: skip
    assert main(argv) == 0
    return out / "m" / "best.dna"


def test_inspect_prints_every_field(genome_file, capsys):
    assert main(["inspect", str(genome_file)]) == 0
    out = capsys.readouterr().out
    for field in ("encoding", "architecture", "env", "genome", "network", "compression",
                  "bits/param", "decode", "provenance", "mask", "zlib"):  # fmt: skip
        assert field in out, field
    assert "mask (distribution=signed_constant, weight_seed=0)" in out
    assert "4-5-2 (tanh hidden, argmax output)" in out
    assert "birth score" not in out
    line = next(x for x in out.splitlines() if x.startswith("description"))
    n = Architecture(4, (5,), 2).num_params
    assert f"mask_raw {n}" in line and "mask_entropy" in line and "header" in line


def test_inspect_birth_measures_held_out_episodes(genome_file, capsys):
    assert main(["inspect", str(genome_file), "--birth", "--episodes", "4"]) == 0
    line = [x for x in capsys.readouterr().out.splitlines() if x.startswith("birth score")][0]
    assert "over 4 held-out episodes" in line and "95% CI" in line


def test_inspect_of_a_bad_file_is_one_line(tmp_path, capsys):
    (tmp_path / "x.dna").write_bytes(b"hello")
    assert main(["inspect", str(tmp_path / "x.dna")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def plain_numpy_policy(npz, obs):
    """What a stranger writes from the .npz alone (docs/genome-format.md)."""
    arch = json.loads(str(npz["architecture"]))
    acts = {"tanh": np.tanh, "relu": lambda x: np.maximum(x, 0), "sin": np.sin}
    x = obs.astype(np.float64)
    layers = len(arch["sizes"]) - 1
    for layer in range(layers):
        x = x @ npz[f"W{layer}"] + npz[f"b{layer}"]
        if layer < layers - 1:
            x = acts[arch["activation"]](x)
    if arch["output"] == "argmax":
        return x.argmax(axis=1), x
    low, high = np.array(arch["act_low"]), np.array(arch["act_high"])
    return low + (np.tanh(x) + 1) / 2 * (high - low), x


@pytest.mark.parametrize("output", ["argmax", "tanh"])
def test_exported_network_runs_in_plain_numpy_like_our_kernel(output, tmp_path):
    from instinct.genome import make_encoding
    from instinct.genome.fileformat import save

    arch = Architecture(6, (9, 7), 3, "tanh", output)
    enc = make_encoding("cppn", arch, width=6)
    genome = enc.genome(enc.initial_vector(3) * 3, None, env_id="none")
    genome.mask = (np.random.default_rng(0).random(arch.num_params) < 0.7).astype(np.uint8)
    save(genome, tmp_path / "g.dna")
    assert main(["export", str(tmp_path / "g.dna"), "--out", str(tmp_path / "net.npz")]) == 0
    npz = np.load(tmp_path / "net.npz")  # allow_pickle is off: nothing in it executes
    params, mask = decode(genome)
    assert np.array_equal(npz["params"], params) and np.array_equal(npz["mask"], mask)
    obs = np.random.default_rng(1).normal(0, 1, (64, 6)).astype(np.float32)
    ours = np.zeros((64, 3), np.float32)
    hidden = np.zeros((64, 0), np.float32)
    rows, net = np.zeros(64, np.int64), arch.kernel_args()
    policy_batch(arch.policy()[1], params[None], rows, net, hidden, obs, ours)
    theirs, logits = plain_numpy_policy(npz, obs)
    if output == "argmax":
        top2 = np.sort(logits, axis=1)[:, -2:]
        clear = top2[:, 1] - top2[:, 0] > 1e-3  # a near tie may break either way
        assert np.array_equal(ours[clear, 0], theirs[clear])
    else:
        np.testing.assert_allclose(ours, theirs, atol=1e-3)


def test_bits_sweeps_a_tiny_grid_and_a_rerun_skips_finished_cells(tmp_path, capsys):
    argv = ["bits", "--env", "CartPole-v1", "--out", str(tmp_path), "--name", "t",
            "--encodings", "cppn,mask", "--sizes", "64,256", "--seeds", "1",
            "--generations", "2", "--population", "8", "--episodes", "2", "--hidden", "5",
            "--heldout-episodes", "3"]  # fmt: skip
    assert main(argv) == 0
    root = tmp_path / "bits-t"
    cells = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert cells == [
        "cppn-256-s0",
        "cppn-64-s0",
        f"mask-{(Architecture(4, (5,), 2).num_params + 7) // 8}-s0",
    ]
    with open(root / "bits.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["encoding"] for r in rows] == ["cppn", "cppn", "mask"]
    assert int(rows[0]["genome_bytes"]) <= 64 < int(rows[1]["genome_bytes"]) <= 256
    assert all(r["birth_mean"] for r in rows)
    assert (root / "bits.png").stat().st_size > 1000
    assert (root / "frontier.png").stat().st_size > 1000
    n = Architecture(4, (5,), 2).num_params
    assert rows[2]["description_kind"] == "mask_entropy" and float(rows[2]["description_bits"]) <= n
    assert rows[0]["description_kind"] in ("q2", "q4", "q8", "q16", "float32")
    assert len(rows[0]["quant_scores"].split()) == 5 and int(rows[0]["header_bits"]) > 0
    assert set(json.loads((root / "frontier.json").read_text())["encodings"]) == {"cppn", "mask"}
    capsys.readouterr()
    mtime = (root / "cppn-64-s0" / "result.json").stat().st_mtime_ns
    assert main(argv) == 0
    assert capsys.readouterr().out.count("skipped") == 3
    assert (root / "cppn-64-s0" / "result.json").stat().st_mtime_ns == mtime


def test_bits_sweeps_architectures_with_hidden_sizes(tmp_path, capsys):
    argv = ["bits", "--env", "CartPole-v1", "--out", str(tmp_path), "--name", "h",
            "--encodings", "direct,seeds", "--hidden-sizes", "none,3", "--seeds", "1",
            "--generations", "2", "--population", "8", "--episodes", "2",
            "--heldout-episodes", "3"]  # fmt: skip
    assert main(argv) == 0
    root = tmp_path / "bits-h"
    with open(root / "bits.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["encoding"], r["hidden"]) for r in rows] == [
        ("direct", "none"),
        ("seeds", "none"),
        ("direct", "3"),
        ("seeds", "3"),
    ]
    assert int(rows[0]["params"]) == Architecture(4, (), 2).num_params
    assert rows[1]["description_kind"] == "chain_index"
    chain = load(root / rows[1]["run"] / "best.dna").payload
    assert float(rows[1]["description_bits"]) == 3.0 * chain.size  # log2(8) bits per entry
    assert "first reaches 90% of the best" in capsys.readouterr().out
