#!/usr/bin/env python3
"""TensorFlow reference outputs for the model-tier GraphDefs of
../shared/tf-graphs, for tfcc's corpus numeric tests.

For every `tier == model` GraphDef in INDEX.tsv that TensorFlow can run as it
stands (nothing to initialize, no queues, iterators or files), picks feeds
and fetches (the tfcompile Config beside the graph, else the io_hint column,
else the placeholders and the graph's sinks), runs a v1 Session on seeded
random inputs and writes model_refs/<saved_path with / as __>/: config.pbtxt,
inputs/*.npy, outputs/*.npy. model_refs/INDEX.tsv lists every model-tier
GraphDef with `ref` or the reason it was skipped.

  make_model_refs.py [--graphs DIR]   (default: ../shared/tf-graphs beside the checkout)
"""
import argparse
import csv
import os
import re
import shutil
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

import numpy as np  # noqa: E402
from google.protobuf import text_format  # noqa: E402
from tensorflow.compiler.tf2xla import tf2xla_pb2  # noqa: E402

from fixturegen.tfenv import SESSION_CONFIG, tf  # noqa: E402
from fixturegen.writer import (Feed, Fetch, c_identifier, config_text,  # noqa: E402
                               dir_size, write_io, write_text)

OUT = os.path.join(HERE, "model_refs")
TOTAL_BUDGET = 6 * 1000 * 1000 - 50 * 1000  # all of model_refs/, with room for INDEX.tsv
PER_GRAPH_BUDGET = 1000 * 1000             # inputs + outputs of one graph
UNKNOWN_BATCH, UNKNOWN_DIM = 1, 4

# Op types that make a graph unrunnable without state from outside it, by the
# reason written to INDEX.tsv; matched as substrings of the op types that the
# fetches need (function bodies included).
BLOCKERS = [("needs variables initialized", ["Variable", "VarHandleOp"]),
            ("queue ops", ["Queue"]),
            ("dataset/iterator ops", ["Iterator", "Dataset"]),
            ("reads files", ["Reader", "ReadFile", "Restore", "MatchingFiles"]),
            ("needs table initialization", ["HashTable", "LookupTable"])]
RANDOM_OPS = ["Random", "TruncatedNormal", "Multinomial"]
# A placeholder whose consumers are all of these broadcasts: a scalar feeds it.
ELEMENTWISE = {"Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum",
               "Less", "Greater", "Equal", "Merge", "Identity"}
PLACEHOLDERS = ("Placeholder", "PlaceholderV2")
SHAPE_ATTR_IS_UNKNOWN_BEFORE = 21  # GraphDef producer where `shape {}` stopped meaning "unknown"


class Skip(Exception):
    """A graph gets no reference; the message is its INDEX.tsv status."""


def first_line(error):
    """The informative line of a TF error: the one after `Node: '...'` in
    graph execution errors, else the first."""
    lines = [ln.strip() for ln in str(getattr(error, "message", error)).splitlines() if ln.strip()]
    for i, ln in enumerate(lines[:-1]):
        if ln.startswith("Node: '"):
            return lines[i + 1][:160]
    lines = [ln for ln in lines if not ln.startswith("Graph execution error")]
    return (lines[0] if lines else type(error).__name__)[:160]


def load_graph_def(path):
    graph_def = tf.compat.v1.GraphDef()
    with open(path, "rb") as f:
        data = f.read()
    try:
        if path.endswith(".pbtxt"):
            text_format.Parse(data.decode(), graph_def)
        else:
            graph_def.ParseFromString(data)
    except Exception as e:  # noqa: BLE001 - any parse failure is a skip reason
        raise Skip(f"does not parse: {first_line(e)}")
    return graph_def


def split_tensor(name):
    node, _, index = name.partition(":")
    return node, int(index or 0)


# --- feeds and fetches: (tensor name, shape or None, accessor name or None) --

def config_beside(path):
    """X.config.pbtxt for X.pbtxt (tf_aot's convention), or X.pbtxt.config.pbtxt."""
    for cand in (os.path.splitext(path)[0] + ".config.pbtxt", path + ".config.pbtxt"):
        if os.path.exists(cand):
            config = tf2xla_pb2.Config()
            with open(cand) as f:
                text_format.Parse(f.read(), config)
            feeds = [(f"{f.id.node_name}:{f.id.output_index}", [d.size for d in f.shape.dim],
                      f.name or None) for f in config.feed]
            return feeds, [(f"{f.id.node_name}:{f.id.output_index}", f.name or None)
                           for f in config.fetch]
    return None


def io_from_lit_flags(hint, args):
    """input-arrays=a,b; input-shapes=1,2:3; output-arrays=c (tf-mlir-translate
    flags). With graph-as-function and no input-arrays, the shapes are the
    _Arg nodes' in index order."""
    flags = dict(part.strip().partition("=")[::2] for part in hint.split(";") if "=" in part)
    names = [n for n in flags.get("input-arrays", "").split(",") if n] or args
    shapes = flags.get("input-shapes", "").split(":") if "input-shapes" in flags else []
    feeds = [(name, [int(d) for d in shapes[i].split(",") if d] if i < len(shapes) else None, None)
             for i, name in enumerate(names)]
    return feeds, [(n, None) for n in flags.get("output-arrays", "").split(",") if n]


def io_from_signatures(hint):
    """signatures: name(in:0,... -> out:0,...) | ...: serving_default, else the
    first signature with inputs and outputs."""
    sigs = [s for s in re.findall(r"(\w+)\(([^)]*?)\s*->\s*([^)]*)\)", hint)
            if s[1].strip() and s[2].strip()]
    if not sigs:
        return [], []
    _, ins, outs = next((s for s in sigs if s[0] == "serving_default"), sigs[0])
    return ([(t.strip(), None, None) for t in ins.split(",")],
            [(t.strip(), None) for t in outs.split(",")])


def io_from_graph(graph_def, args):
    """Placeholders and _Args as feeds; as fetches, the outputs of sinks
    (nodes nothing reads) other than Placeholder/Const/NoOp."""
    consumed = {i.lstrip("^").split(":")[0] for n in graph_def.node for i in n.input}
    feeds = [(n.name, None, None) for n in graph_def.node if n.op in PLACEHOLDERS]
    fetches = [(n.name, None) for n in graph_def.node if n.name not in consumed
               and n.op not in PLACEHOLDERS + ("Const", "NoOp", "_Arg")]
    return feeds + [(a, None, None) for a in args], fetches


def pick_io(row, path, graph_def):
    args = [n.name for n in sorted((n for n in graph_def.node if n.op == "_Arg"),
                                   key=lambda n: n.attr["index"].i)]
    hint = row["io_hint"]
    io = config_beside(path)
    if io is None and hint.startswith("signatures:"):
        io = io_from_signatures(hint)
    elif io is None and "=" in hint:
        io = io_from_lit_flags(hint, args)
    graph_io = io_from_graph(graph_def, args)
    # A hint may name only inputs (or nothing): the graph supplies the rest.
    feeds = io[0] if io and io[0] else graph_io[0]
    fetches = io[1] if io and io[1] else graph_io[1]
    # A _Retval returns its input: fetch that tensor.
    nodes = {n.name: n for n in graph_def.node}
    fetches = [(nodes[name.split(":")[0]].input[0], alias)
               if nodes.get(name.split(":")[0]) is not None and nodes[name.split(":")[0]].op == "_Retval"
               else (name, alias) for name, alias in fetches]
    return feeds, fetches


# --- the graph a Session runs ------------------------------------------------

def fanin(graph_def, fetch_nodes, stop):
    """Names of the nodes the fetches depend on, not looking past `stop`."""
    nodes = {n.name: n for n in graph_def.node}
    seen, stack = set(), list(fetch_nodes)
    while stack:
        name = stack.pop()
        if name in seen or name not in nodes:
            continue
        seen.add(name)
        if name not in stop:
            stack += [i.lstrip("^").split(":")[0] for i in nodes[name].input]
    return seen


def called_op_types(node, functions, visited):
    """Op types inside the functions a node calls (as its op, or through
    attributes like PartitionedCall's f or While's body)."""
    called = [node.op] + [a.func.name for a in node.attr.values() if a.WhichOneof("value") == "func"]
    types = set()
    for fname in called:
        if fname in functions and fname not in visited:
            visited.add(fname)
            for inner in functions[fname].node_def:
                types |= {inner.op} | called_op_types(inner, functions, visited)
    return types


def known_shape(node, producer):
    """The shape a NodeDef says its output 0 has: a list with -1 for unknown
    dims, or None for unknown rank."""
    def from_proto(shape):
        return None if shape.unknown_rank else [d.size for d in shape.dim]
    if node.op == "Const":
        return [d.size for d in node.attr["value"].tensor.tensor_shape.dim]
    if node.op in PLACEHOLDERS + ("PlaceholderWithDefault",) and "shape" in node.attr:
        shape = node.attr["shape"].shape
        if not shape.dim and not shape.unknown_rank and producer < SHAPE_ATTR_IS_UNKNOWN_BEFORE:
            return None
        return from_proto(shape)
    if node.attr["_output_shapes"].list.shape:
        return from_proto(node.attr["_output_shapes"].list.shape[0])
    return None


def feed_shape(name, hint_shape, node, graph_def):
    """The node's shape where it is fully known, else the hint's, else the
    node's with unknown dims fixed (batch, dim 0, is 1; others small).
    Unknown rank: a scalar when every consumer is elementwise (a scalar
    broadcasts), else the graph is skipped."""
    shape = known_shape(node, graph_def.versions.producer)
    if hint_shape is not None and (shape is None or min(shape, default=0) < 0):
        shape = hint_shape
    if shape is None:
        consumers = {n.op for n in graph_def.node
                     if any(i.split(":")[0] == node.name for i in n.input)}
        if consumers and consumers <= ELEMENTWISE:
            return []
        raise Skip(f"input {name} has unknown rank and no shape hint")
    return [d if d >= 0 else UNKNOWN_BATCH if i == 0 else UNKNOWN_DIM for i, d in enumerate(shape)]


def output_dtype(node):
    for key in ("dtype", "T", "Tout"):
        if key in node.attr and node.attr[key].WhichOneof("value") == "type":
            return node.attr[key].type
    raise Skip(f"cannot tell the dtype of fed node {node.name}")


def needed(graph_def, fed_nodes, fetch_names):
    """The nodes the fetches need (not looking past fed nodes) and their op
    types, with those of the functions they call."""
    keep = fanin(graph_def, [split_tensor(f)[0] for f in fetch_names], fed_nodes)
    functions = {f.signature.name: f for f in graph_def.library.function}
    kept = [n for n in graph_def.node if n.name in keep]
    return keep, {n.op for n in kept}.union(*(called_op_types(n, functions, set()) for n in kept))


def session_graph(graph_def, keep, feeds):
    """The kept nodes, with fed nodes and _Arg nodes as Placeholders of the
    fed shape (tfcompile also cuts the graph at its feeds), so a graph whose
    unused part is broken still runs."""
    fed = {f.node: f for f in feeds}
    out = tf.compat.v1.GraphDef()
    out.versions.CopyFrom(graph_def.versions)
    out.library.CopyFrom(graph_def.library)
    for node in graph_def.node:
        if node.name not in keep:
            continue
        if node.name in fed or node.op == "_Arg":
            ph = out.node.add(name=node.name, op="Placeholder")
            ph.attr["dtype"].type = output_dtype(node)
            if node.name in fed:
                for d in fed[node.name].shape:
                    ph.attr["shape"].shape.dim.add(size=d)
            else:
                ph.attr["shape"].shape.unknown_rank = True
        else:
            out.node.add().CopyFrom(node)
    return out


def blocker(op_types):
    for reason, patterns in BLOCKERS:
        hits = sorted(t for t in op_types if any(p in t for p in patterns))
        if hits:
            return f"{reason} ({', '.join(hits[:3])})"
    return None


# --- running -----------------------------------------------------------------

def random_input(rng, name, dtype, shape):
    """Floats in [-1, 1); integers in [0, 3) so that they are valid indices and
    sizes for the small shapes used; bools half true. A dropout keep
    probability is 1, as at inference."""
    np_dtype = np.dtype(tf.as_dtype(dtype).as_numpy_dtype)
    if "keep_prob" in name and np_dtype.kind == "f":
        return np.ones(shape, np_dtype)
    if np_dtype.kind == "f":
        return rng.uniform(-1, 1, shape).astype(np_dtype)
    if np_dtype.kind in "iu":
        return rng.integers(0, 3, shape).astype(np_dtype)
    if np_dtype.kind == "b":
        return rng.random(shape) < 0.5
    raise Skip(f"feed '{name}' is {tf.as_dtype(dtype).name}, not numeric")


def is_numeric(dtype):
    """Dtypes an .npy file holds as numpy does (not bfloat16 or quantized)."""
    dtype = dtype.base_dtype
    return ((dtype.is_floating or dtype.is_integer or dtype == tf.bool)
            and not dtype.is_quantized and dtype != tf.bfloat16)


def run_twice(graph_def, fetch_names, feed_values):
    """Runs the graph twice in one Session: random ops advance between the
    runs, so outputs that depend on them show up as different."""
    graph = tf.Graph()
    try:
        with graph.as_default():
            tf.import_graph_def(graph_def, name="")
    except Exception as e:  # noqa: BLE001
        raise Skip(f"TF cannot import it: {first_line(e)}")
    ops = {op.name: op for op in graph.get_operations()}
    fetches = [ops[n].outputs[i] for n, i in map(split_tensor, fetch_names)
               if i < len(ops[n].outputs)]  # sinks like SaveV2 have no outputs
    fetches = [t for t in fetches if is_numeric(t.dtype)]
    if not fetches:
        raise Skip("no numeric outputs to fetch")
    feed_dict = {graph.get_tensor_by_name(k): v for k, v in feed_values.items()}
    try:
        with tf.compat.v1.Session(graph=graph, config=SESSION_CONFIG) as sess:
            runs = [sess.run(fetches, feed_dict) for _ in range(2)]
    except Exception as e:  # noqa: BLE001
        raise Skip(f"TF error: {first_line(e)}")
    same = all(np.array_equal(a, b, equal_nan=a.dtype.kind == "f") for a, b in zip(*runs))
    return [t.name for t in fetches], runs[0], same


def plan(row, path):
    """What to run: (runnable GraphDef, feeds, fetch tensor names, fetch
    aliases, op types needed); raises Skip for graphs TF cannot run alone."""
    graph_def = load_graph_def(path)
    feed_specs, fetch_specs = pick_io(row, path, graph_def)
    nodes = {n.name: n for n in graph_def.node}
    missing = [n for n, *_ in feed_specs + fetch_specs if split_tensor(n)[0] not in nodes]
    if missing:
        raise Skip(f"feeds/fetches name missing nodes: {', '.join(missing[:3])}")
    fetch_names = [n if ":" in n else n + ":0" for n, _ in fetch_specs]
    keep, op_types = needed(graph_def, {split_tensor(n)[0] for n, *_ in feed_specs}, fetch_names)
    why = blocker(op_types)
    if why:
        raise Skip(why)
    resources = [n for n in keep if nodes[n].op in PLACEHOLDERS + ("_Arg",)
                 and output_dtype(nodes[n]) == tf.resource.as_datatype_enum]
    if resources:
        raise Skip(f"needs variables (resource input {resources[0]})")
    feeds = []
    for name, hint_shape, alias in feed_specs:
        node, index = split_tensor(name)
        if index:
            raise Skip(f"feed {name} is not an output 0")
        if node in keep:  # a feed the fetches do not need is left out
            feeds.append(Feed(alias or c_identifier(node), node, 0,
                              tuple(feed_shape(name, hint_shape, nodes[node], graph_def)),
                              tf.as_dtype(output_dtype(nodes[node]))))
    aliases = {(n if ":" in n else n + ":0"): a for n, a in fetch_specs}
    return session_graph(graph_def, keep, feeds), feeds, fetch_names, aliases, op_types


def reference(row, path):
    """(feeds, inputs, fetches, outputs) for one graph; raises Skip."""
    runnable, feeds, fetch_names, aliases, op_types = plan(row, path)
    rng = np.random.default_rng(zlib.crc32(row["saved_path"].encode()))
    inputs = [random_input(rng, f.node, f.dtype, f.shape) for f in feeds]
    if sum(a.nbytes for a in inputs) > PER_GRAPH_BUDGET:
        raise Skip(f"inputs too large ({sum(a.nbytes for a in inputs) / 1e6:.1f} MB)")
    fetched, outputs, same = run_twice(runnable, fetch_names,
                                       {f"{f.node}:0": v for f, v in zip(feeds, inputs)})
    if not same:
        hits = sorted(t for t in op_types if any(p in t for p in RANDOM_OPS))
        raise Skip(f"outputs depend on TF's random number generator ({', '.join(hits[:3])})")
    if sum(np.asarray(o).nbytes for o in outputs) > PER_GRAPH_BUDGET:
        raise Skip("outputs too large")
    fetches = []
    for name in fetched:
        node, index = split_tensor(name)
        fetches.append(Fetch(aliases.get(name) or c_identifier(node if not index else f"{node}_{index}"),
                             node, index))
    return feeds, inputs, fetches, outputs


def write_ref(row, feeds, inputs, fetches, outputs):
    out_dir = os.path.join(OUT, row["saved_path"].replace("/", "__"))
    os.makedirs(out_dir)
    write_text(os.path.join(out_dir, "config.pbtxt"), config_text(
        feeds, fetches, f"tfcompile Config for ../shared/tf-graphs/{row['saved_path']}\n"
        "written by test/corpus/make_model_refs.py with the feed shapes it used"))
    write_io(out_dir, feeds, inputs, fetches, outputs)
    return dir_size(out_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", default=os.path.join(HERE, "..", "..", "..", "shared", "tf-graphs"))
    args = parser.parse_args()
    with open(os.path.join(args.graphs, "INDEX.tsv"), newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t")
                if r["tier"] == "model" and r["is_graphdef"] == "yes"]
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    used, table = 0, []
    for row in rows:
        ins = outs = ""
        try:
            feeds, inputs, fetches, outputs = reference(row, os.path.join(args.graphs, row["saved_path"]))
            if used + sum(np.asarray(a).nbytes for a in inputs + outputs) > TOTAL_BUDGET:
                raise Skip("inputs/outputs would overrun the 6 MB budget of model_refs")
            used += write_ref(row, feeds, inputs, fetches, outputs)
            status = "ref"
            ins = " ".join(f"{f.name}={f.dtype.name}{list(f.shape)}" for f in feeds)
            outs = " ".join(f.name for f in fetches)
        except Skip as s:
            status = str(s)
        if row["expect"].startswith("error"):
            status += " (negative test)"
        table.append((row["saved_path"], status, ins, outs))
        print(f"{status[:110]:110}  {row['saved_path']}")
    with open(os.path.join(OUT, "INDEX.tsv"), "w") as f:
        f.write("saved_path\tstatus\tfeeds\tfetches\n")
        f.writelines("\t".join(r) + "\n" for r in table)
    refs = sum(1 for r in table if r[1] == "ref")
    print(f"{refs} references, {len(table) - refs} skipped, of {len(table)} model-tier GraphDefs; "
          f"{dir_size(OUT)} bytes in {OUT}; TensorFlow {tf.__version__}")


if __name__ == "__main__":
    main()
