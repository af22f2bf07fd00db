"""A tiny numpy interpreter for the ONNX ops our exported D-MPNN graphs use.

Python onnxruntime is not installable here (Debian has no package, PyPI is unreachable), yet an export can be
wrong in ways PyTorch never shows (a size baked in as a constant, a scatter that overwrites). Executing the
exported graph itself, node by node with ONNX semantics, on the parity batch catches that at training time; Jest
then repeats the check with onnxruntime-node. Unknown ops raise, so a new op cannot pass silently.
"""
import numpy as np
from onnx import numpy_helper


def _attrs(node):
    import onnx

    out = {}
    for a in node.attribute:
        out[a.name] = onnx.helper.get_attribute_value(a)
        if isinstance(out[a.name], bytes):
            out[a.name] = out[a.name].decode()
    return out


def _scatter_elements(data, indices, updates, axis=0, reduction="none"):
    out = data.copy()
    idx = list(np.indices(indices.shape))
    idx[axis] = np.where(indices < 0, indices + data.shape[axis], indices)
    if reduction == "add":
        np.add.at(out, tuple(idx), updates)
    elif reduction == "none":
        out[tuple(idx)] = updates
    else:
        raise NotImplementedError(reduction)
    return out


def _scatter_nd(data, indices, updates, reduction="none"):
    out = data.copy()
    idx = tuple(np.moveaxis(indices, -1, 0))  # indices [..., k] address the first k axes of data
    if reduction == "add":
        np.add.at(out, idx, updates)
    elif reduction == "none":
        out[idx] = updates
    else:
        raise NotImplementedError(reduction)
    return out


def _slice(x, starts, ends, axes=None, steps=None):
    axes = list(range(len(starts))) if axes is None else [int(a) % x.ndim for a in axes]
    steps = [1] * len(starts) if steps is None else steps
    sl = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        sl[a] = slice(int(s), int(max(min(e, 2**62), -2**62)), int(st))
    return x[tuple(sl)]


def _reshape(x, shape):
    shape = [x.shape[i] if s == 0 else int(s) for i, s in enumerate(shape)]
    if -1 in shape:  # ONNX infers -1 even for empty tensors (numpy refuses 0-size with -1)
        known = int(np.prod([s for s in shape if s != -1]))
        shape[shape.index(-1)] = x.size // known if known else 0
    return x.reshape(shape)


def _gemm(a, b, c=None, alpha=1.0, beta=1.0, transA=0, transB=0):
    a = a.T if transA else a
    b = b.T if transB else b
    y = alpha * (a @ b)
    return y + beta * c if c is not None else y


OPS = {
    "Add": lambda n, a, b: a + b,
    "Sub": lambda n, a, b: a - b,
    "Mul": lambda n, a, b: a * b,
    "Div": lambda n, a, b: (a // b) if np.issubdtype(a.dtype, np.integer) else a / b,
    "Mod": lambda n, a, b: np.fmod(a, b) if _attrs(n).get("fmod", 0) else np.mod(a, b),
    "MatMul": lambda n, a, b: a @ b,
    "Relu": lambda n, x: np.maximum(x, 0).astype(x.dtype),
    "Sigmoid": lambda n, x: (1.0 / (1.0 + np.exp(-x))).astype(x.dtype),
    "Identity": lambda n, x: x,
    "Equal": lambda n, a, b: a == b,
    "Where": lambda n, c, a, b: np.where(c, a, b),
    "Shape": lambda n, x: np.array(x.shape, dtype=np.int64),
    "Expand": lambda n, x, s: x * np.ones(s.astype(np.int64), dtype=x.dtype),
    "Unsqueeze": lambda n, x, axes: np.expand_dims(x, tuple(int(a) for a in axes)),
    "Concat": lambda n, *xs: np.concatenate(xs, axis=_attrs(n)["axis"]),
    "Gather": lambda n, x, i: np.take(x, i, axis=_attrs(n).get("axis", 0)),
    "CumSum": lambda n, x, axis: np.cumsum(x, axis=int(axis)).astype(x.dtype),
    "Clip": lambda n, x, lo=None, hi=None: np.clip(x, lo if lo is not None else -np.inf,
                                                   hi if hi is not None else np.inf).astype(x.dtype),
    "Reshape": lambda n, x, s: _reshape(x, list(s)),
    "Slice": lambda n, x, *args: _slice(x, *args),
    "Gemm": lambda n, *args: _gemm(*args, **_attrs(n)),
    "ScatterElements": lambda n, d, i, u: _scatter_elements(d, i, u, **_attrs(n)),
    "ScatterND": lambda n, d, i, u: _scatter_nd(d, i, u, **_attrs(n)),
    "ConstantOfShape": lambda n, s: np.full(s.astype(np.int64),
                                            numpy_helper.to_array(_attrs(n)["value"]).item()
                                            if "value" in _attrs(n) else 0.0,
                                            dtype=numpy_helper.to_array(_attrs(n)["value"]).dtype
                                            if "value" in _attrs(n) else np.float32),
    "Constant": lambda n: numpy_helper.to_array(_attrs(n)["value"]),
}


def run_graph(model, feeds):
    """Runs `model` (onnx.ModelProto) on a dict of numpy inputs; returns a dict of its outputs."""
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update({k: np.asarray(v) for k, v in feeds.items()})
    for node in model.graph.node:
        if node.op_type not in OPS:
            raise NotImplementedError(f"onnx_numpy: op {node.op_type} not implemented")
        args = [env[i] if i else None for i in node.input]
        while args and args[-1] is None:
            args.pop()
        result = OPS[node.op_type](node, *args)
        env[node.output[0]] = result
    return {o.name: env[o.name] for o in model.graph.output}
