"""Rewrites an exported member's row sums from ScatterElements(reduction="add") to ScatterND(reduction="add").

Why: ONNX Runtime's CPU ScatterElements adds element by element (an index per element of the [E, H] update),
and took half of a member's run time; ScatterND with row indices [N, 1] adds whole rows (measured 2-3x faster per
member, docs/BENCHMARKS.md). Both sum repeated indices (reduction="add"; the ScatterND *without* reduction that
torch 1.13 emits for index_add overwrites instead: the trap of models/training/README.md).

The pattern torch exports for dmpnn.scatter_sum is
    indices = Add(ConstantOfShape(Shape(src), 0), Unsqueeze(index, [1]))     # index broadcast to src's shape
    ScatterElements(data, indices, src, axis=0, reduction="add")
so every row of `indices` repeats one atom/molecule index: ScatterND(data, Unsqueeze(index, [1]), src) sums the
same rows. The 1-D count (scatter_add of ones over atom_mol) gets its own Unsqueeze. Anything else is refused,
never guessed at; the Add/ConstantOfShape/Shape that only fed the indices are removed.

  python3 models/training/scatter_nd.py models/*/member-*.onnx      # in place; prints what it changed
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _const_value(graph, name, producers):
    for init in graph.initializer:
        if init.name == name:
            return numpy_helper.to_array(init)
    node = producers.get(name)
    if node is not None and node.op_type == "Constant":
        return numpy_helper.to_array(_attrs(node)["value"])
    return None


def _is_zeros_of_shape(name, producers):
    node = producers.get(name)
    if node is None or node.op_type != "ConstantOfShape":
        return False
    value = _attrs(node).get("value")
    return value is None or not np.any(numpy_helper.to_array(value))


def _row_index(graph, indices, producers):
    """The [N, 1] row-index tensor behind a broadcast ScatterElements index, or None if the pattern differs."""
    add = producers.get(indices)
    if add is None or add.op_type != "Add":
        return None
    for zeros, other in ((add.input[0], add.input[1]), (add.input[1], add.input[0])):
        unsq = producers.get(other)
        if not _is_zeros_of_shape(zeros, producers) or unsq is None or unsq.op_type != "Unsqueeze":
            continue
        axes = _const_value(graph, unsq.input[1], producers) if len(unsq.input) > 1 else None
        if axes is not None and list(np.atleast_1d(axes)) == [1]:
            return other
    return None


def _remove_dead(graph):
    outputs = {o.name for o in graph.output}
    while True:
        used = {i for n in graph.node for i in n.input} | outputs
        dead = [n for n in graph.node if not any(o in used for o in n.output)]
        if not dead:
            return
        for n in dead:
            graph.node.remove(n)


def rewrite(model):
    """Rewrites `model` (onnx.ModelProto) in place; returns the number of scatters changed."""
    graph = model.graph
    producers = {o: n for n in graph.node for o in n.output}
    inferred = onnx.shape_inference.infer_shapes(model).graph
    ranks = {v.name: len(v.type.tensor_type.shape.dim) for v in list(inferred.value_info) + list(inferred.input)}
    changed = 0
    for node in list(graph.node):
        if node.op_type != "ScatterElements":
            continue
        attrs = _attrs(node)
        reduction = attrs.get("reduction", b"none")
        reduction = reduction.decode() if isinstance(reduction, bytes) else reduction
        if reduction != "add" or attrs.get("axis", 0) != 0:
            raise ValueError(f"{node.name}: only ScatterElements(axis=0, reduction=add) is rewritten")
        data, indices, updates = node.input
        row_index = _row_index(graph, indices, producers)
        new_nodes = []
        if row_index is None:
            # 1-D case: indices are the per-element targets themselves; ScatterND wants them as [N, 1].
            if ranks.get(indices) != 1:
                raise ValueError(f"{node.name}: unrecognised index pattern, refusing to rewrite")
            axes_name = f"{node.name}_nd_axes"
            graph.initializer.append(numpy_helper.from_array(np.array([1], dtype=np.int64), axes_name))
            row_index = f"{node.name}_nd_index"
            new_nodes.append(helper.make_node("Unsqueeze", [indices, axes_name], [row_index],
                                              name=f"{node.name}_nd_unsqueeze"))
        new_nodes.append(helper.make_node("ScatterND", [data, row_index, updates], list(node.output),
                                          name=f"{node.name}_nd", reduction="add"))
        idx = list(graph.node).index(node)
        graph.node.remove(node)
        for k, n in enumerate(new_nodes):
            graph.node.insert(idx + k, n)
        changed += 1
    _remove_dead(graph)
    onnx.checker.check_model(model)
    return changed


def main(paths):
    for path in paths:
        model = onnx.load(path)
        before = len(model.graph.node)
        n = rewrite(model)
        onnx.save(model, path)
        print(f"{path}: {n} ScatterElements -> ScatterND(add); nodes {before} -> {len(model.graph.node)}")


if __name__ == "__main__":
    main(sys.argv[1:])
