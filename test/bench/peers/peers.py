"""Timing workers of the peer benchmark; run_peers.py starts one process per
(worker, thread count), because TensorFlow's thread pools are fixed per
process once it has started:

  peers.py WORKER --threads N --work DIR --models a,b,... [--min-time S]
           [--warmup S] [--save-outputs]

WORKER is one of
  tf           TensorFlow: Session.run of the frozen graph (through
               Session.make_callable), tf.function, tf.function with
               jit_compile=True (XLA); intra-op threads N, inter-op 1
  ort          ONNX Runtime on tf2onnx's model.onnx; intra-op threads N,
               inter-op 1, sequential, all graph optimizations
  iree         IREE: model.onnx imported by iree-import-onnx, compiled by
               iree-compile for llvm-cpu (target CPU: host), once with the
               defaults (method iree) and once with data tiling and
               microkernels (iree_dt), and timed by iree-benchmark-module
               (C++, Google Benchmark): N = 1 on the local-sync device (the
               calling thread), N > 1 on local-task with N worker groups
  tfcc-ctypes  the tfcc shared library called from Python through ctypes
               (the Python-side counterpart of the C++ tfcc_timer)
  paired-ort   tfcc-ctypes and ort in one process, their samples taken in
               alternation; prints {"record": "paired", "tfcc_us",
               "peer_us", "ratio", "ratio_q1", "ratio_q3", ...}

Prints one JSON object per line: {"record": "version", ...} first, then
{"record": "result", "model", "method", "median_us", ...} or
{"record": "result", ..., "error": "..."} per model and method; a worker
whose package is missing prints {"record": "skip", "why": ...} and exits 0.

Python-timed methods use the timer of tfcc_timer.cpp: one call, warmup for
--warmup seconds, then samples of k back-to-back calls (k chosen so that a
sample lasts about 2 ms) until --min-time seconds and 5 samples; the median
sample, per call. Python's call overhead is part of these numbers, as it is
for any user of these Python APIs.
"""
import argparse
import gc
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def emit(**record):
    print(json.dumps(record), flush=True)


def calls_per_sample(fn, warmup):
    """One call, then `warmup` seconds of calls: how many back-to-back calls
    make a sample of about 2 ms."""
    fn()
    start = now = time.perf_counter()
    calls = 0
    while now - start < warmup or calls < 2:
        fn()
        calls += 1
        now = time.perf_counter()
    return max(1, math.ceil(2e-3 / max((now - start) / calls, 1e-9)))


def sample(fn, k):
    """k back-to-back calls of fn: microseconds per call."""
    start = time.perf_counter()
    for _ in range(k):
        fn()
    return (time.perf_counter() - start) * 1e6 / k


def time_calls(fn, warmup, min_time, min_samples=5):
    k = calls_per_sample(fn, warmup)
    samples = []
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        while True:
            samples.append(sample(fn, k))
            if (time.perf_counter() - start >= min_time and len(samples) >= min_samples) \
                    or len(samples) >= 100000:
                break
    finally:
        if gc_was_on:
            gc.enable()
    return {"median_us": statistics.median(samples), "calls_per_sample": k,
            "samples": len(samples)}


def time_paired(fa, fb, warmup, min_time, min_pairs=5):
    """Samples of fa and of fb taken in alternation (which one goes first
    alternates too), so that a slow phase of the machine hits both: their
    median times per call and the quartiles of the per-pair ratios fa/fb."""
    ka, kb = calls_per_sample(fa, warmup), calls_per_sample(fb, warmup)
    ta, tb, ratios = [], [], []
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        while True:
            if len(ratios) % 2:
                b = sample(fb, kb)
                a = sample(fa, ka)
            else:
                a = sample(fa, ka)
                b = sample(fb, kb)
            ta.append(a)
            tb.append(b)
            ratios.append(a / b)
            if (time.perf_counter() - start >= 2 * min_time and len(ratios) >= min_pairs) \
                    or len(ratios) >= 100000:
                break
    finally:
        if gc_was_on:
            gc.enable()
    q1, q2, q3 = statistics.quantiles(ratios, n=4)
    return {"tfcc_us": statistics.median(ta), "peer_us": statistics.median(tb),
            "ratio": q2, "ratio_q1": q1, "ratio_q3": q3, "pairs": len(ratios)}


class Job:
    def __init__(self, args):
        self.args = args
        self.threads = args.threads
        self.root = os.path.join(args.work, "models")

    def meta(self, model):
        with open(os.path.join(self.root, model, "meta.json")) as f:
            return json.load(f)

    def inputs(self, model):
        import numpy as np
        m = self.meta(model)
        return [np.load(os.path.join(self.root, model, "inputs", f["name"] + ".npy"))
                for f in m["feeds"]]

    def save(self, model, method, outputs):
        if not self.args.save_outputs:
            return
        import numpy as np
        d = os.path.join(self.args.work, "outputs", model)
        os.makedirs(d, exist_ok=True)
        for i, value in enumerate(outputs):
            np.save(os.path.join(d, f"{method}.{i}.npy"), np.asarray(value))

    def run(self, model, method, setup):
        """setup() returns (call, outputs_fn); any exception is reported as
        this model's error for the method, and the worker goes on."""
        try:
            call, outputs = setup()
            self.save(model, method, outputs())
            r = time_calls(call, self.args.warmup, self.args.min_time)
            emit(record="result", model=model, method=method, threads=self.threads, **r)
        except Exception as e:  # noqa: BLE001 - one model's failure is a table entry
            msg = f"{type(e).__name__}: {e}".strip().splitlines()
            emit(record="result", model=model, method=method, threads=self.threads,
                 error=msg[0][:300] if msg else type(e).__name__)


# ---------------------------------------------------------------- TensorFlow

def worker_tf(job):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        import tensorflow as tf
    except ImportError:
        emit(record="skip", worker="tf", why="tensorflow is not installed "
             "(pip install tensorflow-cpu)")
        return
    tf.get_logger().setLevel("ERROR")
    n = job.threads
    tf.config.threading.set_intra_op_parallelism_threads(n)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    emit(record="version", worker="tf", version=f"TensorFlow {tf.__version__}",
         onednn=os.environ.get("TF_ENABLE_ONEDNN_OPTS", "unset (TF's default)"))
    config = tf.compat.v1.ConfigProto(intra_op_parallelism_threads=n,
                                      inter_op_parallelism_threads=1)

    for model in job.args.models:
        m = job.meta(model)
        gd = tf.compat.v1.GraphDef()
        with open(os.path.join(job.root, model, "model.pb"), "rb") as f:
            gd.ParseFromString(f.read())
        feeds = [f["name"] + ":0" for f in m["feeds"]]
        fetches = [name + ":0" for name in m["fetches"]]
        values = job.inputs(model)

        def session_setup():
            graph = tf.Graph()
            with graph.as_default():
                tf.compat.v1.import_graph_def(gd, name="")
            sess = tf.compat.v1.Session(graph=graph, config=config)
            run = sess.make_callable(fetches, feed_list=feeds)
            return (lambda: run(*values)), (lambda: run(*values))

        job.run(model, "tf_session", session_setup)

        wrapped = tf.compat.v1.wrap_function(
            lambda: tf.compat.v1.import_graph_def(gd, name=""), [])
        pruned = wrapped.prune([wrapped.graph.get_tensor_by_name(t) for t in feeds],
                               [wrapped.graph.get_tensor_by_name(t) for t in fetches])
        tensors = [tf.constant(v) for v in values]
        for method, jit in (("tf_function", False), ("tf_xla", True)):
            def function_setup(jit=jit):
                fn = tf.function(lambda *xs: pruned(*xs), jit_compile=jit)
                return (lambda: fn(*tensors)), (lambda: [t.numpy() for t in fn(*tensors)])
            job.run(model, method, function_setup)


# -------------------------------------------------------------- ONNX Runtime

def ort_setup(ort, job, model):
    """(call, outputs) for ONNX Runtime on the model's model.onnx."""
    values = job.inputs(model)
    so = ort.SessionOptions()
    so.intra_op_num_threads = job.threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(os.path.join(job.root, model, "model.onnx"), so,
                                providers=["CPUExecutionProvider"])
    names = [o.name for o in sess.get_outputs()]
    feed = {i.name: v for i, v in zip(sess.get_inputs(), values)}
    return (lambda: sess.run(names, feed)), (lambda: sess.run(names, feed))


def import_ort(worker):
    try:
        import onnxruntime as ort
    except ImportError:
        emit(record="skip", worker=worker, why="onnxruntime is not installed "
             "(pip install onnxruntime tf2onnx)")
        return None
    emit(record="version", worker=worker, version=f"ONNX Runtime {ort.__version__}")
    return ort


def worker_ort(job):
    ort = import_ort("ort")
    if ort is None:
        return
    for model in job.args.models:
        m = job.meta(model)
        if m.get("no_onnx"):
            emit(record="result", model=model, method="ort", threads=job.threads,
                 error=f"no ONNX model: {m['no_onnx']}")
            continue
        job.run(model, "ort", lambda: ort_setup(ort, job, model))


# ---------------------------------------------------------------------- IREE

def tool(name):
    here = os.path.join(os.path.dirname(sys.executable), name)
    return here if os.access(here, os.X_OK) else shutil.which(name)


def worker_iree(job):
    tools = {t: tool(t) for t in ("iree-import-onnx", "iree-compile", "iree-benchmark-module",
                                  "iree-run-module")}
    missing = [t for t, p in tools.items() if not p]
    if missing:
        emit(record="skip", worker="iree", why=f"{', '.join(missing)} not found "
             "(pip install iree-base-compiler iree-base-runtime onnx)")
        return
    from importlib import metadata
    try:
        version = ", ".join(f"{p} {metadata.version(p)}"
                            for p in ("iree-base-compiler", "iree-base-runtime"))
    except metadata.PackageNotFoundError:
        version = "tools from PATH"
    emit(record="version", worker="iree", version=f"IREE ({version})")
    if job.threads == 1:
        device = ["--device=local-sync"]
    else:
        device = ["--device=local-task", f"--task_topology_group_count={job.threads}"]
    for model in job.args.models:
        m = job.meta(model)
        d = os.path.join(job.root, model)
        for method, flags in IREE_VARIANTS:
            if m.get("no_onnx"):
                emit(record="result", model=model, method=method, threads=job.threads,
                     error=f"no ONNX model: {m['no_onnx']}")
                continue
            try:
                vmfb = iree_compile(tools, d, method, flags)
                inputs = [f"--input=@{os.path.join(d, 'inputs', f['name'] + '.npy')}"
                          for f in m["feeds"]]
                common = [f"--module={vmfb}", "--function=main"] + device + inputs
                if job.args.save_outputs:
                    out_dir = os.path.join(job.args.work, "outputs", model)
                    os.makedirs(out_dir, exist_ok=True)
                    outs = [f"--output=@{os.path.join(out_dir, f'{method}.{i}.npy')}"
                            for i in range(len(m["fetches"]))]
                    check(subprocess.run([tools["iree-run-module"]] + common + outs,
                                         capture_output=True, text=True), "iree-run-module")
                reps = 5
                p = subprocess.run(
                    [tools["iree-benchmark-module"]] + common +
                    [f"--benchmark_repetitions={reps}",
                     f"--benchmark_min_time={job.args.min_time / reps:g}s",
                     f"--benchmark_min_warmup_time={job.args.warmup:g}",
                     "--benchmark_format=json", "--benchmark_report_aggregates_only=true"],
                    capture_output=True, text=True)
                check(p, "iree-benchmark-module")
                emit(record="result", model=model, method=method, threads=job.threads,
                     **google_benchmark_median(p.stdout))
            except Exception as e:  # noqa: BLE001
                emit(record="result", model=model, method=method, threads=job.threads,
                     error=f"{type(e).__name__}: {e}".splitlines()[0][:300])


# IREE is compiled twice: with its defaults, and with data tiling and
# microkernels, which make GEMM-heavy models up to 2x faster here but
# convolutions slower. Both are peers.
IREE_VARIANTS = [("iree", []),
                 ("iree_dt", ["--iree-opt-data-tiling", "--iree-llvmcpu-enable-ukernels=all"])]


def check(proc, what):
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        raise RuntimeError(f"{what} failed: {lines[-1] if lines else proc.returncode}")


def iree_compile(tools, d, name, flags):
    """model.onnx -> iree.mlir -> <name>.vmfb, kept for the later thread counts."""
    vmfb = os.path.join(d, name + ".vmfb")
    onnx_path = os.path.join(d, "model.onnx")
    if os.path.exists(vmfb) and os.path.getmtime(vmfb) >= os.path.getmtime(onnx_path):
        return vmfb
    mlir = os.path.join(d, "iree.mlir")
    if not (os.path.exists(mlir) and os.path.getmtime(mlir) >= os.path.getmtime(onnx_path)):
        check(subprocess.run([tools["iree-import-onnx"], onnx_path, "-o", mlir],
                             capture_output=True, text=True), "iree-import-onnx")
    check(subprocess.run([tools["iree-compile"], mlir, "--iree-hal-target-device=local",
                          "--iree-hal-local-target-device-backends=llvm-cpu",
                          "--iree-llvmcpu-target-cpu=host"] + flags + ["-o", vmfb],
                         capture_output=True, text=True), "iree-compile")
    return vmfb


def google_benchmark_median(text):
    data = json.loads(text)
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") == "median":
            return {"median_us": b["real_time"] * scale[b["time_unit"]],
                    "samples": b["repetitions"]}
    raise RuntimeError("no median in iree-benchmark-module's output")


# --------------------------------------------------------------- tfcc, ctypes

def tfcc_ctypes_setup(job, model, keep):
    """(call, outputs) for the model's tfcc.so called through ctypes; what
    must outlive the calls is appended to `keep`."""
    import ctypes as c

    import numpy as np

    class TensorInfo(c.Structure):
        _fields_ = [("name", c.c_char_p), ("dtype", c.c_int32), ("rank", c.c_int32),
                    ("dims", c.POINTER(c.c_int64)), ("num_elements", c.c_int64),
                    ("byte_size", c.c_int64)]

    class CallFrame(c.Structure):
        _fields_ = [("args", c.POINTER(c.c_void_p)), ("results", c.POINTER(c.c_void_p)),
                    ("variables", c.POINTER(c.c_void_p)), ("arena", c.c_void_p),
                    ("runtime", c.c_void_p), ("message", c.c_char_p)]

    class SignatureInfo(c.Structure):
        _fields_ = [("name", c.c_char_p), ("entry", c.c_void_p), ("num_args", c.c_int32),
                    ("num_results", c.c_int32), ("args", c.POINTER(TensorInfo)),
                    ("results", c.POINTER(TensorInfo)), ("num_targets", c.c_int32),
                    ("writes_variables", c.c_int32), ("targets", c.c_void_p),
                    ("arena_size", c.c_int64), ("checkpoint", c.c_void_p)]

    class ModelInfo(c.Structure):
        _fields_ = [("abi_version", c.c_uint32), ("num_signatures", c.c_int32),
                    ("name", c.c_char_p), ("signatures", c.POINTER(SignatureInfo)),
                    ("num_variables", c.c_int32), ("reserved", c.c_int32),
                    ("variables", c.POINTER(TensorInfo))]

    Entry = c.CFUNCTYPE(c.c_int32, c.POINTER(CallFrame))

    def aligned(nbytes):
        raw = np.zeros(max(int(nbytes), 1) + 64, np.uint8)
        off = (-raw.ctypes.data) % 64
        return raw[off:off + max(int(nbytes), 1)]

    m = job.meta(model)
    values = job.inputs(model)
    lib = c.CDLL(os.path.abspath(os.path.join(job.root, model, "tfcc.so")))
    info = ModelInfo.in_dll(lib, "tfcc_model_info_v1")
    if info.abi_version != 3:  # TFCC_ABI_VERSION of include/tfcc/abi.h
        raise RuntimeError(f"ABI version {info.abi_version}, this worker knows 3")
    sig = next(info.signatures[i] for i in range(info.num_signatures)
               if info.signatures[i].name != b"init")
    if info.num_variables:
        raise RuntimeError("models with variables are not timed here")
    runtime = None
    try:
        create = lib.tfcc_runtime_create
        create.restype, create.argtypes = c.c_void_p, [c.c_int32]
        runtime = create(job.threads)
    except AttributeError:
        pass  # no kernel calls in this model: it needs no context
    by_name = {f["name"]: v for f, v in zip(m["feeds"], values)}
    args, results = [], []
    for i in range(sig.num_args):
        t = sig.args[i]
        buf = aligned(t.byte_size)
        src = np.ascontiguousarray(by_name[t.name.decode()]).view(np.uint8).ravel()
        if src.size != t.byte_size:
            raise RuntimeError(f"input {t.name.decode()}: {src.size} bytes, "
                               f"the model expects {t.byte_size}")
        buf[:] = src
        args.append(buf)
    for i in range(sig.num_results):
        results.append(aligned(sig.results[i].byte_size))
    arena = aligned(sig.arena_size)
    arg_ptrs = (c.c_void_p * max(len(args), 1))(*[a.ctypes.data for a in args])
    res_ptrs = (c.c_void_p * max(len(results), 1))(*[r.ctypes.data for r in results])
    frame = CallFrame(arg_ptrs, res_ptrs, None, arena.ctypes.data, runtime, None)
    entry = Entry(sig.entry)
    pframe = c.byref(frame)
    keep.append((lib, args, results, arena, arg_ptrs, res_ptrs, frame))
    fetch_order = {name: i for i, name in enumerate(m["fetches"])}
    order = sorted(range(sig.num_results),
                   key=lambda i: fetch_order.get(sig.results[i].name.decode(), i))

    def call():
        if entry(pframe) != 0:
            raise RuntimeError(f"entry failed: {frame.message}")

    def outputs():
        call()
        return [results[i].view(np.float32).reshape(
            [sig.results[i].dims[d] for d in range(sig.results[i].rank)]).copy()
            for i in order]
    return call, outputs


def worker_tfcc_ctypes(job):
    emit(record="version", worker="tfcc-ctypes", version=f"Python {sys.version.split()[0]} ctypes")
    keep = []
    for model in job.args.models:
        job.run(model, "tfcc_ctypes", lambda: tfcc_ctypes_setup(job, model, keep))


def worker_paired_ort(job):
    """tfcc through ctypes and ONNX Runtime in one process, samples
    alternated (time_paired): both are timed from Python and see the same
    machine at the same moments."""
    ort = import_ort("paired-ort")
    if ort is None:
        return
    keep = []
    for model in job.args.models:
        if job.meta(model).get("no_onnx"):
            continue
        try:
            tfcc_call, _ = tfcc_ctypes_setup(job, model, keep)
            ort_call, _ = ort_setup(ort, job, model)
            r = time_paired(tfcc_call, ort_call, job.args.warmup, job.args.min_time)
            emit(record="paired", model=model, method="paired_ort", threads=job.threads, **r)
        except Exception as e:  # noqa: BLE001 - one model's failure is a table entry
            emit(record="paired", model=model, method="paired_ort", threads=job.threads,
                 error=f"{type(e).__name__}: {e}".strip().splitlines()[0][:300])


WORKERS = {"tf": worker_tf, "ort": worker_ort, "iree": worker_iree,
           "tfcc-ctypes": worker_tfcc_ctypes, "paired-ort": worker_paired_ort}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("worker", choices=sorted(WORKERS))
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--models", required=True, type=lambda s: [m for m in s.split(",") if m])
    p.add_argument("--min-time", type=float, default=1.0)
    p.add_argument("--warmup", type=float, default=0.2)
    p.add_argument("--save-outputs", action="store_true")
    args = p.parse_args()
    WORKERS[args.worker](Job(args))


if __name__ == "__main__":
    main()
