#!/usr/bin/env python3
"""Training steps per second: tfcc's compiled train steps against TensorFlow
on the same models and batch sizes, in one run, with ratios.

  tfcc   build/bin/tfcc_train_bench (Google Benchmark; C++ calls of the
         compiled `train` signature): TF's own training graph compiled as it
         is (tfcc TF-graph) and the forward graph differentiated by tfcc
         (tfcc --train)
  TF     tf_train_bench.py: tf.compat.v1 Session.run of the train graph, and
         a tf.function step (skipped with a message when TensorFlow is absent)

usage: run_train_bench.py [--tfcc-bench build/bin/tfcc_train_bench]
                          [--python /path/to/python-with-tensorflow]
                          [--threads 1] [--steps 300] [--markdown out.md]
The tfcc figures are medians of 5 repetitions; TF's are medians of per-step
times (see tf_train_bench.py). Ratio = TF step time / tfcc step time.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = ["mlp_sgd", "mlp_adam", "cnn_sgd", "cnn_adam", "softmax", "digits_mlp"]
BATCH = {"mlp_sgd": 16, "mlp_adam": 16, "cnn_sgd": 8, "cnn_adam": 8, "softmax": 100,
         "digits_mlp": 100}


def tfcc_times(bench, threads):
    """{name: median microseconds per step} from the Google Benchmark JSON."""
    r = subprocess.run([bench, f"--threads={threads}", "--benchmark_format=json",
                        "--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true",
                        "--benchmark_min_time=0.3s"], capture_output=True, text=True, check=True)
    out = {}
    for b in json.loads(r.stdout)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            out[b["run_name"]] = b["real_time"]  # microseconds (Unit set in the bench)
    return out


def tf_times(python, threads, steps):
    """{(model, mode): median microseconds}, or None with the reason."""
    probe = subprocess.run([python, "-c", "import tensorflow"], capture_output=True)
    if probe.returncode != 0:
        return None, f"TensorFlow is not importable by {python}"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tf.json")
        r = subprocess.run([python, os.path.join(HERE, "tf_train_bench.py"), "--threads",
                            str(threads), "--steps", str(steps), "--json", path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            return None, "tf_train_bench.py failed: " + (r.stderr.strip().splitlines() or ["?"])[-1]
        with open(path) as f:
            data = json.load(f)
    out = {}
    for row in data["results"]:
        out[(row["model"], row["mode"])] = row["median_ms"] * 1000.0
    return out, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tfcc-bench", default=os.path.join(ROOT, "build", "bin", "tfcc_train_bench"))
    ap.add_argument("--python", default=os.environ.get("TFCC_TF_PYTHON", sys.executable))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--markdown")
    args = ap.parse_args()

    tf, why = tf_times(args.python, args.threads, args.steps)
    ours = tfcc_times(args.tfcc_bench, args.threads)
    if tf is None:
        print(f"TensorFlow skipped: {why}")
        tf = {}
    head = ("| model | batch | tfcc TF-graph µs | tfcc --train µs | TF Session µs | TF tf.function µs "
            "| Session / tfcc | tf.function / tfcc |")
    lines = [head, "|" + "---|" * 8]
    for m in MODELS:
        a, d = ours.get(f"{m}_tf"), ours.get(f"{m}_ad")
        s, f = tf.get((m, "session")), tf.get((m, "function"))
        best = min(x for x in (a, d) if x is not None)
        cell = lambda v: f"{v:.1f}" if v is not None else "-"
        ratio = lambda v: f"{v / best:.1f}x" if v is not None else "-"
        lines.append(f"| {m} | {BATCH[m]} | {cell(a)} | {cell(d)} | {cell(s)} | {cell(f)} "
                     f"| {ratio(s)} | {ratio(f)} |")
    text = "\n".join(lines)
    print(f"threads: {args.threads}\n{text}")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
