"""A supermask genome of under 1 KB: which connections of a fixed random network exist, evolved.

    python benchmarks/digits_supermask.py [--seeds 0,1,2] [--hidden 96] [--generations 300]
        [--out DIR]

The network is instinct's `mask` encoding (Zhou et al. 2019's signed constant: every parameter
+-1/sqrt(fan_in), signs from the weight seed): no weight is ever evolved, only one bit per
parameter, so 64-96-10 is a 902-byte genome. The bits are searched with OpenAI-ES over real scores
(a bit is on where its score is positive), for a GRADED fitness: minus the cross-entropy of the
network's softmax outputs (logits x `--temperature`, which leaves every answer as it is) on 256
training images drawn afresh each generation (the world's own
reward, 1 for a right answer, is what `instinct prune --method supermask` climbs instead). The
result is saved as an ordinary `mask` genome file; score it with
`instinct inspect DIR/supermask-sS.dna --birth --episodes 1000`. Held-out images are only scored.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from digits_common import es_maximize, genome_accuracy, wilson_text
from instinct_envs.digits import dynamics as dyn
from instinct_envs.digits import score

from instinct import sgd
from instinct.genome import make_encoding
from instinct.genome.fileformat import save
from instinct.nn import Architecture

ENV_ID = "instinct/Digits-v0"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--hidden", type=int, default=96)
    ap.add_argument("--generations", type=int, default=300)
    ap.add_argument("--pairs", type=int, default=32)
    ap.add_argument("--sigma", type=float, default=0.05)
    ap.add_argument("--step-size", type=float, default=0.01)
    ap.add_argument(
        "--temperature",
        type=float,
        default=4.0,
        help="logits are multiplied by this in the loss (argmax is unchanged)",
    )
    ap.add_argument("--probe", type=int, default=256, help="training images per generation")
    ap.add_argument("--out", default="runs/digits-supermask")
    args = ap.parse_args(argv)
    arch = Architecture(64, (args.hidden,), 10, activation="tanh", output="argmax")
    x, y = score.split_images(dyn.DEFAULT_PARAMS, "train")
    x = x.astype(np.float64)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for seed in (int(s) for s in args.seeds.split(",")):
        encoding = make_encoding("mask", arch, weight_seed=seed)

        def fitness(scores, rng, encoding=encoding):
            params, _ = encoding.grow(scores.astype(np.float32))
            params = params.astype(np.float64)
            last = arch.layers()[-1]  # scaling the output layer scales the logits
            params[:, last[0].start : last[1].stop] *= args.temperature
            probe = rng.integers(0, y.size, args.probe)
            loss, _ = sgd.loss_and_grad(arch, params, x[probe], y[probe])
            return -loss

        def report(g, fit, seed=seed):
            if (g + 1) % 50 == 0:
                print(f"seed {seed} gen {g + 1}: median fitness {np.median(fit):.3f}", flush=True)

        start = 0.1 * encoding.initial_vector(seed)
        scores = es_maximize(fitness, start, args.generations, args.pairs, args.sigma,
                             args.step_size, seed, report)  # fmt: skip
        genome = encoding.genome(scores.astype(np.float32), None, env_id=ENV_ID,
                                 provenance={"seed": seed, "run": "digits_supermask.py",
                                             "generation": args.generations})  # fmt: skip
        path = out / f"supermask-s{seed}.dna"
        save(genome, path)
        row = genome_accuracy(path)
        print(f"{path}: {row['genome_bytes']} B, held-out {wilson_text(row)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
