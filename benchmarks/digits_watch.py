"""Watch a genome read held-out digits: the image, its answer, a running confusion matrix (GIF).

    python benchmarks/digits_watch.py GENOME.dna out.gif [--images 60] [--fps 4]

Each frame is `instinct_envs.digits.render.rgb_array` (the world's own drawing) for one held-out
image in file order: the image, the ten digits with the answer filled (green right, red wrong) and
the true digit framed, and the confusion matrix of all answers so far (rows: true digit). Answers
come from the grown network in NumPy with exact tanh (the fused rollout's rational tanh can break
a near-tie the other way); the last line printed is the accuracy over the frames shown.
"""

from __future__ import annotations

import argparse

import numpy as np
from instinct_envs.digits import dynamics as dyn
from instinct_envs.digits import render
from PIL import Image

from instinct import sgd
from instinct.genome import decode
from instinct.genome.fileformat import load


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("genome")
    ap.add_argument("out")
    ap.add_argument("--images", type=int, default=60)
    ap.add_argument("--fps", type=float, default=4.0)
    args = ap.parse_args(argv)
    genome = load(args.genome)
    params, mask = decode(genome)
    theta = (params if mask is None else params * mask)[None].astype(np.float64)
    world = dyn.DEFAULT_PARAMS
    shown = world.heldout[: args.images]
    answers = sgd.predict(genome.arch, theta, world.images[shown].astype(np.float64))[0]
    confusion = np.zeros((dyn.NUM_CLASSES, dyn.NUM_CLASSES), np.int64)
    state = np.zeros(dyn.STATE_DIM)
    frames = []
    for image, answer in zip(shown, answers, strict=True):
        confusion[world.labels[image], answer] += 1
        state[dyn.LAST_IMAGE], state[dyn.LAST_ANSWER] = image, answer
        frames.append(Image.fromarray(render.rgb_array(state, world, confusion=confusion)))
    frames[0].save(args.out, save_all=True, append_images=frames[1:],
                   duration=int(1000 / args.fps), loop=0)  # fmt: skip
    right = int(np.trace(confusion))
    print(f"{args.out}: {len(frames)} held-out images, {right} named right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
