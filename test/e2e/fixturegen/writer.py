"""Writes what a tfcc numeric test reads: a GraphDef, a tfcompile Config,
inputs and TF's outputs as .npy. Shared by the e2e fixtures and the corpus
model references, so both use one file layout.
"""
import heapq
import os
import re
from dataclasses import dataclass

import numpy as np

from .tfenv import tf
from tensorflow.core.framework import types_pb2


@dataclass
class Feed:
    name: str        # accessor name in the Config (a C identifier)
    node: str
    index: int
    shape: tuple
    dtype: object    # tf.DType


@dataclass
class Fetch:
    name: str
    node: str
    index: int = 0


def c_identifier(text):
    """A tensor or node name made into a C identifier, for accessor names."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return ident if re.match(r"[A-Za-z_]", ident) else "t_" + ident


def _tensor_id(node, index):
    out = f'id {{ node_name: "{node}"'
    if index:
        out += f" output_index: {index}"
    return out + " }"


def config_text(feeds, fetches, comment):
    """A tensorflow.tf2xla.Config in text format."""
    for group in (feeds, fetches):  # accessors are per kind, as tfcompile's arg_/result_
        names = [f.name for f in group]
        if len(set(names)) != len(names):
            raise ValueError(f"accessor names collide: {names}")
    lines = [f"# {line}" for line in comment.splitlines()]
    for f in feeds:
        dims = " ".join(f"dim {{ size: {d} }}" for d in f.shape)
        dt = tf.dtypes.as_dtype(f.dtype).as_datatype_enum
        lines += ["feed {", f"  {_tensor_id(f.node, f.index)}",
                  f"  shape {{ {dims} }}" if dims else "  shape { }",
                  f'  name: "{f.name}"',
                  f"  type: {types_pb2.DataType.Name(dt)}",
                  "}"]
    for f in fetches:
        lines += ["fetch {", f"  {_tensor_id(f.node, f.index)}", f'  name: "{f.name}"', "}"]
    return "\n".join(lines) + "\n"


def save_npy(path, array):
    """Saves one array; bools stay bool, and no pickles."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, np.asarray(array, order="C"), allow_pickle=False)


def canonical(graph_def):
    """The nodes in a topological order that depends only on the graph (ready
    nodes by name; NextIteration back edges ignored), without the
    `_has_manual_control_dependencies` marker of Python tracing. TF's
    control-flow lowering varies both from run to run; this makes
    regenerated files byte-identical."""
    nodes = {n.name: n for n in graph_def.node}
    back = {n.name for n in graph_def.node if n.op in ("NextIteration", "RefNextIteration")}
    preds = {n.name: {i.lstrip("^").split(":")[0] for i in n.input} & (nodes.keys() - back)
             for n in graph_def.node}
    succs = {name: [] for name in nodes}
    for name, ps in preds.items():
        for p in ps:
            succs[p].append(name)
    waiting = {name: len(ps) for name, ps in preds.items()}
    ready = sorted(name for name, k in waiting.items() if k == 0)
    order = []
    while ready:
        name = heapq.heappop(ready)
        order.append(name)
        for s in succs[name]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(ready, s)
    order += sorted(set(nodes) - set(order))  # cycles without NextIteration: keep them all
    out = type(graph_def)()
    out.CopyFrom(graph_def)
    del out.node[:]
    out.node.extend(nodes[name] for name in order)
    for node in out.node:
        node.attr.pop("_has_manual_control_dependencies", None)
    return out


def write_graph(path, graph_def):
    """Binary GraphDef in canonical node order, serialized deterministically,
    so regenerating gives the same bytes."""
    with open(path, "wb") as f:
        f.write(canonical(graph_def).SerializeToString(deterministic=True))


def write_text(path, text):
    with open(path, "w") as f:
        f.write(text)


def write_io(out_dir, feeds, inputs, fetches, outputs):
    """inputs/<feed>.npy and outputs/<fetch>.npy, in the feed/fetch order."""
    for feed, value in zip(feeds, inputs):
        save_npy(os.path.join(out_dir, "inputs", feed.name + ".npy"), value)
    for fetch, value in zip(fetches, outputs):
        save_npy(os.path.join(out_dir, "outputs", fetch.name + ".npy"), value)


def _all_nodes(graph_def):
    yield from graph_def.node
    for fn in graph_def.library.function:
        yield from fn.node_def


def graph_op_types(graph_def):
    """Sorted op types of the graph and the bodies of its functions."""
    return sorted({n.op for n in _all_nodes(graph_def)})


def graph_dtypes(graph_def):
    """Sorted dtype names (numpy spelling) that any node attribute names."""
    found = set()
    for node in _all_nodes(graph_def):
        for attr in node.attr.values():
            kind = attr.WhichOneof("value")
            enums = [attr.type] if kind == "type" else (
                list(attr.list.type) if kind == "list" else [])
            for e in enums:
                if e:
                    found.add(tf.dtypes.as_dtype(e).name)
    return sorted(found)


def dir_size(path):
    return sum(os.path.getsize(os.path.join(d, f))
               for d, _, files in os.walk(path) for f in files)
