"""`instinct export FILE --out net.npz`: the network a genome grows, for use anywhere NumPy runs.

The .npz (no pickle: load it with `numpy.load(path)`, `allow_pickle` off) holds:

    params        f32[D]   the grown parameters, with the mask already applied (instinct's layout)
    mask          u8[D]    1 where a parameter exists (all ones when the genome has no mask)
    W0, b0, ...   f32      layer l's weights [in, out] and biases [out], sliced from params
    architecture  str      JSON: sizes, activation, output ("argmax" or "tanh"), act_low, act_high
    meta          str      JSON: encoding, settings, env id, genome sha256, provenance, birth score

The forward pass is `x = act(x @ W_l + b_l)` for every layer but the last, which is linear; then
argmax (Discrete actions) or `low + (tanh(y) + 1) / 2 * (high - low)` (Box actions). See
docs/genome-format.md for it as a dozen lines of NumPy; instinct's own kernel matches it to 1e-4
(it uses a rational tanh).

A network with memory (architecture "net": "rnn" or "gru") also holds W_in, b, W_rec, W_out,
b_out (the same numbers as W0, b0, W1, W2, b2); `instinct.nn.recurrent.numpy_step(arrays, obs,
h)`
is its step in plain NumPy (h starts at zeros(hidden) every episode), and matches our kernel.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np


def add_parser(sub):
    p = sub.add_parser(
        "export",
        help="write the network a genome grows as a plain .npz (parameters, mask, architecture)",
        description="Decode a .dna genome and write the grown network as an .npz readable by "
        "plain NumPy: flat parameters, mask, per-layer W/b, and the architecture as JSON.",
    )
    p.add_argument("file", metavar="RUN_OR_GENOME",
                   help="a .dna genome file, or a run folder (its best.dna)")  # fmt: skip
    p.add_argument("--out", default=None, help="output .npz (default: FILE with .npz suffix)")
    p.set_defaults(func=run)


def network_arrays(genome) -> dict:
    """Everything the .npz holds, as arrays (strings as 0-d unicode arrays)."""
    from instinct.genome import decode
    from instinct.genome.fileformat import payload_hash
    from instinct.nn.recurrent import is_recurrent

    params, mask = decode(genome)
    arch = genome.arch
    mask = np.ones(arch.num_params, np.uint8) if mask is None else (mask != 0).astype(np.uint8)
    params = np.where(mask != 0, params, np.float32(0.0)).astype(np.float32)
    arrays = {"params": params, "mask": mask}
    for layer, (w, b, n_in, n_out) in enumerate(arch.layers()):
        arrays[f"W{layer}"] = params[w].reshape(n_in, n_out)
        arrays[f"b{layer}"] = params[b]
    if is_recurrent(arch):  # a network with memory: its blocks by name
        for name, layer in (("W_in", "W0"), ("b", "b0"), ("W_rec", "W1"), ("W_out", "W2"),
                            ("b_out", "b2")):  # fmt: skip
            arrays[name] = arrays[layer]
    arch_json = {**arch.to_dict(), "sizes": list(arch.sizes)}
    meta = {
        "encoding": genome.encoding,
        "settings": genome.settings,
        "env_id": genome.env_id,
        "genome_sha256": payload_hash(genome.payload),
        "provenance": genome.provenance,
        "birth_score": genome.birth_score,
    }
    arrays["architecture"] = np.array(json.dumps(arch_json, sort_keys=True))
    arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
    return arrays


def run(args):
    from instinct.atomic import write_bytes
    from instinct.commands.inspect import genome_path
    from instinct.errors import InstinctError
    from instinct.genome.fileformat import load

    args.file = genome_path(args.file)
    genome = load(args.file)
    out = Path(args.out) if args.out else Path(args.file).with_suffix(".npz")
    if out.suffix != ".npz":
        raise InstinctError(f"--out must end in .npz, got {out}")
    if out.is_dir():
        raise InstinctError(f"--out {out} is a folder")
    buf = io.BytesIO()
    np.savez(buf, **network_arrays(genome))
    try:
        write_bytes(out, buf.getvalue())
    except OSError as e:
        raise InstinctError(f"cannot write {out}: {e.strerror}") from None
    arch = genome.arch
    print(f"wrote {out}: network {'-'.join(map(str, arch.sizes))}, {arch.num_params} parameters "
          f"({4 * arch.num_params} bytes float32) grown from a {genome.num_bytes}-byte "
          f"{genome.encoding} genome")  # fmt: skip
    return 0
