"""The commands the kill harness attacks, each as small as still exercises its whole path:
checkpoints every other generation, a final held-out score, prune levels, bits cells."""

from __future__ import annotations

from pathlib import Path

from tests.hardening.killer import Scenario

CARTPOLE = ["--env", "CartPole-v1", "--hidden", "6,5", "--max-steps", "60"]
SMALL = ["--population", "8", "--episodes", "2", "--heldout-episodes", "4",
         "--validation-episodes", "2", "--checkpoint-every", "2"]  # fmt: skip


def evolve(strategy: str, encoding: str) -> Scenario:
    def argv(out: Path) -> list[str]:
        return ["evolve", *CARTPOLE, *SMALL, "--strategy", strategy, "--encoding", encoding,
                "--generations", "6", "--out", str(out), "--name", "run"]  # fmt: skip

    def again(out: Path) -> list[str]:
        run = out / "run"
        return ["evolve", "--resume", str(run)] if (run / "config.toml").exists() else argv(out)

    return Scenario(f"evolve-{strategy}", argv, again, folder=lambda out: out / "run")


def write_source_genome(path: Path) -> None:
    """A direct genome of a CartPole 4-6-5-2 network (the strong and supermask prunes' source)."""
    from instinct.genome import fileformat, make_encoding
    from instinct.nn import Architecture

    if path.exists():
        return
    enc = make_encoding("direct", Architecture(4, (6, 5), 2, "tanh", "argmax"))
    genome = enc.genome(enc.initial_vector(0), None, env_id="CartPole-v1")
    path.parent.mkdir(parents=True, exist_ok=True)
    fileformat.save(genome, path)


def write_source_run(folder: Path) -> None:
    """A GA run over direct genomes (imp rewinds to its recorded ancestor)."""
    from instinct.cli import main

    if (folder / "result.json").exists():
        return
    argv = ["evolve", *CARTPOLE, *SMALL, "--encoding", "direct", "--generations", "2",
            "--out", str(folder.parent), "--name", folder.name]  # fmt: skip
    assert main(argv) == 0


def prune(method: str, source: Path) -> Scenario:
    extra = [] if method == "strong" else ["--generations", "2", "--population", "8",
                                           "--train-episodes", "2"]  # fmt: skip
    levels = "2" if method != "supermask" else "1"

    def argv(out: Path) -> list[str]:
        return ["prune", str(source), "--method", method, "--levels", levels, "--rate", "0.5",
                "--episodes", "3", *extra, "--out", str(out / "lottery")]  # fmt: skip

    def setup(out: Path) -> None:
        if source.suffix == ".dna":
            write_source_genome(source)
        else:
            write_source_run(source)

    return Scenario(f"prune-{method}", argv, folder=lambda out: out / "lottery", setup=setup)


def bits() -> Scenario:
    def argv(out: Path) -> list[str]:
        return ["bits", "--env", "CartPole-v1", "--out", str(out), "--name", "t",
                "--encodings", "cppn,mask", "--sizes", "64", "--seeds", "1", "--generations",
                "2", "--population", "8", "--episodes", "2", "--hidden", "5",
                "--heldout-episodes", "3"]  # fmt: skip

    return Scenario("bits", argv, folder=lambda out: out / "bits-t")


def all_scenarios(shared: Path) -> list[Scenario]:
    return [
        evolve("ga", "seeds"),
        evolve("es", "direct"),
        evolve("cma", "direct"),
        prune("strong", shared / "source.dna"),
        prune("imp", shared / "source-run"),
        prune("supermask", shared / "source.dna"),
        bits(),
    ]
