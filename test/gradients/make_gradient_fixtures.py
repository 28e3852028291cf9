#!/usr/bin/env python3
"""Writes test/gradients/fixtures/<name>/: TensorFlow's gradients of one
differentiable op per fixture, the reference data for tfcc's autodiff.

Each fixture is a tf.compat.v1 graph

  x0, x1, ...  Placeholders with fully known shapes (float64; the cases named
               *_f32 are float32; integer inputs such as sparse labels stay int32)
  y            the op under test, applied to them
  R            Const of y's shape, seeded random values (so the upstream
               gradient is not all ones)
  loss         Sum(y * R) over all axes: the node named "loss"
  gradients/*  what tf.gradients(loss, [x0, ...]) added

and the files

  model.pb            binary GraphDef of that whole graph, as TF built it
                      (written in a canonical node order, see writer.canonical)
  model.config.pbtxt  tfcompile Config: feeds x0, x1, ... (every placeholder,
                      shapes included); fetches "loss" (node loss) and
                      "grad_<x>" (TF's gradient tensor for each differentiable x)
  inputs/<x>.npy      the values fed
  outputs/loss.npy, outputs/grad_<x>.npy   TF's values of those fetches
  fixture.json        op, what, dtype, loss, inputs, wrt, tf_gradients
                      ({x: TF tensor name of d loss / d x}), rtol, atol, why
                      (when looser than the dtype's default), ops (op types
                      in model.pb), forward_ops (those outside gradients/),
                      gradient_ops (those under gradients/), dtypes, check

So the e2e runner (test/e2e/run_fixtures.py) can compile TF's own gradient
graph through model.config.pbtxt, and `tfcc compile --train`-style autodiff of
the forward part (loss w.r.t. the wrt placeholders) can be compared with
outputs/grad_*.npy; |tfcc - tf| <= atol + rtol * |tf| elementwise.

Checks before anything is written: every float64 fixture's gradients agree
with central differences of the loss along random directions (so the inputs
are away from kinks and ties), and every float32 fixture's outputs are within
a quarter of its tolerance of the same graph rerun in float64 (or, for ops
without a float64 kernel, of a composite float64 formula's gradients).

Deterministic (inputs and R seeded from the fixture name, one TF thread);
run by scripts/make-fixtures.sh. Regenerates everything, removing stale
fixtures; `make_gradient_fixtures.py NAME...` regenerates only those.
"""
import json
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, HERE)

from fixturegen.fixture import Rand  # noqa: E402
from fixturegen.selfcheck import MAX_SHARE, as_float64  # noqa: E402
from fixturegen.tfenv import SESSION_CONFIG, tf  # noqa: E402
from fixturegen.tolerances import DEFAULT_TOL  # noqa: E402
from fixturegen.writer import (Feed, Fetch, config_text, dir_size, graph_dtypes,  # noqa: E402
                               graph_op_types, save_npy, write_graph, write_text)

import gradcases  # noqa: E402

ROOT = os.path.join(HERE, "fixtures")
BUDGET_BYTES = 2 * 1000 * 1000
FD_STEP, FD_DIRECTIONS, FD_RTOL = 1e-6, 2, 1e-6


class Built:
    """One fixture's graph, before it is written."""

    def __init__(self, case, dtype):
        self.case, self.dtype = case, dtype
        self.name = case.name if dtype == gradcases.F64 or case.name.endswith("_f32") \
            else case.name + "_f32"
        r = Rand(self.name)
        self.inputs, fn = case.make(r, dtype)
        graph = tf.Graph()
        with graph.as_default():
            phs = []
            for i, v in enumerate(self.inputs):
                ph = tf.compat.v1.placeholder(tf.as_dtype(v.dtype), v.shape, name=f"x{i}")
                assert ph.op.name == f"x{i}"
                phs.append(ph)
            y = fn(*phs)
            assert y.shape.is_fully_defined(), (self.name, y.shape)
            self.r_value = r(y.shape.as_list(), y.dtype.as_numpy_dtype, -1, 1)
            r_const = tf.constant(self.r_value, name="R")
            loss = tf.reduce_sum(y * r_const, name="loss")
            assert loss.op.name == "loss", loss.op.name
            self.wrt = [ph for ph in phs if ph.dtype.is_floating]
            grads = tf.gradients(loss, self.wrt)
            self.densified = []
            for i, (x, g) in enumerate(zip(self.wrt, grads)):
                assert g is not None, f"{self.name}: no gradient for {x.op.name}"
                if isinstance(g, tf.IndexedSlices):
                    # GatherV2's gradient is sparse; TF densifies it (UnsortedSegmentSum)
                    # wherever a dense tensor is needed. Do that inside gradients/.
                    with tf.name_scope(f"gradients/densify_{x.op.name}"):
                        grads[i] = tf.convert_to_tensor(g)
                    self.densified.append(x.op.name)
        self.graph_def = graph.as_graph_def()
        self.feed_names = [f"x{i}" for i in range(len(self.inputs))]
        self.wrt_names = [x.op.name for x in self.wrt]
        self.grad_tensors = {x.op.name: g.name for x, g in zip(self.wrt, grads)}

    def fetch_tensors(self):
        return ["loss:0"] + [self.grad_tensors[x] for x in self.wrt_names]


class Runner:
    """The written GraphDef imported into a Session: the outputs are those of
    exactly the model.pb on disk."""

    def __init__(self, graph_def):
        self.graph = tf.Graph()
        with self.graph.as_default():
            tf.import_graph_def(graph_def, name="")
        self.sess = tf.compat.v1.Session(graph=self.graph, config=SESSION_CONFIG)

    def __call__(self, fetches, feeds):
        return self.sess.run(fetches, {k + ":0": v for k, v in feeds.items()})

    def close(self):
        self.sess.close()


def tolerance(b):
    chosen = b.case.tol.f32 if b.dtype == gradcases.F32 else b.case.tol.f64
    default = DEFAULT_TOL[b.dtype]
    out = {"rtol": chosen[0], "atol": chosen[1]}
    if chosen[0] > default[0] or chosen[1] > default[1]:
        out["why"] = b.case.tol.why
    return out


def finite_difference_check(b, run, feeds, grads):
    """Largest |fd - g.d| / max(1, sum|g*d|) over inputs and directions, with
    fd the central difference of the loss along a random unit direction d."""
    rng = np.random.default_rng(12345)
    worst = 0.0
    for x, g in zip(b.wrt_names, grads):
        for _ in range(FD_DIRECTIONS):
            d = rng.standard_normal(feeds[x].shape)
            d /= max(np.linalg.norm(d), 1e-300)
            lp = run("loss:0", {**feeds, x: feeds[x] + FD_STEP * d})
            lm = run("loss:0", {**feeds, x: feeds[x] - FD_STEP * d})
            fd = (lp - lm) / (2 * FD_STEP)
            worst = max(worst, abs(fd - np.sum(g * d)) / max(1.0, float(np.sum(np.abs(g * d)))))
    if worst > FD_RTOL:
        raise RuntimeError(f"{b.name}: TF's gradient and central differences differ "
                           f"({worst:.2e}): an input is too close to a kink?")
    return {"kind": "central differences along random directions",
            "directions_per_input": FD_DIRECTIONS, "step": FD_STEP,
            "max_relative_error": float(f"{worst:.1e}")}


def expected_check(b, grads, tol):
    """For the cases whose gradient is not the derivative of the loss as a
    function (StopGradient, the rounding of a Cast): the gradient TF's rules
    give, written out in numpy."""
    want = b.case.expect([np.asarray(v, np.float64) for v in b.inputs],
                         b.r_value.astype(np.float64))
    used = share(grads, want, tol)
    if used > MAX_SHARE:
        raise RuntimeError(f"{b.name}: TF's gradients are not the expected ones ({used:.2f})")
    return {"kind": "the gradient written out in numpy (see what)",
            "max_share_of_tolerance": float(f"{used:.1e}")}


def share(refs, exact, tol):
    worst = 0.0
    for ref, want in zip(refs, exact):
        err = np.abs(np.asarray(ref, np.float64) - want)
        worst = max(worst, float(np.max(err / (tol["atol"] + tol["rtol"] * np.abs(want)))))
    return worst


def float64_check(b, feeds, outputs, tol):
    """The share of the tolerance that TF's float32 results use, measured
    against the same graph in float64 (or the case's composite reference)."""
    feeds64 = {k: (v.astype(np.float64) if v.dtype == np.float32 else v) for k, v in feeds.items()}
    try:
        run = Runner(as_float64(b.graph_def))
        exact = run(b.fetch_tensors(), feeds64)
        run.close()
        kind = "the same graph rerun in float64"
    except (ValueError, tf.errors.OpError):
        if b.case.reference is None:
            raise RuntimeError(f"{b.name}: no float64 kernel and no reference formula")
        exact = reference_outputs(b, feeds64)
        kind = "gradients of a composite float64 formula of the op"
    used = share(outputs, exact, tol)
    if used > MAX_SHARE:
        raise RuntimeError(f"{b.name}: TF float32 uses {used:.2f} of its tolerance "
                           f"against {kind}; loosen it in gradcases.py")
    return {"kind": kind, "max_share_of_tolerance": float(f"{used:.1e}")}


def reference_outputs(b, feeds64):
    graph = tf.Graph()
    with graph.as_default():
        xs = [tf.constant(feeds64[n]) for n in b.feed_names]
        y = b.case.reference(*xs)
        loss = tf.reduce_sum(y * tf.constant(b.r_value.astype(np.float64)))
        grads = tf.gradients(loss, [xs[b.feed_names.index(n)] for n in b.wrt_names])
    with tf.compat.v1.Session(graph=graph, config=SESSION_CONFIG) as sess:
        return sess.run([loss] + grads)


def node_ops(graph_def, inside):
    return sorted({n.op for n in graph_def.node
                   if n.name.startswith("gradients/") == inside})


def write(b):
    feeds = dict(zip(b.feed_names, b.inputs))
    run = Runner(b.graph_def)
    outputs = run(b.fetch_tensors(), feeds)
    for v in outputs:
        if not np.all(np.isfinite(v)):
            raise RuntimeError(f"{b.name}: non-finite outputs")
    tol = tolerance(b)
    if b.case.expect is not None:
        check = expected_check(b, outputs[1:], tol)
    elif b.dtype == gradcases.F64:
        check = finite_difference_check(b, run, feeds, outputs[1:])
    else:
        check = float64_check(b, feeds, outputs, tol)
    run.close()
    if b.case.op not in node_ops(b.graph_def, False):
        raise RuntimeError(f"{b.name}: forward graph lacks {b.case.op}")

    out_dir = os.path.join(ROOT, b.name)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    write_graph(os.path.join(out_dir, "model.pb"), b.graph_def)
    feed_specs = [Feed(n, n, 0, v.shape, tf.as_dtype(v.dtype)) for n, v in feeds.items()]
    fetch_specs = [Fetch("loss", "loss")]
    for x in b.wrt_names:
        node, index = b.grad_tensors[x].rsplit(":", 1)
        fetch_specs.append(Fetch("grad_" + x, node, int(index)))
    write_text(os.path.join(out_dir, "model.config.pbtxt"), config_text(
        feed_specs, fetch_specs,
        f"tfcompile Config of the {b.name} gradient fixture: loss = sum({b.case.op}(...) * R)\n"
        "and TF's own gradients of it (the gradients/* nodes of model.pb)"))
    for n, v in feeds.items():
        save_npy(os.path.join(out_dir, "inputs", n + ".npy"), v)
    save_npy(os.path.join(out_dir, "outputs", "loss.npy"), outputs[0])
    for x, g in zip(b.wrt_names, outputs[1:]):
        save_npy(os.path.join(out_dir, "outputs", f"grad_{x}.npy"), g)
    meta = {"op": b.case.op, "what": b.case.what, "dtype": b.dtype, "loss": "loss",
            "upstream": "R", "inputs": b.feed_names, "wrt": b.wrt_names,
            "tf_gradients": b.grad_tensors}
    if b.densified:
        meta["densified"] = {
            "inputs": b.densified,
            "why": "TF's gradient for these is an IndexedSlices; the fetched tensor is its "
                   "dense form, made by tf.convert_to_tensor under gradients/densify_<x>/"}
    meta.update(tol)
    meta.update({"ops": graph_op_types(b.graph_def),
                 "forward_ops": node_ops(b.graph_def, False),
                 "gradient_ops": node_ops(b.graph_def, True),
                 "dtypes": graph_dtypes(b.graph_def),
                 "check": check})
    write_text(os.path.join(out_dir, "fixture.json"), json.dumps(meta, indent=1) + "\n")
    return dir_size(out_dir)


def main(argv):
    built = [Built(c, dt) for c in gradcases.CASES for dt in c.dtypes]
    names = [b.name for b in built]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        sys.exit(f"duplicate fixture names {sorted(dupes)}")
    unknown = set(argv) - set(names)
    if unknown:
        sys.exit(f"unknown fixture(s) {sorted(unknown)}")
    if not argv:
        shutil.rmtree(ROOT, ignore_errors=True)
    os.makedirs(ROOT, exist_ok=True)
    sizes = {}
    for b in built:
        if not argv or b.name in argv:
            sizes[b.name] = write(b)
    for name in sorted(sizes):
        print(f"{name:40} {sizes[name]:>8}")
    total = dir_size(ROOT)
    ops = sorted({op for op in (c.op for c in gradcases.CASES)})
    print(f"{len(os.listdir(ROOT))} gradient fixtures ({len(ops)} ops) in {ROOT}: "
          f"{total} bytes; written now: {len(sizes)}; TensorFlow {tf.__version__}")
    if total > BUDGET_BYTES:
        sys.exit(f"gradient fixtures exceed the {BUDGET_BYTES} byte budget")


if __name__ == "__main__":
    main(sys.argv[1:])
