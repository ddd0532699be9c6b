"""Write the frozen golden genome files under tests/genome/golden/ (run once, never to "fix" one).

    PYTHONPATH=. python tests/genome/make_golden.py

Each file is a version-1 .dna genome of one encoding; hashes.json pins the SHA-256 of the float32
parameters (and the u8 mask) it decodes to. tests/genome/test_golden.py checks that today's code
still loads every file to exactly those bytes. If a change to decoding breaks that, the change is
wrong (or needs a new format version with its own loader), not the golden file.
"""

import hashlib
import json
from pathlib import Path

import numpy as np

from instinct.genome import decode, make_encoding, mutate
from instinct.genome import fileformat as ff
from instinct.nn import Architecture

GOLDEN = Path(__file__).parent / "golden"
ARCH = Architecture(5, (7, 6), 3, "tanh", "argmax")
BOX = Architecture(4, (6,), 2, "sin", "tanh", (-1.0, 0.0), (1.0, 2.0))


def golden_genomes() -> dict:
    prov = {"run": "golden", "generation": 2, "seed": 11}
    out = {}
    out["seeds"] = make_encoding("seeds", ARCH, sigma=0.05).genome(None, [12345, 678, 91011])
    for name, arch, settings in [
        ("direct", ARCH, {}),
        ("cppn", ARCH, {"width": 4, "depth": 2}),
        ("cppn-d1-box", BOX, {"width": 3, "depth": 1}),
        ("gnet", ARCH, {"width": 4, "depth": 1, "code_dim": 3}),
        ("gnet-d2", ARCH, {"width": 3, "depth": 2}),
        ("mask", ARCH, {"weight_seed": 7}),
        ("mask-normal", BOX, {"weight_seed": 8, "distribution": "normal"}),
    ]:
        enc = make_encoding(name.split("-")[0], arch, **settings)
        vector = mutate(enc.initial_vector(21), 22, 0.3)
        out[name] = enc.genome(vector, None)
    lottery = make_encoding("direct", ARCH).genome(mutate(np.zeros(111, np.float32), 5, 1.0), None)
    lottery.mask = (np.random.Generator(np.random.PCG64(9)).random(111) < 0.4).astype(np.uint8)
    out["direct-masked"] = lottery
    for g in out.values():
        g.env_id, g.provenance, g.birth_score = "CartPole-v1", dict(prov), {"mean_return": 1.0}
    return out


def digest(genome) -> dict:
    params, mask = decode(genome)
    return {
        "params_sha256": hashlib.sha256(params.astype("<f4").tobytes()).hexdigest(),
        "mask_sha256": None if mask is None else hashlib.sha256(mask.tobytes()).hexdigest(),
    }


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    hashes = {}
    for name, genome in golden_genomes().items():
        path = GOLDEN / f"{name}.dna"
        if path.exists():
            raise SystemExit(f"{path} exists: golden files are frozen, never regenerated")
        ff.save(genome, path)
        hashes[path.name] = digest(ff.load(path))
    (GOLDEN / "hashes.json").write_text(json.dumps(hashes, indent=2, sort_keys=True) + "\n")
    print(f"wrote {len(hashes)} golden genomes to {GOLDEN}")
