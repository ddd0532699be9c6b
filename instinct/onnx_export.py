"""The network a genome grows as an ONNX model (`instinct export --format onnx`, `instinct.export`).

Built with the `onnx` package's helpers (make_node / make_graph / make_model), opset 17, for every
network kind instinct ships: the feed-forward `mlp` and the recurrent `rnn` and `gru`. The model
computes what instinct's kernels compute, float32, batch first (the batch size N is free):

    inputs   obs f32[N, obs_dim]          and, for rnn / gru, h f32[N, hidden] (zeros at an
                                          episode start)
    outputs  action                       i64[N] (Discrete: argmax of raw) or f32[N, act_dim]
                                          (Box: low + (tanh(raw) + 1) / 2 * (high - low))
             raw f32[N, act_dim]          the last layer's outputs before the action mapping
             h_out f32[N, hidden]         rnn / gru: the hidden state to feed back next step

tanh (and sigmoid, as (1 + tanh(x / 2)) / 2) is instinct's own clamped rational tanh
(`instinct.kernels.activations.fast_tanh`, within 1e-4 of tanh) spelled out in ONNX operators,
so the model's actions are the actions the birth score was measured with (tested to 1e-5 with
onnxruntime), not merely close to them. mask="apply" folds the genome's mask into the weights;
mask="separate" stores the grown weights and the mask as their own initializers
(`W0` and `W0_mask`, ...) and multiplies them in the graph, for tools that prune or inspect.
The architecture and provenance JSON ride along as the model's metadata_props.
"""

from __future__ import annotations

import json

import numpy as np

from instinct.errors import InstinctError

OPSET = 17
IR_VERSION = 8  # what onnxruntime releases since 1.10 read
MASK_MODES = ("apply", "separate")


def require_onnx():
    """The onnx module, or a one-line InstinctError saying how to install it."""
    try:
        import onnx
    except ImportError:
        raise InstinctError(
            "ONNX export needs the onnx package: pip install 'instinct[onnx]' (or pip install onnx)"
        ) from None
    return onnx


class _Graph:
    """Nodes and initializers under construction, with fresh names."""

    def __init__(self, onnx):
        self.onnx = onnx
        self.h = onnx.helper
        self.nodes = []
        self.inits = []
        self._n = 0
        self._consts: dict[float, str] = {}

    def name(self, stem: str) -> str:
        self._n += 1
        return f"{stem}_{self._n}"

    def init(self, name: str, array) -> str:
        array = np.asarray(array)
        self.inits.append(self.onnx.numpy_helper.from_array(array, name))
        return name

    def const(self, value: float) -> str:
        if value not in self._consts:
            self._consts[value] = self.init(f"c_{len(self._consts)}", np.float32(value))
        return self._consts[value]

    def op(self, op_type: str, *inputs: str, out: str | None = None, **attrs) -> str:
        out = out or self.name(op_type.lower())
        self.nodes.append(self.h.make_node(op_type, list(inputs), [out], **attrs))
        return out

    def weight(self, name: str, values, mask, separate: bool) -> str:
        """An initializer of parameters; with `separate`, times its mask in the graph."""
        values = np.ascontiguousarray(values, np.float32)
        if not separate:
            return self.init(name, np.where(mask != 0, values, np.float32(0.0)).astype(np.float32))
        w = self.init(name, values)
        m = self.init(f"{name}_mask", (mask != 0).astype(np.float32))
        return self.op("Mul", w, m, out=f"{name}_masked")

    # -- instinct's activations -----------------------------------------------------------------
    def tanh(self, x: str) -> str:
        """fast_tanh: clamp to +-4.97, Pade 7/6, clamp to +-1 (the kernels' order of operations)."""
        c = self.op("Clip", x, self.const(-4.97), self.const(4.97))
        x2 = self.op("Mul", c, c)
        num = self.op("Add", self.const(378.0), x2)
        num = self.op("Add", self.const(17325.0), self.op("Mul", x2, num))
        num = self.op("Add", self.const(135135.0), self.op("Mul", x2, num))
        num = self.op("Mul", c, num)
        den = self.op("Add", self.const(3150.0), self.op("Mul", self.const(28.0), x2))
        den = self.op("Add", self.const(62370.0), self.op("Mul", x2, den))
        den = self.op("Add", self.const(135135.0), self.op("Mul", x2, den))
        return self.op("Clip", self.op("Div", num, den), self.const(-1.0), self.const(1.0))

    def sigmoid(self, x: str) -> str:
        half = self.const(0.5)
        t = self.tanh(self.op("Mul", half, x))
        return self.op("Add", half, self.op("Mul", half, t))

    def activate(self, activation: str, x: str) -> str:
        if activation == "tanh":
            return self.tanh(x)
        if activation == "sigmoid":
            return self.sigmoid(x)
        if activation == "relu":
            return self.op("Relu", x)
        if activation == "elu":
            return self.op("Elu", x, alpha=1.0)
        if activation == "sin":
            return self.op("Sin", x)
        if activation == "linear":
            return self.op("Identity", x)
        raise InstinctError(f"ONNX export does not know the activation {activation!r}")

    def dense(self, x: str, w: str, b: str | None = None) -> str:
        y = self.op("MatMul", x, w)
        return y if b is None else self.op("Add", y, b)


def _action(g: _Graph, arch, raw: str) -> tuple[str, int]:
    """The output mapping: (name of the action, its ONNX element type)."""
    tp = g.onnx.TensorProto
    if arch.output == "argmax":
        return g.op("ArgMax", raw, out="action", axis=1, keepdims=0, select_last_index=0), tp.INT64
    low = np.asarray(arch.act_low, np.float32)
    span = (np.asarray(arch.act_high, np.float32) - low).astype(np.float32)
    u = g.op("Mul", g.op("Add", g.tanh(raw), g.const(1.0)), g.const(0.5))
    scaled = g.op("Mul", u, g.init("act_span", span))
    return g.op("Add", g.init("act_low", low), scaled, out="action"), tp.FLOAT


def _mlp(g: _Graph, arch, params, mask, separate) -> str:
    x = "obs"
    layers = arch.layers()
    for layer, (w, b, n_in, n_out) in enumerate(layers):
        wn = g.weight(f"W{layer}", params[w].reshape(n_in, n_out), mask[w].reshape(n_in, n_out),
                      separate)  # fmt: skip
        bn = g.weight(f"b{layer}", params[b], mask[b], separate)
        x = g.dense(x, wn, bn)
        if layer < len(layers) - 1:
            x = g.activate(arch.activation, x)
    return g.op("Identity", x, out="raw")


def _recurrent(g: _Graph, arch, params, mask, separate) -> str:
    """rnn: h' = tanh(x W + b + h U); gru: gates z | r | n as in instinct.nn.recurrent."""
    (w_in, b, n_obs, gh), (w_rec, _, hid, _), (w_out, b_out, _, n_act) = arch.layers()
    W = params[w_in].reshape(n_obs, gh)
    Wm = mask[w_in].reshape(n_obs, gh)
    U = params[w_rec].reshape(hid, gh)
    Um = mask[w_rec].reshape(hid, gh)
    B, Bm = params[b], mask[b]

    def block(stem, k):  # gate k's columns of W_in, b and W_rec
        cols = slice(k * hid, (k + 1) * hid)
        return (g.weight(f"W_in_{stem}", W[:, cols], Wm[:, cols], separate),
                g.weight(f"b_{stem}", B[cols], Bm[cols], separate),
                g.weight(f"W_rec_{stem}", U[:, cols], Um[:, cols], separate))  # fmt: skip

    if arch.kind == "rnn":
        wx, bx, ux = block("h", 0)
        pre = g.op("Add", g.dense("obs", wx, bx), g.dense("h", ux))
        h_new = g.tanh(pre)
    else:
        gates = [block(stem, k) for k, stem in enumerate("zrn")]
        (wz, bz, uz), (wr, br, ur), (wn, bn, un) = gates
        z = g.sigmoid(g.op("Add", g.dense("obs", wz, bz), g.dense("h", uz)))
        r = g.sigmoid(g.op("Add", g.dense("obs", wr, br), g.dense("h", ur)))
        n = g.tanh(g.op("Add", g.dense("obs", wn, bn), g.op("Mul", r, g.dense("h", un))))
        keep = g.op("Sub", g.const(1.0), z)
        h_new = g.op("Add", g.op("Mul", keep, n), g.op("Mul", z, "h"))
    h_new = g.op("Identity", h_new, out="h_out")
    wo = g.weight("W_out", params[w_out].reshape(hid, n_act), mask[w_out].reshape(hid, n_act),
                  separate)  # fmt: skip
    bo = g.weight("b_out", params[b_out], mask[b_out], separate)
    return g.op("Identity", g.dense(h_new, wo, bo), out="raw")


def onnx_model(arch, params, mask=None, mask_mode: str = "apply", metadata: dict | None = None):
    """The `onnx.ModelProto` of a network: `arch` (an Architecture), f32[D] grown `params` and
    u8[D] `mask` (None: every parameter exists). Checked with onnx.checker."""
    onnx = require_onnx()
    if mask_mode not in MASK_MODES:
        raise InstinctError(f"mask must be one of {', '.join(MASK_MODES)}, got {mask_mode!r}")
    if arch.kind not in ("mlp", "rnn", "gru"):
        raise InstinctError(
            f"ONNX export knows the mlp, rnn and gru network kinds, not {arch.kind!r}; "
            "use --format npz"
        )
    params = np.asarray(params, np.float32).reshape(-1)
    mask = np.ones(arch.num_params, np.uint8) if mask is None else np.asarray(mask).reshape(-1)
    g = _Graph(onnx)
    tp = onnx.TensorProto
    inputs = [onnx.helper.make_tensor_value_info("obs", tp.FLOAT, ["N", arch.obs_dim])]
    outputs = []
    recurrent = arch.kind != "mlp"
    if recurrent:
        hid = arch.hidden[0]
        inputs.append(onnx.helper.make_tensor_value_info("h", tp.FLOAT, ["N", hid]))
        raw = _recurrent(g, arch, params, mask, mask_mode == "separate")
    else:
        raw = _mlp(g, arch, params, mask, mask_mode == "separate")
    action, action_type = _action(g, arch, raw)
    act_shape = ["N"] if arch.output == "argmax" else ["N", arch.act_dim]
    outputs.append(onnx.helper.make_tensor_value_info(action, action_type, act_shape))
    outputs.append(onnx.helper.make_tensor_value_info("raw", tp.FLOAT, ["N", arch.act_dim]))
    if recurrent:
        outputs.append(onnx.helper.make_tensor_value_info("h_out", tp.FLOAT, ["N", hid]))
    graph = onnx.helper.make_graph(g.nodes, f"instinct_{arch.kind}", inputs, outputs, g.inits)
    model = onnx.helper.make_model(
        graph,
        opset_imports=[onnx.helper.make_opsetid("", OPSET)],
        producer_name="instinct",
        doc_string="instinct policy network: obs (and h) -> action, raw (and h_out)",
    )
    model.ir_version = IR_VERSION
    props = {"architecture": json.dumps({**arch.to_dict(), "sizes": list(arch.sizes)},
                                        sort_keys=True),
             "mask": mask_mode, **{k: json.dumps(v, sort_keys=True)
                                   for k, v in (metadata or {}).items()}}  # fmt: skip
    onnx.helper.set_model_props(model, props)
    onnx.checker.check_model(model)
    return model


def onnx_bytes(arch, params, mask=None, mask_mode: str = "apply", metadata=None) -> bytes:
    return onnx_model(arch, params, mask, mask_mode, metadata).SerializeToString()
