import pytest

from instinct.cli import main


def test_bench_runs_both_paths_on_a_twin(capsys):
    args = ["bench", "--env", "CartPole-v1", "--population", "8", "--hidden", "4", "--rounds",
            "2", "--repeats", "1", "--min-seconds", "0.01", "--gym-population", "2"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    for word in ("balanced: mean episode length", "gen0: mean episode length", "fused", "gym"):
        assert word in out
    assert out.count("returns identical (first 2 networks): True") == 2


@pytest.mark.parametrize(
    "bad",
    [["--workloads", "fast"], ["--rounds", "0"], ["--env", "Taxi-v3"], ["--reference", "nope.py"]],
)
def test_bench_refuses_bad_input_in_one_line(bad, capsys):
    assert main(["bench", "--env", "CartPole-v1", *bad]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
