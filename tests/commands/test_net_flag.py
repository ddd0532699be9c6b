"""`--net ff|rnn|gru`: a network with memory through evolve, inspect, export and resume."""

import numpy as np
import pytest

from instinct.cli import main
from instinct.genome import decode
from instinct.genome.fileformat import load

SMALL = ["--env", "CartPole-v1", "--population", "8", "--episodes", "2", "--hidden", "4",
         "--checkpoint-every", "1", "--heldout-episodes", "4",
         "--validation-episodes", "2"]  # fmt: skip


@pytest.mark.parametrize(
    "net, strategy, encoding",
    [("gru", "ga", "seeds"), ("rnn", "es", "direct"), ("gru", "cma", "mask")],
)
def test_evolve_grows_and_keeps_a_network_with_memory(tmp_path, capsys, net, strategy, encoding):
    args = ["evolve", *SMALL, "--net", net, "--strategy", strategy, "--encoding", encoding,
            "--out", str(tmp_path), "--name", "r"]  # fmt: skip
    assert main([*args, "--generations", "2"]) == 0
    genome = load(tmp_path / "r" / "best.dna")
    assert genome.arch.kind == net and genome.arch.hidden == (4,)
    params, _ = decode(genome)
    assert params.size == genome.arch.num_params
    assert main(["inspect", str(tmp_path / "r" / "best.dna")]) == 0
    assert f" {net} " in capsys.readouterr().out
    assert main(["export", str(tmp_path / "r" / "best.dna"), "--out", str(tmp_path / "n.npz")]) == 0
    with np.load(tmp_path / "n.npz") as npz:
        assert npz["W_rec"].shape == (4, 4 * (3 if net == "gru" else 1))
    assert main(["evolve", "--resume", str(tmp_path / "r"), "--generations", "3"]) == 0


@pytest.mark.parametrize("extra, words", [
    (["--net", "gru", "--hidden", "4,4"], "one recurrent hidden layer"),
    (["--net", "rnn", "--encoding", "cppn"], "cannot grow"),
    (["--net", "lstm"], "net"),
])  # fmt: skip
def test_bad_network_choices_are_one_line_errors(tmp_path, capsys, extra, words):
    args = ["evolve", *SMALL, "--generations", "1", "--out", str(tmp_path), *extra]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
