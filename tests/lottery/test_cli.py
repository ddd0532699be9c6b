"""`instinct prune` from the command line: user errors in one line, a real (tiny) prune."""

import numpy as np
import pytest

from instinct.cli import main
from instinct.genome import fileformat, make_encoding

from .helpers import ARCH


def one_line_error(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("instinct prune: error:")
    return err


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["prune", "no/such/thing"], "neither a run folder nor a .dna"),
        (["prune"], "give a run folder"),
        (["prune", "--env", "CartPole-v1", "--rate", "1.5"], "--rate"),
        (["prune", "--env", "CartPole-v1", "--rate", "0"], "--rate"),
        (["prune", "--env", "CartPole-v1", "--seeds", "0"], "--seeds"),
        (["prune", "--env", "NoSuchEnv-v9"], "cannot make env"),
        (["prune", "--env", "CartPole-v1", "--during", "--method", "imp"], "--during"),
    ],
)
def test_user_errors_are_one_line(capsys, tmp_path, argv, needle):
    assert needle in one_line_error(capsys, argv)


def test_bad_paths_are_one_line(capsys, tmp_path):
    (tmp_path / "folder").mkdir()
    assert "no config.toml" in one_line_error(capsys, ["prune", str(tmp_path / "folder")])
    (tmp_path / "bad.dna").write_bytes(b"not a genome")
    assert "bad magic" in one_line_error(capsys, ["prune", str(tmp_path / "bad.dna")])


def test_imp_refuses_a_genome_that_does_not_hold_its_parameters(capsys, tmp_path):
    enc = make_encoding("direct", ARCH)
    genome = enc.genome(enc.initial_vector(0), None, env_id="CartPole-v1")
    path = tmp_path / "g.dna"
    fileformat.save(genome, path)
    err = one_line_error(capsys, ["prune", str(path), "--method", "imp", "--out", str(tmp_path)])
    assert "--rewind best" in err


def test_strong_prune_of_a_genome_file_end_to_end(capsys, tmp_path):
    enc = make_encoding("direct", ARCH)
    genome = enc.genome(enc.initial_vector(0), None, env_id="CartPole-v1")
    path = tmp_path / "g.dna"
    fileformat.save(genome, path)
    out = tmp_path / "lottery"
    argv = ["prune", str(path), "--levels", "2", "--rate", "0.5", "--episodes", "3",
            "--seeds", "2", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert text.count("level  2") == 2 and "summary over seeds 0..1" in text
    for seed in (0, 1):
        folder = out / f"strong-global-r0.5-s{seed}"
        ticket = fileformat.load(folder / "level_02" / "ticket.dna")
        assert ticket.mask is not None and ticket.mask[ARCH.weight_mask()].mean() == 0.25
        assert np.all(ticket.payload == genome.payload)  # strong: weights untouched
    assert (out / "summary-strong-global-r0.5.csv").exists()
    assert main(argv) == 0  # a rerun does nothing new
    assert capsys.readouterr().out.count("(done)") == 6


def test_a_real_prune_is_reproducible_bit_for_bit(capsys, tmp_path):
    enc = make_encoding("seeds", ARCH, sigma=0.05)
    genome = enc.genome(None, [5, 6, 7], env_id="CartPole-v1")
    fileformat.save(genome, tmp_path / "g.dna")
    for out in ("a", "b"):
        argv = ["prune", str(tmp_path / "g.dna"), "--levels", "3", "--rate", "0.4",
                "--episodes", "4", "--scope", "layer", "--out", str(tmp_path / out)]  # fmt: skip
        assert main(argv) == 0
    a, b = tmp_path / "a" / "strong-layer-r0.4-s0", tmp_path / "b" / "strong-layer-r0.4-s0"
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_imp_on_a_ga_direct_run_rewinds_to_the_recorded_ancestor(capsys, tmp_path):
    from instinct.genome import decode
    from instinct.lottery import source

    evolve = ["evolve", "--env", "CartPole-v1", "--encoding", "direct", "--strategy", "ga",
              "--hidden", "6,5", "--population", "8", "--generations", "2", "--episodes", "1",
              "--heldout-episodes", "2", "--validation-episodes", "2", "--out", str(tmp_path),
              "--name", "run"]  # fmt: skip
    assert main(evolve) == 0
    src = source.load(str(tmp_path / "run"))
    start, chain = src.rewind_point("birth")
    born, _ = decode(src.genome)
    assert chain is None and not np.array_equal(start, born)
    _, arrays = src.run.load_checkpoint()
    row = int(np.flatnonzero((arrays["parents"] == born[None, :]).all(axis=1))[0])
    ancestor = int(arrays["chain_seeds"][arrays["chain_offsets"][row]])
    assert np.array_equal(start, src.encoding.initial_vector(ancestor))
    argv = ["prune", str(tmp_path / "run"), "--method", "imp", "--levels", "1", "--generations",
            "1", "--population", "4", "--train-episodes", "1", "--episodes", "2"]  # fmt: skip
    assert main(argv) == 0
    assert (tmp_path / "run" / "lottery" / "imp-global-r0.2-s0" / "curve.csv").exists()
