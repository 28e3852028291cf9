#!/usr/bin/env python3
"""Side-by-side benchmark of tfcc against other runtimes on the same models,
in one run on one machine: TensorFlow (Session.run, tf.function, XLA via
jit_compile=True), ONNX Runtime and IREE, each with 1 and 2 threads.

  run_peers.py [--tfcc build/bin/tfcc] [--work-dir /tmp/tfcc-peers]
               [--models mlp_b1,...] [--peers tfcc-ctypes,tf,ort,iree]
               [--threads 1,2] [--min-time 1] [--gemm-bench build/bin/tfcc_gemm_bench]
               [--doc docs/PERFORMANCE.md | --no-doc]

Run it with a Python that has TensorFlow (it makes the models); every peer
is optional and skipped with a message when its package is missing (see
test/bench/peers/README.md for the venv). Nothing here is a dependency of
tfcc's build or tests.

Steps: (1) models.py makes each model with TensorFlow (frozen GraphDef,
static shapes, seeded weights and inputs; tf2onnx's ONNX copy); (2) `tfcc
compile --emit=shared-lib` builds each one and tfcc_timer.cpp (C++, the C
ABI) times it; (3) peers.py times each peer in its own process per thread
count; (4) every output is checked against TF's Session.run; (5) the
tables of medians and tfcc/peer time ratios are printed and written
between the markers of docs/PERFORMANCE.md's peer section, with the
machine, its load average and this command.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))

ALL_MODELS = ["mlp_b1", "mlp_b64", "digits_b1", "digits_b64", "cnn_b1", "cnn_b32",
              "lstm_step", "gemm256", "gemm1024", "gemm2048"]
ALL_PEERS = ["tfcc-ctypes", "tf", "ort", "iree"]
# Columns of the tables: (method, heading). tfcc is always first.
METHODS = [("tfcc", "tfcc (C++)"), ("tfcc_ctypes", "tfcc (ctypes)"),
           ("tf_session", "TF Session.run"), ("tf_function", "tf.function"),
           ("tf_xla", "tf.function XLA"), ("ort", "ONNX Runtime"), ("iree", "IREE"),
           ("iree_dt", "IREE data-tiled")]
PEER_METHODS = ["tf_session", "tf_function", "tf_xla", "ort", "iree", "iree_dt"]
WORKER_METHODS = {"tfcc-ctypes": ["tfcc_ctypes"], "tf": ["tf_session", "tf_function", "tf_xla"],
                  "ort": ["ort"], "iree": ["iree", "iree_dt"], "paired-ort": ["paired_ort"]}
HEADING = dict(METHODS)
BEGIN, END = "<!-- run_peers:begin -->", "<!-- run_peers:end -->"
# Goals as limits on tfcc's time ÷ the best peer's time.
GOALS = {"latency": ("latency ≤ 0.5× (time ratio ≤ 0.5)", 0.5),
         "throughput": ("throughput ≥ 1.0× (time ratio ≤ 1.0)", 1.0)}


def log(msg):
    print(msg, flush=True)


def fail(msg):
    sys.exit(f"run_peers.py: error: {msg}")


def csv(text):
    return [x for x in text.split(",") if x]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tfcc", default=os.path.join(REPO, "build/bin/tfcc"),
                   help="the tfcc driver (default: build/bin/tfcc)")
    p.add_argument("--work-dir", default="/tmp/tfcc-peers",
                   help="models, libraries and outputs go here (default: /tmp/tfcc-peers)")
    p.add_argument("--models", type=csv, default=ALL_MODELS,
                   help=f"comma-separated, from {','.join(ALL_MODELS)} (default: all)")
    p.add_argument("--peers", type=csv, default=ALL_PEERS,
                   help=f"comma-separated, from {','.join(ALL_PEERS)} (default: all)")
    p.add_argument("--threads", type=lambda s: [int(t) for t in csv(s)], default=[1, 2],
                   help="thread counts (default: 1,2)")
    p.add_argument("--min-time", type=float, default=0.5,
                   help="seconds of timed samples per model, method and thread count")
    p.add_argument("--warmup", type=float, default=0.2, help="seconds of warmup calls")
    p.add_argument("--rounds", type=int, default=3,
                   help="times every cell is measured, blocks in alternating order; the "
                   "lowest median is kept (default: 3)")
    p.add_argument("--python", default=sys.executable,
                   help="interpreter of the worker processes (default: this one)")
    p.add_argument("--cxx", default=os.environ.get("CXX", "c++"),
                   help="C++ compiler for tfcc_timer (default: $CXX or c++)")
    p.add_argument("--tfcc-flags", type=shlex.split, default=[],
                   help="more `tfcc compile` flags, e.g. '--target-cpu=native'")
    p.add_argument("--no-paired", action="store_true",
                   help="skip the paired run: tfcc (ctypes) and ONNX Runtime in one process, "
                   "samples alternated, at 1 thread (done when ort is a peer and 1 a thread count)")
    p.add_argument("--gemm-bench", help="also run this tfcc_gemm_bench (tfcc_rt_matmul_f32 "
                   "against Eigen and OpenBLAS) and report it")
    p.add_argument("--gemm-repetitions", type=int, default=9,
                   help="interleaved repetitions of each GEMM; the median is kept (default: 9)")
    p.add_argument("--doc", default=os.path.join(REPO, "docs/PERFORMANCE.md"),
                   help="Markdown file whose peer section is rewritten")
    p.add_argument("--no-doc", action="store_true", help="print only")
    p.add_argument("--worker-timeout", type=float, default=900,
                   help="seconds before a worker process is stopped")
    args = p.parse_args(argv)
    for m in args.models:
        if m not in ALL_MODELS:
            p.error(f"unknown model '{m}'; choose from {','.join(ALL_MODELS)}")
    for w in args.peers:
        if w not in ALL_PEERS:
            p.error(f"unknown peer '{w}'; choose from {','.join(ALL_PEERS)}")
    if args.rounds < 1:
        p.error("--rounds must be at least 1")
    if not args.threads or min(args.threads) < 1:
        p.error("--threads needs positive thread counts")
    return args


# ------------------------------------------------------------------ machine

def machine():
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count()}
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
        fields = {k.strip(): v.strip() for k, v in fields.items()}
        info["cpu"] = fields.get("Model name", info["cpu"])
        info["cores"] = fields.get("CPU(s)", info["cores"])
        flags = fields.get("Flags", "").split()
        info["isa"] = "+".join(f for f in ("avx2", "fma", "avx512f") if f in flags)
        info["hypervisor"] = fields.get("Hypervisor vendor", "")
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        info["memory"] = f"{kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return info


def load_average():
    return "%.2f, %.2f, %.2f" % os.getloadavg()


# ------------------------------------------------------------------- steps

def run_checked(cmd, what, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        lines = [ln for ln in (p.stderr + p.stdout).splitlines() if ln.strip()]
        tail = "\n  ".join(lines[-5:])
        raise RuntimeError(f"{what} failed (exit {p.returncode}):\n  {tail}")
    return p


def make_models(args):
    log(f"[1/5] making {len(args.models)} models with TensorFlow ({args.python})")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    p = subprocess.run([args.python, os.path.join(HERE, "models.py"), REPO, args.work_dir]
                       + args.models, env=env, text=True, capture_output=True)
    if p.returncode != 0:
        missing = re.search(r"No module named '([^']+)'", p.stderr)
        if missing:
            fail(f"{args.python} cannot import {missing.group(1)}; the models are made with "
                 "TensorFlow and numpy: run this script with a Python that has tensorflow-cpu "
                 "(see test/bench/peers/README.md)")
        fail("models.py failed:\n" + "\n".join(p.stderr.splitlines()[-15:]))
    for line in p.stdout.splitlines():
        log(line)
    metas = {}
    for m in args.models:
        with open(os.path.join(args.work_dir, "models", m, "meta.json")) as f:
            metas[m] = json.load(f)
    return metas


def build_tfcc(args, metas):
    log(f"[2/5] compiling the models with {args.tfcc} and building tfcc_timer")
    timer = os.path.join(args.work_dir, "tfcc_timer")
    run_checked([args.cxx, "-O2", "-std=c++17", "-I" + os.path.join(REPO, "include"),
                 os.path.join(HERE, "tfcc_timer.cpp"), "-ldl", "-o", timer], "building tfcc_timer")
    compile_s = {}
    for m in metas:
        d = os.path.join(args.work_dir, "models", m)
        t0 = time.perf_counter()
        run_checked([args.tfcc, "compile", os.path.join(d, "model.pb"),
                     "--config", os.path.join(d, "model.config.pbtxt"),
                     "--emit=shared-lib"] + args.tfcc_flags + ["-o", os.path.join(d, "tfcc")],
                    f"tfcc compile {m}")
        compile_s[m] = time.perf_counter() - t0
    return timer, compile_s


def time_tfcc(args, timer, metas, threads, results, save):
    for m, meta in metas.items():
        d = os.path.join(args.work_dir, "models", m)
        cmd = [timer, os.path.join(d, "tfcc.so"), "--threads", str(threads),
               "--min-time", str(args.min_time), "--warmup", str(args.warmup)]
        for f in meta["feeds"]:
            cmd += ["--input", f"{f['name']}={os.path.join(d, 'inputs', f['name'] + '.bin')}"]
        if save:
            out = os.path.join(args.work_dir, "outputs", m, "tfcc")
            os.makedirs(out, exist_ok=True)
            cmd += ["--output-dir", out]
        try:
            r = json.loads(run_checked(cmd, f"tfcc_timer {m}").stdout)
            results[(m, "tfcc", threads)] = r
            if save:
                with open(os.path.join(args.work_dir, "outputs", m, "tfcc", "results.json"),
                          "w") as f:
                    json.dump(r["results"], f)
            log(f"  {m:12} tfcc            {threads} thr  {fmt_us(r['median_us'])}")
        except (RuntimeError, ValueError) as e:
            results[(m, "tfcc", threads)] = {"error": str(e).splitlines()[-1].strip()}
            log(f"  {m:12} tfcc            {threads} thr  error: {e}")


def run_worker(args, worker, threads, results, notes, versions, save):
    cmd = [args.python, os.path.join(HERE, "peers.py"), worker, "--threads", str(threads),
           "--work", args.work_dir, "--models", ",".join(args.models),
           "--min-time", str(args.min_time), "--warmup", str(args.warmup)]
    if save:
        cmd.append("--save-outputs")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", OMP_NUM_THREADS=str(threads))
    err_path = os.path.join(args.work_dir, f"{worker}-t{threads}.stderr")
    with open(err_path, "w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        deadline = time.monotonic() + args.worker_timeout
        skipped = False
        for line in proc.stdout:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if rec["record"] == "skip":
                skipped = True
                notes.append(f"{worker}: skipped: {rec['why']}")
                log(f"  {worker}: skipped: {rec['why']}")
            elif rec["record"] == "version":
                versions[worker] = rec
            elif rec["record"] in ("result", "paired"):
                key = (rec["model"], rec["method"], threads)
                results[key] = rec
                if "ratio" in rec:
                    shown = (f"{fmt_us(rec['tfcc_us'])} / {fmt_us(rec['peer_us'])}, "
                             f"ratio {rec['ratio']:.2f}")
                elif "median_us" in rec:
                    shown = fmt_us(rec["median_us"])
                else:
                    shown = "error: " + rec["error"]
                log(f"  {rec['model']:12} {rec['method']:15} {threads} thr  {shown}")
            if time.monotonic() > deadline:
                proc.kill()
                break
        try:
            rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = proc.wait()
    if rc != 0 and not skipped:
        with open(err_path) as f:
            lines = [ln.strip() for ln in f if ln.strip()]
        why = lines[-1] if lines else f"exit {rc}"
        log(f"  {worker} worker ({threads} threads) stopped: {why} (log: {err_path})")
        for m in args.models:
            for method in WORKER_METHODS[worker]:
                results.setdefault((m, method, threads), {"error": f"worker stopped: {why}"})


def merge_rounds(rounds):
    """key -> the record with the lowest median over the rounds (or the
    first round's error when no round has a time)."""
    merged = {}
    for results in rounds:
        for key, rec in results.items():
            best = merged.get(key)
            if best is None or ("median_us" in rec and
                                ("median_us" not in best or rec["median_us"] < best["median_us"])):
                merged[key] = rec
    return merged


def check_outputs(args, metas):
    """Each method's outputs (first thread count) against TF Session.run's,
    or tfcc's without TF: model -> method -> (ok, max abs difference)."""
    import numpy as np
    checks = {}
    for m, meta in metas.items():
        d = os.path.join(args.work_dir, "outputs", m)
        got = {}
        for method, _ in METHODS:
            arrays = []
            for i in range(len(meta["fetches"])):
                p = os.path.join(d, f"{method}.{i}.npy")
                if os.path.exists(p):
                    arrays.append(np.load(p))
            if len(arrays) == len(meta["fetches"]):
                got[method] = arrays
        tfcc_dir = os.path.join(d, "tfcc")
        if os.path.exists(os.path.join(tfcc_dir, "results.json")):
            with open(os.path.join(tfcc_dir, "results.json")) as f:
                names = json.load(f)
            by_name = {n.split(":")[0]: i for i, n in enumerate(names)}
            try:
                got["tfcc"] = [np.fromfile(os.path.join(tfcc_dir, f"{by_name[n]}.bin"),
                                           np.float32) for n in meta["fetches"]]
            except (KeyError, OSError):
                pass
        ref_method = "tf_session" if "tf_session" in got else "tfcc"
        ref = got.get(ref_method)
        checks[m] = {"reference": ref_method}
        if ref is None:
            continue
        for method, arrays in got.items():
            worst, ok = 0.0, True
            for a, r in zip(arrays, ref):
                a = np.asarray(a, np.float32).ravel()
                r = np.asarray(r, np.float32).ravel()
                if a.size != r.size:
                    ok, worst = False, float("inf")
                    break
                diff = float(np.max(np.abs(a - r))) if a.size else 0.0
                worst = max(worst, diff)
                scale = max(1.0, float(np.max(np.abs(r))) if r.size else 1.0)
                ok = ok and bool(np.allclose(a, r, rtol=1e-3, atol=1e-4 * scale))
            checks[m][method] = (ok, worst)
    return checks


def run_gemm_bench(args):
    log(f"[5/5] {args.gemm_bench}")
    out = os.path.join(args.work_dir, "gemm_bench.json")
    # Only the square GEMMs (BM_<name>/n:.../threads:...); the other
    # products in the same binary (batch 1, a batch times weights, whose
    # names start with other arguments) are not compared with peers here.
    cmd = [args.gemm_bench, "--benchmark_filter=^BM_[A-Za-z0-9]+/n:", "--benchmark_min_time=0.3",
           f"--benchmark_repetitions={args.gemm_repetitions}",
           "--benchmark_enable_random_interleaving=true", "--benchmark_format=json",
           f"--benchmark_out={out}"]
    try:
        run_checked(cmd, "tfcc_gemm_bench")
    except (RuntimeError, OSError) as e:
        log(f"  tfcc_gemm_bench: {e}")
        return None, cmd
    import statistics
    with open(out) as f:
        data = json.load(f)
    runs = {}
    for b in data["benchmarks"]:
        if b.get("run_type") != "iteration" or "GFLOP/s" not in b or b.get("error_occurred"):
            continue
        name, n, thr = b["run_name"].split("/")[:3]
        if not thr.startswith("threads:"):  # the filter already took n:...
            continue
        key = (int(n.split(":")[1]), int(thr.split(":")[1]))
        runs.setdefault(key, {}).setdefault(name.replace("BM_", ""), []).append(b["GFLOP/s"])
    table = {k: {name: statistics.median(v) for name, v in kernels.items()}
             for k, kernels in runs.items()}
    return table, cmd


# ------------------------------------------------------------------ tables

def fmt_us(us):
    if us is None:
        return "—"
    if us < 10:
        return f"{us:.2f} µs"
    if us < 1000:
        return f"{us:.0f} µs" if us >= 100 else f"{us:.1f} µs"
    if us < 100000:
        return f"{us / 1000:.2f} ms" if us < 10000 else f"{us / 1000:.1f} ms"
    return f"{us / 1000:.0f} ms"


def median_of(results, m, method, t):
    return results.get((m, method, t), {}).get("median_us")


def markdown_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def tables(args, metas, results, checks):
    methods = [(k, h) for k, h in METHODS
               if any((m, k, t) in results for m in metas for t in args.threads)]
    peers = [k for k, _ in methods if k in PEER_METHODS]
    med_rows, ratio_rows, goal_rows = [], [], []
    for m, meta in metas.items():
        for t in args.threads:
            label = [m, meta["batch"], t]
            med_rows.append(label + [fmt_us(median_of(results, m, k, t))
                                     if median_of(results, m, k, t) is not None
                                     else ("error" if (m, k, t) in results else "—")
                                     for k, _ in methods])
            tfcc = median_of(results, m, "tfcc", t)
            tfcc_py = median_of(results, m, "tfcc_ctypes", t)
            ratios = []
            for k in peers:
                p = median_of(results, m, k, t)
                ratios.append(f"{tfcc / p:.2f}" if tfcc and p else "—")
            ratio_rows.append(label + ratios)
            timed = [(median_of(results, m, k, t), k) for k in peers
                     if median_of(results, m, k, t)]
            if meta["kind"] in GOALS and timed and tfcc:
                best, who = min(timed)
                goal, limit = GOALS[meta["kind"]]
                ratio = tfcc / best
                met = ratio <= limit
                py = f"{tfcc_py / best:.2f}" if tfcc_py else "—"
                goal_rows.append(label + [fmt_us(tfcc), f"{HEADING[who]} {fmt_us(best)}",
                                          f"{ratio:.2f}", py, goal, "met" if met else "**missed**"])
    head = ["model", "batch", "threads"]
    out = {"medians": markdown_table(head + [h for _, h in methods], med_rows),
           "ratios": markdown_table(head + [f"tfcc ÷ {HEADING[k]}" for k in peers], ratio_rows),
           "goals": markdown_table(head + ["tfcc (C++)", "best peer", "tfcc ÷ best",
                                           "tfcc (ctypes) ÷ best", "goal", ""],
                                   goal_rows)}
    if not peers:
        out["ratios"] = out["goals"] = ["(no peer was timed)"]
    check_rows = []
    for m in metas:
        c = checks.get(m, {})
        cells = []
        for k, _ in methods:
            if k in c:
                ok, worst = c[k]
                cells.append(("ok" if ok else "**differs**") + f" ({worst:.1e})")
            else:
                cells.append("—")
        check_rows.append([m, HEADING.get(c.get("reference"), "—")] + cells)
    out["checks"] = markdown_table(["model", "reference"] + [h for _, h in methods], check_rows)
    return out


def paired_table(metas, paired, min_time):
    rows = []
    for m, meta in metas.items():
        r = paired.get((m, "paired_ort", 1))
        if r is None:
            continue
        if "ratio" not in r:
            rows.append([m, meta["batch"], "error: " + r.get("error", "?"), "", "", "", ""])
            continue
        goal, limit = GOALS.get(meta["kind"], ("—", None))
        met = "—" if limit is None else ("met" if r["ratio"] <= limit else "**missed**")
        rows.append([m, meta["batch"], fmt_us(r["tfcc_us"]), fmt_us(r["peer_us"]),
                     f"{r['ratio']:.2f} ({r['ratio_q1']:.2f}–{r['ratio_q3']:.2f})",
                     str(r["pairs"]), f"{goal}: {met}" if limit is not None else "—"])
    return ([f"tfcc and ONNX Runtime in one process, 1 thread, samples taken in "
             f"alternation for {2 * min_time:g} s per model (`peers.py paired-ort`): both "
             "timed from Python (tfcc through ctypes), so a slow phase of the machine hits "
             "both. Median per-call times, and the median and quartiles of the per-pair "
             "ratios tfcc ÷ ONNX Runtime:", ""]
            + markdown_table(["model", "batch", "tfcc (ctypes)", "ONNX Runtime",
                              "tfcc ÷ ORT, median (quartiles)", "pairs", "goal against ORT"],
                             rows))


def gemm_table(table):
    rows = []
    names = ["Tfcc", "EigenMatrix", "EigenTensor", "OpenBlas"]
    for (n, t) in sorted(table, key=lambda k: (k[1], k[0])):
        g = table[(n, t)]
        tfcc = g.get("Tfcc")
        eigen = max([v for k, v in g.items() if k.startswith("Eigen")], default=None)
        blas = g.get("OpenBlas")
        cells = [f"{g[k]:.1f}" if k in g else "—" for k in names]
        r_e = tfcc / eigen if tfcc and eigen else None
        r_b = tfcc / blas if tfcc and blas else None
        verdict = []
        for who, r in (("Eigen", r_e), ("OpenBLAS", r_b)):
            if r is not None:
                verdict.append(f"{who}: {'met' if r >= 0.9 else '**missed**'}")
        rows.append([n, t] + cells + [f"{r_e:.2f}" if r_e else "—", f"{r_b:.2f}" if r_b else "—",
                                      "; ".join(verdict)])
    return markdown_table(["n", "threads", "tfcc kernel", "Eigen Map product",
                           "Eigen Tensor contraction", "OpenBLAS", "tfcc ÷ best Eigen",
                           "tfcc ÷ OpenBLAS", "goal ≥ 0.9"], rows)


def report(args, info, start_load, end_load, started, metas, results, checks, notes, versions,
           compile_s, gemm, gemm_cmd, gemm_load, command):
    t = tables(args, metas, results, checks)
    lines = [
        f"Generated by `test/bench/peers/run_peers.py` on {started}; do not edit between "
        "the markers, rerun instead.", "",
        f"- Command: `{command}`",
        f"- Machine: {info.get('cpu')}, {info.get('cores')} CPUs"
        + (f" ({info['hypervisor']} VM)" if info.get("hypervisor") else "")
        + (f", {info['memory']}" if info.get("memory") else "")
        + (f", {info['isa'].upper()}" if info.get("isa") else "")
        + f"; load average (1, 5, 15 min) {start_load} at the start, {end_load} at the end.",
        "- Versions: " + "; ".join(
            [f"tfcc `{args.tfcc}` (models compiled with `--emit=shared-lib"
             + (" " + " ".join(args.tfcc_flags) if args.tfcc_flags else "") + "`)"]
            + [v["version"] for v in versions.values()])
        + (f"; TF_ENABLE_ONEDNN_OPTS {versions['tf']['onednn']}" if "tf" in versions else "")
        + ".",
        f"- Method: medians of samples over {args.min_time:g} s per cell after "
        f"{args.warmup:g} s of warmup, measured in {args.rounds} round(s) (blocks in "
        "alternating order) keeping each cell's lowest median. tfcc (C++): `tfcc_timer.cpp` calls the shared "
        "library's entry function through the C ABI, as a generated class does. TF, "
        "tf.function, ONNX Runtime and tfcc (ctypes) are timed from Python, so their "
        "numbers include Python's call overhead; IREE is timed by `iree-benchmark-module` "
        "(C++), compiled with its defaults and, as IREE data-tiled, with "
        "`--iree-opt-data-tiling --iree-llvmcpu-enable-ukernels=all`. Ratios are tfcc (C++) time ÷ peer time: below 1 tfcc is faster.",
    ]
    lines += [f"- {n}" for n in notes]
    lines += ["", "Medians (time per call):", ""] + t["medians"]
    lines += ["", "tfcc (C++) time ÷ peer time:", ""] + t["ratios"]
    lines += ["", "Goals (best peer = fastest of the peer columns at that thread count):", ""]
    lines += t["goals"]
    errors = sorted({(k[1], r["error"]) for k, r in results.items() if "error" in r})
    if errors:
        lines += ["", "Entries without a time:"]
        by_method = {}
        for method, err in errors:
            models = sorted({k[0] for k, r in results.items()
                             if k[1] == method and r.get("error") == err})
            by_method.setdefault(method, []).append(f"{', '.join(models)}: {err}")
        for method, errs in by_method.items():
            lines += [f"- {HEADING.get(method, method)}: " + "; ".join(errs)]
    lines += ["", "Outputs against the reference (first thread count; max |difference|; ok "
              "when within rtol 1e-3, atol 1e-4 × max(1, max |reference|)):", ""] + t["checks"]
    lines += ["", "tfcc compile times: " + ", ".join(f"{m} {s:.2f} s" for m, s in compile_s.items())
              + "."]
    if gemm is not None:
        lines += ["", f"GEMM kernels called directly (`{' '.join(gemm_cmd)}`; median GFLOP/s "
                  f"of {args.gemm_repetitions} interleaved repetitions; 1-minute load average "
                  f"{gemm_load} as it started; goal: tfcc ≥ 0.9× the better Eigen variant "
                  "and OpenBLAS):", ""] + gemm_table(gemm)
    return lines


def write_doc(path, lines):
    block = [BEGIN] + lines + [END]
    text = open(path).read() if os.path.exists(path) else "# Performance\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + "\n".join(block) + tail
    else:
        text = text.rstrip("\n") + "\n\n## Against other runtimes\n\n" + "\n".join(block) + "\n"
    with open(path, "w") as f:
        f.write(text)


def main(argv):
    args = parse_args(argv)
    command = "python " + " ".join(shlex.quote(a) for a in
                                   [os.path.relpath(os.path.abspath(__file__), REPO)] + argv)
    args.work_dir = os.path.abspath(args.work_dir)
    args.tfcc = os.path.abspath(args.tfcc)
    os.makedirs(args.work_dir, exist_ok=True)
    shutil.rmtree(os.path.join(args.work_dir, "outputs"), ignore_errors=True)
    if not (os.path.isfile(args.tfcc) and os.access(args.tfcc, os.X_OK)):
        fail(f"no tfcc driver at {args.tfcc} (build it, or pass --tfcc)")
    if args.gemm_bench and not os.access(args.gemm_bench, os.X_OK):
        fail(f"--gemm-bench {args.gemm_bench} is not an executable "
             "(ninja -C build tfcc_gemm_bench)")
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    start_load = load_average()
    info = machine()
    log(f"{info.get('cpu')}, {info.get('cores')} CPUs, load average {start_load}")
    t0 = time.monotonic()

    metas = make_models(args)
    timer, compile_s = build_tfcc(args, metas)
    notes, versions = [], {}
    # Every round times every block (tfcc, then each peer's worker) at every
    # thread count; odd rounds run the blocks in reverse order, so a load
    # that drifts during the run does not always hit the same column. A
    # cell keeps the lowest of its rounds' medians: the quietest round.
    rounds = []
    for r in range(args.rounds):
        blocks = ["tfcc"] + args.peers
        if r % 2:
            blocks.reverse()
        round_results, loads = {}, []
        for threads in args.threads:
            log(f"[3/5] round {r + 1} of {args.rounds}, {threads} thread(s)")
            save = r == 0 and threads == args.threads[0]
            for block in blocks:
                loads.append(f"{block} {threads}t {os.getloadavg()[0]:.1f}")
                if block == "tfcc":
                    time_tfcc(args, timer, metas, threads, round_results, save)
                else:
                    run_worker(args, block, threads, round_results, notes, versions, save)
        rounds.append(round_results)
        notes.append(f"1-minute load average as each block of round {r + 1} started: "
                     + ", ".join(loads))
    results = merge_rounds(rounds)
    # Within one process, samples of tfcc and ONNX Runtime alternate: a slow
    # phase of the machine hits both. One thread only: both runtimes' pools
    # spin for a while after a call (tfcc's for 2 ms, ORT's by default), so
    # with more threads each would be timed against the other's spinning.
    paired = {}
    if not args.no_paired and "ort" in args.peers and 1 in args.threads:
        log("[3/5] paired: tfcc (ctypes) and ONNX Runtime alternated, 1 thread")
        run_worker(args, "paired-ort", 1, paired, notes, {}, False)
    notes = list(dict.fromkeys(notes))
    log("[4/5] checking outputs")
    checks = check_outputs(args, metas)
    gemm_load = f"{os.getloadavg()[0]:.1f}"
    gemm, gemm_cmd = (run_gemm_bench(args) if args.gemm_bench else (None, None))
    end_load = load_average()
    lines = report(args, info, start_load, end_load, started, metas, results, checks, notes,
                   versions, compile_s, gemm, gemm_cmd, gemm_load, command)
    if paired:
        lines += [""] + paired_table(metas, paired, args.min_time)
    lines.append("")
    lines.append(f"Whole run: {time.monotonic() - t0:.0f} s.")
    print()
    print("\n".join(lines))
    if not args.no_doc:
        write_doc(args.doc, lines)
        log(f"\nwrote the peer section of {args.doc}")


if __name__ == "__main__":
    main(sys.argv[1:])
