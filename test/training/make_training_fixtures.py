#!/usr/bin/env python3
"""Writes test/training/fixtures/<model>_<opt>/: 20 steps of TensorFlow
training, the reference for tfcc-compiled training steps.

Models (trainmodels.py): mlp (64 -> 32 relu -> 10, batch 16) and cnn
(8x8x1 -> conv3x3 4 + relu -> maxpool -> conv3x3 8 + relu -> maxpool -> dense
10, batch 8), both with loss = reduce_mean(softmax_cross_entropy_with_logits);
optimizers sgd (GradientDescentOptimizer(0.1)) and adam (AdamOptimizer(0.01),
TF's defaults otherwise), minimize(loss, global_step=global_step). Variables
are TF1 ref variables (VariableV2, read through <var>/read, updated in place
by ApplyGradientDescent / ApplyAdam), each initialized from a Const holding
its seeded initial value, so the "init" op sets exactly init/*.npy.

Files of a fixture:

  train_graph.pb    the whole graph TF built: placeholders x, y; the model and
                    loss; gradients/*; the optimizer (Apply*, Adam's slots and
                    beta powers); global_step; "train_op" (global_step's
                    AssignAdd, run after every update); "init"
  forward_graph.pb  the model and loss alone, with the same node names and
                    the same variables and "init", no optimizer, no
                    global_step: what `tfcc compile --train` differentiates
  init/<var>.npy    initial value of every variable of train_graph.pb, file
                    name = variable name with "/" replaced by "__"
  batches/x.npy     all inputs stacked: [20, batch, ...]; step i feeds x[i]
  batches/y.npy     one-hot labels stacked: [20, batch, 10]; step i feeds y[i]
  expected/losses.npy   [20] float32: "loss" fetched in the same
                    sess.run as "train_op" at each step (before that update)
  expected/<var>.npy    every variable after the 20 steps (trainable ones,
                    Adam's <var>/Adam, <var>/Adam_1, beta1_power, beta2_power,
                    global_step), same file naming as init/
  fixture.json      see write_fixture()

Tolerances: the same training rerun in float64 (same initial values and
batches) measures how far TF's float32 results are from exact arithmetic;
rtol = atol are set to MARGIN times that, rounded up to 1, 2 or 5 times a
power of ten, so a correct float32 implementation that rounds differently
from TF stays well inside them.

Deterministic (seeded initial values and batches, one TF thread); run by
scripts/make-fixtures.sh.
"""
import json
import math
import os
import shutil
import sys
from contextlib import nullcontext

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT_DIR = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT_DIR, "test", "e2e"))
sys.path.insert(0, os.path.join(ROOT_DIR, "examples", "digits"))
sys.path.insert(0, HERE)

from fixturegen.fixture import Rand  # noqa: E402
from fixturegen.models import glorot  # noqa: E402
from fixturegen.tfenv import SESSION_CONFIG, tf  # noqa: E402
from fixturegen.writer import (dir_size, graph_dtypes, graph_op_types, save_npy,  # noqa: E402
                               write_graph, write_text)
from train_digits import load_split  # noqa: E402

import trainmodels  # noqa: E402
from trainmodels import ADAM, MODELS, SGD, v1_optimizer  # noqa: E402

OUT = os.path.join(HERE, "fixtures")
STEPS = 20
MARGIN = 10
BUDGET_BYTES = 1500 * 1000


def file_name(var):
    return var.replace("/", "__") + ".npy"


def initial_values(model):
    """Seeded per model (sgd and adam start from the same point): Glorot-
    uniform kernels, biases uniform in [-0.1, 0.1]."""
    r = Rand(model.name + " init")
    out = {}
    for name, shape, kind in model.variables:
        out[name] = glorot(r, shape) if kind == "kernel" else (
            r(shape, "float32", -0.1, 0.1) if kind == "bias" else np.zeros(shape, np.float32))
    return out


def batches(model):
    """STEPS batches drawn without replacement from examples/digits' training
    split (pixels / 16) in a seeded order; labels one-hot."""
    x_train, _, y_train, _ = load_split()
    order = Rand(model.name + " batches").rng.permutation(len(x_train))[:STEPS * model.batch]
    x = x_train[order].reshape(STEPS, *model.x_shape).astype(np.float32)
    y = np.eye(trainmodels.CLASSES, dtype=np.float32)[y_train[order]].reshape(STEPS, *model.y_shape)
    return x, y


def create_variables(model, init, dtype, use_resource):
    """get_variable per model variable, under one variable_scope per prefix,
    initialized from a Const of its value."""
    params, scopes = {}, {}
    for name, shape, _ in model.variables:
        scope, _, leaf = name.rpartition("/")
        scopes.setdefault(scope, []).append((name, leaf, shape))
    for scope, members in scopes.items():
        with tf.compat.v1.variable_scope(scope) if scope else nullcontext():
            for name, leaf, shape in members:
                params[name] = tf.compat.v1.get_variable(
                    leaf, shape, dtype,
                    initializer=tf.compat.v1.constant_initializer(init[name].astype(dtype)),
                    use_resource=use_resource)
                assert params[name].op.name == name, params[name].op.name
    return params


def build(model, opt, init, dtype=np.float32, use_resource=False):
    """A tf.Graph with x, y, the model's variables and loss, and (opt not
    None) global_step and opt's train_op; always "init"."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(dtype, model.x_shape, name="x")
        y = tf.compat.v1.placeholder(dtype, model.y_shape, name="y")
        params = create_variables(model, init, dtype, use_resource)
        loss = model.loss(params, x, y)
        assert loss.op.name == "loss" and x.op.name == "x" and y.op.name == "y"
        if opt is not None:
            step = tf.compat.v1.get_variable(
                "global_step", [], tf.int64, initializer=tf.compat.v1.zeros_initializer(),
                trainable=False, use_resource=use_resource,
                collections=[tf.compat.v1.GraphKeys.GLOBAL_VARIABLES,
                             tf.compat.v1.GraphKeys.GLOBAL_STEP])
            train = v1_optimizer(opt).minimize(loss, global_step=step, name="train_op")
            assert train.name == "train_op", train.name
        init_op = tf.compat.v1.global_variables_initializer()
        assert init_op.name == "init", init_op.name
        variables = [(v.op.name, v.shape.as_list(), v.dtype.base_dtype.name, v.trainable)
                     for v in tf.compat.v1.global_variables()]
    return graph.as_graph_def(), variables


def train(graph_def, variables, xs, ys):
    """Runs the serialized train graph: init, then STEPS x sess.run([loss,
    train_op]); returns the losses and every variable's final value."""
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
        values = {}  # a ref variable's output is its value; a resource needs a read
        for name, _, dtype, _ in variables:
            t = graph.get_tensor_by_name(name + ":0")
            values[name] = (tf.raw_ops.ReadVariableOp(resource=t, dtype=tf.as_dtype(dtype))
                            if t.op.type == "VarHandleOp" else t)
    with tf.compat.v1.Session(graph=graph, config=SESSION_CONFIG) as sess:
        sess.run("init")
        start = sess.run(values)
        losses = []
        for i in range(STEPS):
            loss, _ = sess.run(["loss:0", "train_op"], {"x:0": xs[i], "y:0": ys[i]})
            losses.append(loss)
        final = sess.run(values)
    return start, np.asarray(losses), final


def nice_ceiling(x):
    """The smallest 1, 2 or 5 times a power of ten that is >= x."""
    e = math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10 ** e >= x * (1 - 1e-12):
            return float(f"{m * 10 ** e:.0e}")


def drift(ref, exact):
    """max |ref - exact| / (1 + |exact|): the error measure atol = rtol = t
    bounds by t."""
    return float(np.max(np.abs(ref.astype(np.float64) - exact) / (1 + np.abs(exact))))


def write_fixture(model, opt):
    name = f"{model.name}_{opt['name']}"
    init = initial_values(model)
    xs, ys = batches(model)
    train_def, variables = build(model, opt, init)
    forward_def, forward_vars = build(model, None, init)
    train_nodes = {n.name: n for n in train_def.node}
    for node in forward_def.node:  # the forward graph is a subgraph of the train graph
        if node.name == "init":  # which also initializes the optimizer's variables
            assert set(node.input) <= set(train_nodes["init"].input), name
        else:
            assert node == train_nodes.get(node.name), f"{name}: {node.name} differs"
    start, losses, final = train(train_def, variables, xs, ys)
    for var, value in init.items():
        assert np.array_equal(start[var], value), var  # "init" sets init/ exactly

    # The same run in float64 and with resource variables, to measure and check.
    train64, vars64 = build(model, opt, init, np.float64)
    _, losses64, final64 = train(train64, vars64, xs.astype(np.float64), ys.astype(np.float64))
    trainable = [v for v, _, _, t in variables if t]
    d_loss = drift(losses, losses64)
    d_vars = max(drift(final[v], final64[v]) for v, _, dt, _ in variables if dt != "int64")
    tol = nice_ceiling(MARGIN * max(d_loss, d_vars))
    res_def, res_vars = build(model, opt, init, use_resource=True)
    _, losses_res, final_res = train(res_def, res_vars, xs, ys)
    same_as_resource = bool(np.array_equal(losses, losses_res) and all(
        np.array_equal(final[v], final_res[v]) for v, *_ in variables))
    if not same_as_resource:
        sys.exit(f"{name}: ref and resource variables train differently: a read raced an update?")

    out = os.path.join(OUT, name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    write_graph(os.path.join(out, "train_graph.pb"), train_def)
    write_graph(os.path.join(out, "forward_graph.pb"), forward_def)
    for var, value in start.items():
        save_npy(os.path.join(out, "init", file_name(var)), value)
    save_npy(os.path.join(out, "batches", "x.npy"), xs)
    save_npy(os.path.join(out, "batches", "y.npy"), ys)
    save_npy(os.path.join(out, "expected", "losses.npy"), losses.astype(np.float32))
    for var, value in final.items():
        save_npy(os.path.join(out, "expected", file_name(var)), value)

    hyper = {k: v for k, v in opt.items() if k != "name"}
    meta = {
        "model": model.name,
        "what": " ".join((model.loss.__doc__ or "").split()),
        "optimizer": {"name": opt["name"],
                      "tf": ("tf.compat.v1.train.GradientDescentOptimizer" if opt["name"] == "sgd"
                             else "tf.compat.v1.train.AdamOptimizer"),
                      **hyper, "use_locking": False,
                      "update_op": "ApplyGradientDescent" if opt["name"] == "sgd" else "ApplyAdam"},
        "variable_kind": "ref (VariableV2, Assign, <var>/read Identity)",
        "feeds": {"x": {"node": "x", "shape": model.x_shape, "dtype": "float32"},
                  "y": {"node": "y", "shape": model.y_shape, "dtype": "float32",
                        "what": "one-hot labels"}},
        "loss": "loss", "logits": "logits", "train_op": "train_op", "init": "init",
        "global_step": "global_step",
        "steps": STEPS, "batch_size": model.batch,
        "batches": {"x": "batches/x.npy", "y": "batches/y.npy",
                    "layout": f"stacked: x is [{STEPS}, {', '.join(map(str, model.x_shape))}], "
                              f"y is [{STEPS}, {', '.join(map(str, model.y_shape))}]; "
                              "step i feeds x[i] and y[i]"},
        "losses": "expected/losses.npy",
        "losses_what": "loss fetched in the same sess.run as train_op, i.e. before step i's update",
        "trainable_variables": trainable,
        "variables": [{"name": v, "shape": shape, "dtype": dt, "trainable": t,
                       "init": "init/" + file_name(v), "expected": "expected/" + file_name(v)}
                      for v, shape, dt, t in variables],
        "forward_graph": {"file": "forward_graph.pb", "loss": "loss", "init": "init",
                          "variables": [v for v, *_ in forward_vars],
                          "ops": graph_op_types(forward_def)},
        "train_graph_ops": graph_op_types(train_def),
        "dtypes": graph_dtypes(train_def),
        "rtol": tol, "atol": tol,
        "tolerance_why": (f"{MARGIN}x the largest |tf_float32 - tf_float64| / (1 + |tf_float64|) "
                          f"over the losses and final variables, the same training rerun in "
                          f"float64, rounded up"),
        "float64_drift": {"losses": float(f"{d_loss:.2e}"), "variables": float(f"{d_vars:.2e}")},
        "checks": ["init sets the variables to init/*.npy exactly",
                   "every node of forward_graph.pb is in train_graph.pb, identical (init: a subset "
                   "of the train graph's init's inputs)",
                   "resource variables (ReadVariableOp, ResourceApply*) give bit-identical "
                   "losses and variables: no read of a variable raced its update"],
    }
    write_text(os.path.join(out, "fixture.json"), json.dumps(meta, indent=1) + "\n")
    print(f"{name:12} {dir_size(out):>8} bytes; losses {losses[0]:.4f} -> {losses[-1]:.4f}; "
          f"float64 drift: loss {d_loss:.1e}, variables {d_vars:.1e}; tolerance {tol:g}")


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for model in ("mlp", "cnn"):
        for opt in (SGD, ADAM):
            write_fixture(MODELS[model], opt)
    total = dir_size(OUT)
    print(f"training fixtures in {OUT}: {total} bytes; TensorFlow {tf.__version__}")
    if total > BUDGET_BYTES:
        sys.exit(f"training fixtures exceed the {BUDGET_BYTES} byte budget")


if __name__ == "__main__":
    main()
