"""Checks that no float32 tolerance is tighter than TensorFlow's own error.

Each float32 fixture's GraphDef is rerun with every float32 made float64
(types, constants, inputs). TF's float32 outputs, the references, must then
be within a fraction of the fixture's tolerance of that more exact result;
otherwise a correct implementation that rounds differently from TF could
fail. Ops without a float64 kernel are passed over.
"""
import glob
import json
import os

import numpy as np
from tensorflow.core.framework import types_pb2

from .tfenv import run_graph, tf

# A reference may use at most this share of its tolerance.
MAX_SHARE = 0.25


def as_float64(graph_def):
    out = tf.compat.v1.GraphDef()
    out.CopyFrom(graph_def)
    for node in out.node:
        for attr in node.attr.values():
            kind = attr.WhichOneof("value")
            if kind == "type" and attr.type == types_pb2.DT_FLOAT:
                attr.type = types_pb2.DT_DOUBLE
            elif kind == "list":
                attr.list.type[:] = [types_pb2.DT_DOUBLE if t == types_pb2.DT_FLOAT else t
                                     for t in attr.list.type]
            elif kind == "tensor" and attr.tensor.dtype == types_pb2.DT_FLOAT:
                value = tf.make_ndarray(attr.tensor).astype(np.float64)
                attr.tensor.CopyFrom(tf.make_tensor_proto(value))
    return out


def share_of_tolerance(fixture_dir, meta):
    """The largest |tf_f32 - tf_f64| / (atol + rtol * |tf_f64|) over the
    outputs, or None when TF cannot run the graph in float64."""
    graph_def = tf.compat.v1.GraphDef()
    with open(os.path.join(fixture_dir, "model.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    feeds = {}
    for path in glob.glob(os.path.join(fixture_dir, "inputs", "*.npy")):
        value = np.load(path)
        name = os.path.basename(path)[:-4] + ":0"
        feeds[name] = value.astype(np.float64) if value.dtype == np.float32 else value
    outputs = sorted(glob.glob(os.path.join(fixture_dir, "outputs", "*.npy")))
    graph = tf.Graph()
    try:
        with graph.as_default():
            tf.import_graph_def(as_float64(graph_def), name="")
        exact = run_graph(graph, [os.path.basename(p)[:-4] + ":0" for p in outputs], feeds)
    except (ValueError, tf.errors.OpError):
        return None
    share = 0.0
    for path, want in zip(outputs, exact):
        ref = np.load(path)
        if ref.dtype == np.float32 and ref.size:
            err = np.abs(ref.astype(np.float64) - want)
            share = max(share, float(np.max(err / (meta["atol"] + meta["rtol"] * np.abs(want)))))
    return share


def check(root, names):
    """Returns the fixtures among `names` whose references use too much of
    their tolerance; prints how many were checked."""
    checked, too_tight = 0, []
    for name in sorted(names):
        fixture_dir = os.path.join(root, name)
        with open(os.path.join(fixture_dir, "fixture.json")) as f:
            meta = json.load(f)
        if "float32" not in meta["dtypes"]:
            continue
        share = share_of_tolerance(fixture_dir, meta)
        if share is None:
            continue
        checked += 1
        if share > MAX_SHARE:
            too_tight.append(f"{name} ({share:.2f} of its tolerance)")
    print(f"tolerance self-check: {checked} float32 fixtures rerun in float64; "
          f"{len(too_tight)} use more than {MAX_SHARE:.0%} of their tolerance {too_tight}")
    return too_tight
