"""`instinct export FILE [--format npz|onnx] [--out FILE] [--mask apply|separate]`: the network a
genome grows, for use anywhere NumPy (or an ONNX runtime) runs. `instinct.export` is the same call.

The .npz (no pickle: load it with `numpy.load(path)`, `allow_pickle` off) holds:

    params        f32[D]   the grown parameters, with the mask already applied (instinct's layout;
                           with --mask separate, the grown values, the mask not applied)
    mask          u8[D]    1 where a parameter exists (all ones when the genome has no mask)
    W0, b0, ...   f32      layer l's weights [in, out] and biases [out], sliced from params
    W0_mask, ...  u8       with --mask separate only: each array's mask
    architecture  str      JSON: sizes, activation, output ("argmax" or "tanh"), act_low, act_high
    meta          str      JSON: encoding, settings, env id, genome sha256, provenance, birth score,
                           mask ("apply" or "separate")

The forward pass is `x = act(x @ W_l + b_l)` for every layer but the last, which is linear; then
argmax (Discrete actions) or `low + (tanh(y) + 1) / 2 * (high - low)` (Box actions). See
docs/genome-format.md for it as a dozen lines of NumPy; instinct's own kernel matches it to 1e-4
(it uses a rational tanh).

A network with memory (architecture "net": "rnn" or "gru") also holds W_in, b, W_rec, W_out,
b_out (the same numbers as W0, b0, W1, W2, b2); `instinct.nn.recurrent.numpy_step(arrays, obs,
h)`
is its step in plain NumPy (h starts at zeros(hidden) every episode), and matches our kernel.

`--format onnx` writes an ONNX model instead (instinct/onnx_export.py: inputs obs and, with
memory, h; outputs action, raw and h_out), for the mlp, rnn and gru kinds; it needs the onnx
package (`pip install 'instinct[onnx]'`).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

FORMATS = ("npz", "onnx")


def add_parser(sub):
    p = sub.add_parser(
        "export",
        help="write the network a genome grows as a plain .npz or an ONNX model",
        description="Decode a .dna genome and write the grown network: an .npz readable by "
        "plain NumPy (flat parameters, mask, per-layer W/b, the architecture as JSON), or an ONNX "
        "model (needs the onnx package) that computes the actions instinct's kernel computes.",
    )
    p.add_argument("file", metavar="RUN_OR_GENOME",
                   help="a .dna genome file, or a run folder (its best.dna)")  # fmt: skip
    p.add_argument("--format", choices=FORMATS, default="npz",
                   help="npz (default) or onnx")  # fmt: skip
    p.add_argument("--out", default=None,
                   help="output file (default: FILE with the format's suffix)")  # fmt: skip
    p.add_argument("--mask", choices=("apply", "separate"), default="apply",
                   help="apply: masked-off weights are zeros (default); separate: the grown "
                   "weights and the mask as their own arrays")  # fmt: skip
    p.set_defaults(func=run)


def network_arrays(genome, mask_mode: str = "apply") -> dict:
    """Everything the .npz holds, as arrays (strings as 0-d unicode arrays). mask_mode "apply":
    params, W and b hold zeros where the mask is off; "separate": the grown values, with
    per-array masks `W0_mask`, `b0_mask`... (u8) beside the flat `mask`."""
    from instinct.genome import decode
    from instinct.nn.recurrent import is_recurrent

    params, mask = decode(genome)
    arch = genome.arch
    mask = np.ones(arch.num_params, np.uint8) if mask is None else (mask != 0).astype(np.uint8)
    if mask_mode == "apply":
        params = np.where(mask != 0, params, np.float32(0.0))
    params = params.astype(np.float32)
    arrays = {"params": params, "mask": mask}
    for layer, (w, b, n_in, n_out) in enumerate(arch.layers()):
        arrays[f"W{layer}"] = params[w].reshape(n_in, n_out)
        arrays[f"b{layer}"] = params[b]
        if mask_mode == "separate":
            arrays[f"W{layer}_mask"] = mask[w].reshape(n_in, n_out)
            arrays[f"b{layer}_mask"] = mask[b]
    if is_recurrent(arch):  # a network with memory: its blocks by name
        for name, layer in (("W_in", "W0"), ("b", "b0"), ("W_rec", "W1"), ("W_out", "W2"),
                            ("b_out", "b2")):  # fmt: skip
            arrays[name] = arrays[layer]
    arch_json = {**arch.to_dict(), "sizes": list(arch.sizes)}
    arrays["architecture"] = np.array(json.dumps(arch_json, sort_keys=True))
    arrays["meta"] = np.array(json.dumps({**genome_meta(genome), "mask": mask_mode},
                                         sort_keys=True))  # fmt: skip
    return arrays


def genome_meta(genome) -> dict:
    """Where the network came from: encoding, settings, env id, genome hash, birth score."""
    from instinct.genome.fileformat import payload_hash

    return {
        "encoding": genome.encoding,
        "settings": genome.settings,
        "env_id": genome.env_id,
        "genome_sha256": payload_hash(genome.payload),
        "provenance": genome.provenance,
        "birth_score": genome.birth_score,
    }


def export_bytes(genome, fmt: str = "npz", mask_mode: str = "apply") -> bytes:
    """The file `instinct export` writes for a genome, as bytes."""
    from instinct.errors import InstinctError

    if fmt not in FORMATS:
        raise InstinctError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if mask_mode not in ("apply", "separate"):
        raise InstinctError(f"mask must be apply or separate, got {mask_mode!r}")
    if fmt == "onnx":
        from instinct.genome import decode
        from instinct.onnx_export import onnx_bytes, require_onnx

        require_onnx()  # before decoding: a missing package is the first thing to say
        params, mask = decode(genome)
        return onnx_bytes(genome.arch, params, mask, mask_mode, genome_meta(genome))
    buf = io.BytesIO()
    np.savez(buf, **network_arrays(genome, mask_mode))
    return buf.getvalue()


def write_export(genome, out, fmt: str = "npz", mask_mode: str = "apply") -> Path:
    """Write `export_bytes` to `out` atomically (its suffix must be the format's)."""
    from instinct.atomic import write_bytes
    from instinct.errors import InstinctError

    out = Path(out)
    if out.suffix != f".{fmt}":
        raise InstinctError(f"--out must end in .{fmt} for --format {fmt}, got {out}")
    if out.is_dir():
        raise InstinctError(f"--out {out} is a folder")
    data = export_bytes(genome, fmt, mask_mode)
    try:
        write_bytes(out, data)
    except OSError as e:
        raise InstinctError(f"cannot write {out}: {e.strerror}") from None
    return out


def run(args):
    from instinct.commands.inspect import genome_path
    from instinct.genome.fileformat import load

    args.file = genome_path(args.file)
    genome = load(args.file)
    fmt = args.format
    out = Path(args.out) if args.out else Path(args.file).with_suffix(f".{fmt}")
    out = write_export(genome, out, fmt, args.mask)
    arch = genome.arch
    print(f"wrote {out}: network {'-'.join(map(str, arch.sizes))}, {arch.num_params} parameters "
          f"({4 * arch.num_params} bytes float32) grown from a {genome.num_bytes}-byte "
          f"{genome.encoding} genome")  # fmt: skip
    return 0
