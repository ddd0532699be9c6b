"""An initialisation good for a task: a genome evolved so that its network LEARNS digits fast.

    python benchmarks/digits_learnfast.py [--seeds 0,1,2,3,4] [--inner-steps 10]
        [--evolve-classes 0-9] [--test-classes 0-9] [--genome FILE.dna ...] [--out CSV]

The genome is the network's initial weights (64-32-10 tanh, instinct's flat layout), evolved with
OpenAI-ES (Salimans et al. 2017: antithetic pairs, centred ranks, Adam) for a fitness that is the
cross-entropy on training images AFTER `--inner-steps` steps of plain SGD on other training images
(an evolutionary MAML; `--inner-steps 0` evolves an innate classifier on the same loss). It is then
compared with standard initialisations (Kaiming normal, He et al. 2015; signed constant +-Kaiming
std, Zhou et al. 2019), and with any genome files given, by held-out accuracy after 0, 1, 10 and
100 SGD steps on training images. The SGD learning rate, one for all seeds and inits, is the one
that suits Kaiming best at 10 steps (picked on validation images from a small grid), so the
standard init gets its best case.
Transfer: `--evolve-classes 0-4 --test-classes 5-9` evolves on digits 0-4 and trains/tests on 5-9.
Every random number comes from instinct's streams of the seed; held-out images are only scored.
"""

from __future__ import annotations

import argparse
import csv

import numpy as np
from instinct_envs.digits import dynamics as dyn
from instinct_envs.digits import score

from instinct import sgd
from instinct.genome import decode
from instinct.genome.fileformat import load
from instinct.nn import Architecture
from instinct.rng import stream

ARCH = Architecture(64, (32,), 10, activation="tanh", output="argmax")
STEPS = (0, 1, 10, 100)
LR_GRID = (0.03, 0.1, 0.3, 1.0)
BATCH = 32


def classes(text: str) -> tuple[int, ...]:
    if "-" in text:
        lo, hi = (int(v) for v in text.split("-"))
        return tuple(range(lo, hi + 1))
    return tuple(int(v) for v in text.split(","))


def images_of(split: str, keep) -> tuple[np.ndarray, np.ndarray]:
    x, y = score.split_images(dyn.DEFAULT_PARAMS, split)
    m = np.isin(y, keep)
    return x[m].astype(np.float64), y[m]


def kaiming(rng, count: int) -> np.ndarray:
    """Kaiming normal weights (std sqrt(2 / fan_in)), zero biases: f64[count, D]."""
    theta = np.zeros((count, ARCH.num_params))
    for w, _, n_in, _ in ARCH.layers():
        theta[:, w] = rng.standard_normal((count, w.stop - w.start)) * np.sqrt(2.0 / n_in)
    return theta


def signed_constant(rng) -> np.ndarray:
    """+-sqrt(2 / fan_in) with random signs (Zhou et al.'s signed constant), zero biases."""
    return _constant_magnitude() * np.sign(kaiming(rng, 1))


def _constant_magnitude() -> np.ndarray:
    mag = np.zeros(ARCH.num_params)
    for w, _, n_in, _ in ARCH.layers():
        mag[w] = np.sqrt(2.0 / n_in)
    return mag


def inner_fitness(theta, train, steps, lr, rng) -> np.ndarray:
    """f64[P]: minus the loss on 256 training images after `steps` SGD steps on other ones."""
    x, y = train
    batches = rng.integers(0, y.size, (steps, BATCH))
    trained = sgd.train(ARCH, theta, x, y, batches, lr) if steps else theta
    probe = rng.integers(0, y.size, 256)
    loss, _ = sgd.loss_and_grad(ARCH, trained, x[probe], y[probe])
    return -loss


def evolve_init(seed, train, steps, lr, generations, pairs, sigma, step_size) -> np.ndarray:
    """OpenAI-ES over the initial weights, from a Kaiming draw; returns f64[D]."""
    mean = kaiming(stream(seed, 0, "init"), 1)[0]
    m, v = np.zeros_like(mean), np.zeros_like(mean)
    for g in range(generations):
        rng = stream(seed, g + 1, "ask")
        eps = rng.standard_normal((pairs, mean.size))
        pop = mean + sigma * np.concatenate([eps, -eps])
        fit = inner_fitness(pop, train, steps, lr, stream(seed, g + 1, "episodes"))
        ranks = np.empty(fit.size)
        ranks[np.argsort(fit)] = np.arange(fit.size)
        shaped = ranks / (fit.size - 1) - 0.5
        grad = -(shaped[:pairs] - shaped[pairs:]) @ eps / (2 * pairs * sigma)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        t = g + 1
        mean = mean - step_size * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return mean


def after_sgd(theta, train, test, lr, rng) -> dict[int, np.ndarray]:
    """Held-out accuracy f64[P] after each count of STEPS of SGD (one batch sequence for all)."""
    x, y = train
    batches = rng.integers(0, y.size, (max(STEPS), BATCH))
    out, done, cur = {}, 0, np.array(theta, np.float64)
    for k in STEPS:
        cur = sgd.train(ARCH, cur, x, y, batches[done:k], lr)
        done = k
        out[k] = sgd.accuracy(ARCH, cur, *test)
    return out


def pick_lr(train, val, draws: int = 32) -> float:
    """The grid learning rate at which Kaiming inits score best on validation after 10 steps,
    over `draws` inits and batch orders of their own (seed 0's control stream), so one rate
    serves every seed and favours the standard init, not the evolved one."""
    theta = kaiming(stream(0, 0, "control"), draws)
    batches = stream(0, 1, "control").integers(0, train[1].size, (10, BATCH))
    scores = [sgd.accuracy(ARCH, sgd.train(ARCH, theta, *train, batches, lr), *val).mean()
              for lr in LR_GRID]  # fmt: skip
    return LR_GRID[int(np.argmax(scores))]


def genome_params(path) -> np.ndarray:
    genome = load(path)
    if genome.arch.sizes != ARCH.sizes or genome.arch.activation != ARCH.activation:
        raise SystemExit(f"{path}: grows {genome.arch.sizes}, this experiment uses {ARCH.sizes}")
    params, mask = decode(genome)
    return (params if mask is None else params * mask).astype(np.float64)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--inner-steps", type=int, default=10)
    ap.add_argument("--generations", type=int, default=300)
    ap.add_argument("--pairs", type=int, default=32)
    ap.add_argument("--sigma", type=float, default=0.02)
    ap.add_argument("--step-size", type=float, default=0.01)
    ap.add_argument("--evolve-classes", default="0-9")
    ap.add_argument("--test-classes", default="0-9")
    ap.add_argument("--genome", nargs="*", default=[])
    ap.add_argument("--lr", type=float, default=0.0, help="SGD rate (0: the best for Kaiming)")
    ap.add_argument("--out", default="")
    args = ap.parse_args(argv)
    evo_cls, test_cls = classes(args.evolve_classes), classes(args.test_classes)
    evo_train = images_of("train", evo_cls)
    train, val, held = (images_of(s, test_cls) for s in ("train", "validation", "heldout"))
    rows = []
    lr = args.lr or pick_lr(train, val)
    for seed in (int(s) for s in args.seeds.split(",")):
        inits = {
            "kaiming normal": kaiming(stream(seed, 0, "prune"), 1),
            "signed constant": signed_constant(stream(seed, 0, "prune")),
            f"evolved to learn in {args.inner_steps} steps": evolve_init(
                seed, evo_train, args.inner_steps, lr, args.generations, args.pairs, args.sigma,
                args.step_size,
            )[None],
        }  # fmt: skip
        for path in args.genome:
            inits[f"genome {path}"] = genome_params(path)[None]
        for name, theta in inits.items():
            acc = after_sgd(theta, train, held, lr, stream(seed, 0, "heldout"))
            accs = {f"acc_{k}": acc[k][0] for k in STEPS}
            rows.append({"init": name, "seed": seed, "lr": lr, **accs})
            text = "  ".join(f"{k:>3} steps {100 * acc[k][0]:5.1f}%" for k in STEPS)
            print(f"seed {seed} lr {lr:<5} {name:<34} {text}", flush=True)
    print(f"\nheld-out images of digits {test_cls}: {held[1].size}; evolved on {evo_cls}")
    for name in dict.fromkeys(r["init"] for r in rows):
        mine = [r for r in rows if r["init"] == name]
        parts = []
        for k in STEPS:
            a = np.array([r[f"acc_{k}"] for r in mine])
            half = 1.96 * a.std(ddof=1) / np.sqrt(a.size) if a.size > 1 else 0.0
            parts.append(f"{k:>3}: {100 * a.mean():5.1f} +- {100 * half:4.1f}")
        print(f"{name:<34} " + "  ".join(parts) + f"   ({len(mine)} seeds)")
    if args.out:
        with open(args.out, "w", newline="") as f:
            w = csv.DictWriter(f, list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
