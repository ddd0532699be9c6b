"""Known answers: frozen version-1 genome files of every encoding must keep decoding to the same
parameters, bit for bit, in this process, in a fresh one, and after a save/load round trip.
The files were written once by tests/genome/make_golden.py and are never regenerated."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from instinct.genome import ENCODINGS, decode
from instinct.genome import fileformat as ff

GOLDEN = Path(__file__).parent / "golden"
HASHES = json.loads((GOLDEN / "hashes.json").read_text())


def digest(genome) -> dict:
    params, mask = decode(genome)
    return {
        "params_sha256": hashlib.sha256(params.astype("<f4").tobytes()).hexdigest(),
        "mask_sha256": None if mask is None else hashlib.sha256(mask.tobytes()).hexdigest(),
    }


def test_every_encoding_has_a_golden_file():
    encodings = {ff.load(GOLDEN / name).encoding for name in HASHES}
    assert encodings == set(ENCODINGS)


@pytest.mark.parametrize("name", sorted(HASHES))
def test_golden_file_decodes_to_its_pinned_hash(name):
    data = (GOLDEN / name).read_bytes()
    assert data[8:10] == (1).to_bytes(2, "little")  # frozen version-1 bytes
    assert digest(ff.from_bytes(data)) == HASHES[name]


@pytest.mark.parametrize("name", sorted(HASHES))
def test_round_trip_through_save_and_load_keeps_every_bit(name, tmp_path):
    genome = ff.load(GOLDEN / name)
    ff.save(genome, tmp_path / name)
    again = ff.load(tmp_path / name)
    assert np.array_equal(again.payload, genome.payload)
    assert digest(again) == HASHES[name]


def test_decoding_is_identical_in_a_fresh_process():
    code = (
        "import json, sys; sys.path.insert(0, '.');"
        "from pathlib import Path; from instinct.genome import fileformat as ff;"
        "from tests.genome.test_golden import digest;"
        f"g = Path({str(GOLDEN)!r});"
        "print(json.dumps({p.name: digest(ff.load(p)) for p in sorted(g.glob('*.dna'))}))"
    )
    root = Path(__file__).parents[2]  # one Numba thread there: results must not depend on it
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=root, env={**os.environ, "NUMBA_NUM_THREADS": "1"})  # fmt: skip
    assert json.loads(out.stdout) == HASHES
