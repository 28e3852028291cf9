#!/usr/bin/env python3
"""TensorFlow's training speed on the models tfcc's training work targets,
the baseline for compiled training steps. Needs TensorFlow (e.g. the venv of
scripts/make-fixtures.sh), not tfcc.

Models (the batch sizes of their fixtures):
  mlp_sgd, mlp_adam, cnn_sgd, cnn_adam   test/training/fixtures/<name>/
                                          (train_graph.pb, batches/; batch 16 / 8)
  softmax, digits_mlp                     examples/mnist_softmax/{softmax,mlp}_train.pb
                                          (train_x/train_y.npy; batch 100)
Modes:
  session    tf.compat.v1.Session.run(<train op>, feed_dict) on the committed
             TF1 train graph itself (ref variables, Apply* ops), numpy feeds
  function   a TF2 step: tf.function with GradientTape over tf.Variables and
             the optimizer's own kernels (ResourceApplyGradientDescent /
             ResourceApplyAdam, TF1 Adam's beta-power updates), the same math
             as the graph (trainmodels.py); the feeds are tensors made before
             timing. Before timing, both modes train 20 steps from the same
             initial values and their losses must agree.

Each step is timed separately (time.perf_counter) after warm-up steps, in
rounds that interleave all models and modes (so that a burst of load on a
shared machine hits all of them); the report gives the median step time over
all rounds, steps/s = 1 / median, the 10th and 90th percentiles (how noisy
the machine was) and the best round's median.

usage: tf_train_bench.py [--threads 1|2] [--steps N] [--warmup N] [--rounds N]
                         [--models a,b] [--modes session,function]
                         [--onednn keep|0|1] [--json out.json]
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "test", "training", "fixtures")
EXAMPLE = os.path.join(ROOT, "examples", "mnist_softmax")
MODELS = ["mlp_sgd", "mlp_adam", "cnn_sgd", "cnn_adam", "softmax", "digits_mlp"]
MODES = ["session", "function"]
CHECK_STEPS = 20


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=1, choices=[1, 2],
                   help="intra- and inter-op threads (and OMP_NUM_THREADS)")
    p.add_argument("--steps", type=int, default=300, help="timed steps per model and mode")
    p.add_argument("--warmup", type=int, default=30, help="untimed steps first")
    p.add_argument("--rounds", type=int, default=5,
                   help="the timed steps are split into this many interleaved rounds")
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--onednn", default="keep", choices=["keep", "0", "1"],
                   help="set TF_ENABLE_ONEDNN_OPTS (keep: leave the environment's)")
    p.add_argument("--json", help="write the results here")
    args = p.parse_args()
    args.models = args.models.split(",")
    args.modes = args.modes.split(",")
    for m in args.models:
        if m not in MODELS:
            p.error(f"unknown model {m}; choose from {MODELS}")
    for m in args.modes:
        if m not in MODES:
            p.error(f"unknown mode {m}; choose from {MODES}")
    return args


ARGS = parse_args()
os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
if ARGS.onednn != "keep":
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = ARGS.onednn

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(ARGS.threads)
tf.config.threading.set_inter_op_parallelism_threads(ARGS.threads)
sys.path.insert(0, os.path.join(ROOT, "test", "training"))
import trainmodels  # noqa: E402

SESSION_CONFIG = tf.compat.v1.ConfigProto(intra_op_parallelism_threads=ARGS.threads,
                                          inter_op_parallelism_threads=ARGS.threads)


class Workload:
    """One model: its TF1 train graph, feeds, train target, variables,
    optimizer, and the batches to cycle through."""

    def __init__(self, name):
        self.name = name
        if name.startswith(("mlp_", "cnn_")):
            self._fixture(name)
        else:
            self._example(name)
        self.batch = self.xs[0].shape[0]

    def _fixture(self, name):
        d = os.path.join(FIXTURES, name)
        with open(os.path.join(d, "fixture.json")) as f:
            meta = json.load(f)
        self.graph_file = os.path.join(d, "train_graph.pb")
        self.model = trainmodels.MODELS[meta["model"]]
        self.feeds = ("x:0", "y:0")
        self.target, self.loss = meta["train_op"], meta["loss"] + ":0"
        self.variables = meta["trainable_variables"]
        self.opt = {k: v for k, v in meta["optimizer"].items()
                    if k in ("name", "learning_rate", "beta1", "beta2", "epsilon")}
        self.global_step = True
        x, y = np.load(os.path.join(d, "batches", "x.npy")), np.load(os.path.join(d, "batches", "y.npy"))
        self.xs, self.ys = list(x), list(y)

    def _example(self, name):
        stem = {"softmax": "softmax", "digits_mlp": "mlp"}[name]
        self.graph_file = os.path.join(EXAMPLE, f"{stem}_train.pb")
        self.model = trainmodels.MODELS[name]
        self.feeds = ("x:0", "y_:0")
        self.target, self.loss = "train_step", self.model.loss_node + ":0"
        self.variables = [v for v, *_ in self.model.variables]
        self.opt = trainmodels.EXAMPLE_OPTIMIZERS[name]
        self.global_step = False
        x, y = np.load(os.path.join(EXAMPLE, "train_x.npy")), np.load(os.path.join(EXAMPLE, "train_y.npy"))
        b = self.model.batch
        self.xs = [x[i:i + b] for i in range(0, len(x) - b + 1, b)]
        self.ys = [y[i:i + b] for i in range(0, len(y) - b + 1, b)]

    def session(self):
        """(step(i), loss(i), close, initial variable values) on the TF1 graph."""
        graph_def = tf.compat.v1.GraphDef()
        with open(self.graph_file, "rb") as f:
            graph_def.ParseFromString(f.read())
        graph = tf.Graph()
        with graph.as_default():
            tf.import_graph_def(graph_def, name="")
        sess = tf.compat.v1.Session(graph=graph, config=SESSION_CONFIG)
        sess.run("init")
        init = {v: sess.run(v + ":0") for v in self.variables}
        fx, fy = self.feeds
        n = len(self.xs)

        def step(i):
            sess.run(self.target, {fx: self.xs[i % n], fy: self.ys[i % n]})

        def loss_and_step(i):
            return sess.run([self.loss, self.target], {fx: self.xs[i % n], fy: self.ys[i % n]})[0]
        return step, loss_and_step, sess.close, init

    def function(self, init):
        """(step(i), loss(i)) of a tf.function train step from `init`."""
        params = {v: tf.Variable(init[v], name=v.replace("/", "_")) for v in self.variables}
        var_list = [params[v] for v in self.variables]
        opt, model = self.opt, self.model
        step_var = tf.Variable(0, dtype=tf.int64) if self.global_step else None
        if opt["name"] == "adam":
            slots = [(tf.Variable(tf.zeros_like(v)), tf.Variable(tf.zeros_like(v))) for v in var_list]
            b1p = tf.Variable(opt["beta1"], dtype=tf.float32)
            b2p = tf.Variable(opt["beta2"], dtype=tf.float32)
        lr = tf.constant(opt["learning_rate"], tf.float32)
        spec = [tf.TensorSpec(model.x_shape, tf.float32), tf.TensorSpec(model.y_shape, tf.float32)]

        @tf.function(input_signature=spec)
        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = model.loss(params, x, y)
            grads = tape.gradient(loss, var_list)
            if opt["name"] == "sgd":
                for v, g in zip(var_list, grads):
                    tf.raw_ops.ResourceApplyGradientDescent(var=v.handle, alpha=lr, delta=g)
            else:
                for v, g, (m, s) in zip(var_list, grads, slots):
                    tf.raw_ops.ResourceApplyAdam(
                        var=v.handle, m=m.handle, v=s.handle, beta1_power=b1p.read_value(),
                        beta2_power=b2p.read_value(), lr=lr, beta1=tf.constant(opt["beta1"]),
                        beta2=tf.constant(opt["beta2"]), epsilon=tf.constant(opt["epsilon"]),
                        grad=g)
                b1p.assign(b1p * opt["beta1"])  # after every ApplyAdam, as TF1's _finish
                b2p.assign(b2p * opt["beta2"])
            if step_var is not None:
                step_var.assign_add(1)
            return loss

        xs = [tf.constant(x) for x in self.xs]
        ys = [tf.constant(y) for y in self.ys]
        n = len(xs)

        def step(i):
            train_step(xs[i % n], ys[i % n])

        def loss_and_step(i):
            return train_step(xs[i % n], ys[i % n]).numpy()
        return step, loss_and_step


def time_steps(step, first, steps):
    times = []
    for i in range(first, first + steps):
        t0 = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - t0)
    return times


def summary(name, mode, batch, times, round_medians):
    q = statistics.quantiles(times, n=10)
    med = statistics.median(times)
    return {"model": name, "mode": mode, "batch": batch, "steps": len(times),
            "median_ms": round(med * 1e3, 4), "p10_ms": round(q[0] * 1e3, 4),
            "p90_ms": round(q[-1] * 1e3, 4), "steps_per_s": round(1 / med, 1),
            "mean_steps_per_s": round(len(times) / sum(times), 1),
            "best_round_median_ms": round(min(round_medians) * 1e3, 4)}


def main():
    checks, runners = {}, []
    load = os.getloadavg()[0]
    print(f"TensorFlow {tf.__version__}, {ARGS.threads} thread(s), TF_ENABLE_ONEDNN_OPTS="
          f"{os.environ.get('TF_ENABLE_ONEDNN_OPTS', '(unset: TF default)')}, "
          f"{os.cpu_count()} CPUs visible, load average {load:.2f}")
    for name in ARGS.models:
        w = Workload(name)
        # Same math: both modes train CHECK_STEPS steps from the same start.
        _, sess_loss, close, init = w.session()
        ref = np.array([sess_loss(i) for i in range(CHECK_STEPS)])
        close()
        if "function" in ARGS.modes:
            _, fn_loss = w.function(init)
            got = np.array([fn_loss(i) for i in range(CHECK_STEPS)])
            diff = float(np.max(np.abs(got - ref) / (1 + np.abs(ref))))
            checks[name] = diff
            if diff > 1e-4:
                sys.exit(f"{name}: the tf.function step's losses differ from the graph's ({diff:.1e})")
        for mode in ARGS.modes:
            step = w.session()[0] if mode == "session" else w.function(init)[0]
            for i in range(ARGS.warmup):
                step(i)
            runners.append((name, mode, w.batch, step))
    # Rounds interleave the configurations, so that a burst of load on a shared
    # machine slows all of them rather than one.
    per_round = max(1, ARGS.steps // ARGS.rounds)
    times = {(n, m): [] for n, m, _, _ in runners}
    medians = {(n, m): [] for n, m, _, _ in runners}
    for r in range(ARGS.rounds):
        for name, mode, _, step in runners:
            t = time_steps(step, ARGS.warmup + r * per_round, per_round)
            times[(name, mode)] += t
            medians[(name, mode)].append(statistics.median(t))
    results = [summary(n, m, b, times[(n, m)], medians[(n, m)]) for n, m, b, _ in runners]
    print(f"{'model':12} {'mode':9} {'batch':>5} {'median ms':>10} {'p10 ms':>8} {'p90 ms':>8} "
          f"{'steps/s':>9} {'best round ms':>14}")
    for r in results:
        print(f"{r['model']:12} {r['mode']:9} {r['batch']:>5} {r['median_ms']:>10.3f} "
              f"{r['p10_ms']:>8.3f} {r['p90_ms']:>8.3f} {r['steps_per_s']:>9.1f} "
              f"{r['best_round_median_ms']:>14.3f}")
    if checks:
        print("tf.function vs Session losses over the first "
              f"{CHECK_STEPS} steps, max |diff| / (1 + |loss|): "
              + ", ".join(f"{k} {v:.1e}" for k, v in checks.items()))
    if ARGS.json:
        out = {"tensorflow": tf.__version__, "threads": ARGS.threads,
               "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default"),
               "steps": ARGS.steps, "warmup": ARGS.warmup, "rounds": ARGS.rounds,
               "machine": {"platform": platform.platform(), "processor": platform.processor(),
                           "cpus_visible": os.cpu_count(),
                           "load_average_at_start": round(load, 2),
                           "load_average_at_end": round(os.getloadavg()[0], 2)},
               "function_vs_session_loss_diff": checks, "results": results}
        with open(ARGS.json, "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
