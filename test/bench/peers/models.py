"""The models of the peer benchmark, made with TensorFlow (run by run_peers.py
in a subprocess: `models.py REPO WORK_DIR NAME...`).

Each model becomes WORK_DIR/models/<name>/:
  model.pb            frozen binary GraphDef, every Placeholder with a static shape
  model.config.pbtxt  tfcompile Config for `tfcc compile`
  inputs/<feed>.npy   the inputs every runtime is given (and <feed>.bin, raw)
  model.onnx          the same graph converted by tf2onnx (when installed)
  meta.json           feeds, fetches and shapes, and why model.onnx is missing

Weights and inputs are seeded from the model's name. Where the project
already has the graph (test/e2e/fixtures/mlp_b1, mlp_b64, examples/digits)
it is reused, with its Placeholder's shape made static.
"""
import json
import os
import sys
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.get_logger().setLevel("ERROR")


def rng(name):
    return np.random.default_rng(zlib.crc32(name.encode()))


def glorot(r, shape):
    fan_in, fan_out = np.prod(shape[:-1]), shape[-1]
    if len(shape) == 4:  # HWIO
        fan_out = shape[0] * shape[1] * shape[3]
    lim = np.sqrt(6.0 / (fan_in + fan_out))
    return r.uniform(-lim, lim, shape).astype(np.float32)


class Model:
    """A frozen graph with its feeds [(name, shape)], fetches and inputs."""

    def __init__(self, name, title, graph_def, feeds, fetches, inputs, kind):
        self.name, self.title, self.graph_def = name, title, graph_def
        self.feeds, self.fetches, self.inputs, self.kind = feeds, fetches, inputs, kind


def load_graph_def(path):
    gd = tf.compat.v1.GraphDef()
    with open(path, "rb") as f:
        gd.ParseFromString(f.read())
    return gd


def make_static(graph_def, feeds):
    """Sets each fed Placeholder's shape attribute to the feed's static shape."""
    shapes = dict(feeds)
    for node in graph_def.node:
        if node.op == "Placeholder" and node.name in shapes:
            node.attr["shape"].shape.CopyFrom(
                tf.TensorShape(shapes[node.name]).as_proto())
    return graph_def


def graph_of(build):
    """A tf.Graph built by `build()` (constants only: nothing to freeze)."""
    graph = tf.Graph()
    with graph.as_default():
        build()
    return graph.as_graph_def()


def fixture_mlp(repo, batch):
    name = f"mlp_b{batch}"
    d = os.path.join(repo, "test/e2e/fixtures", name)
    feeds = [("x", [batch, 784])]
    x = np.load(os.path.join(d, "inputs/x.npy")).astype(np.float32)
    return Model(name, f"MLP 784-512-512-10 (test/e2e/fixtures/{name})",
                 make_static(load_graph_def(os.path.join(d, "model.pb")), feeds),
                 feeds, ["out"], {"x": x}, "latency" if batch == 1 else "throughput")


def digits(repo, batch):
    d = os.path.join(repo, "examples/digits")
    feeds = [("x", [batch, 64])]
    test_x = np.load(os.path.join(d, "test_x.npy")).astype(np.float32)
    x = np.ascontiguousarray(test_x[:batch])
    return Model(f"digits_b{batch}", "digits MLP 64-64-10 (examples/digits)",
                 make_static(load_graph_def(os.path.join(d, "digits_mlp.pb")), feeds),
                 feeds, ["probs"], {"x": x}, "latency" if batch == 1 else "throughput")


def cnn(batch):
    """Conv3x3(16)+ReLU, MaxPool 2, Conv3x3(32)+ReLU, MaxPool 2, Dense(10),
    Softmax on 28x28x1 (NHWC), the weights of every batch size the same."""
    name = f"cnn_b{batch}"
    r = rng("cnn weights")
    k1, b1 = glorot(r, (3, 3, 1, 16)), r.uniform(-0.1, 0.1, 16).astype(np.float32)
    k2, b2 = glorot(r, (3, 3, 16, 32)), r.uniform(-0.1, 0.1, 32).astype(np.float32)
    w, b = glorot(r, (7 * 7 * 32, 10)), r.uniform(-0.1, 0.1, 10).astype(np.float32)

    def build():
        x = tf.compat.v1.placeholder(tf.float32, [batch, 28, 28, 1], name="x")
        h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, k1, 1, "SAME"), b1))
        h = tf.nn.max_pool2d(h, 2, 2, "VALID")
        h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(h, k2, 1, "SAME"), b2))
        h = tf.nn.max_pool2d(h, 2, 2, "VALID")
        h = tf.reshape(h, [batch, 7 * 7 * 32])
        tf.identity(tf.nn.softmax(tf.nn.bias_add(tf.matmul(h, w), b)), name="out")

    x = rng(name).uniform(0, 1, (batch, 28, 28, 1)).astype(np.float32)
    return Model(name, "CNN 2x(Conv3x3+ReLU+MaxPool) + Dense, 28x28x1",
                 graph_of(build), [("x", [batch, 28, 28, 1])], ["out"], {"x": x},
                 "latency" if batch == 1 else "throughput")


def lstm_step(features=128, units=256):
    """One step of a Keras-style LSTM cell, batch 1: z = x Wx + h Wh + b,
    gates i, f, g, o; c' = s(f) c + s(i) tanh(g); h' = s(o) tanh(c')."""
    r = rng("lstm_step weights")
    wx, wh = glorot(r, (features, 4 * units)), glorot(r, (units, 4 * units))
    b = r.uniform(-0.1, 0.1, 4 * units).astype(np.float32)

    def build():
        x = tf.compat.v1.placeholder(tf.float32, [1, features], name="x")
        h = tf.compat.v1.placeholder(tf.float32, [1, units], name="h")
        c = tf.compat.v1.placeholder(tf.float32, [1, units], name="c")
        z = tf.nn.bias_add(tf.matmul(x, wx) + tf.matmul(h, wh), b)
        i, f, g, o = tf.split(z, 4, axis=1)
        c2 = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        tf.identity(tf.sigmoid(o) * tf.tanh(c2), name="h_out")
        tf.identity(c2, name="c_out")

    r = rng("lstm_step")
    inputs = {"x": r.uniform(-1, 1, (1, features)).astype(np.float32),
              "h": r.uniform(-1, 1, (1, units)).astype(np.float32),
              "c": r.uniform(-1, 1, (1, units)).astype(np.float32)}
    return Model("lstm_step", f"LSTM cell, one step ({features} in, {units} units)",
                 graph_of(build), [("x", [1, features]), ("h", [1, units]), ("c", [1, units])],
                 ["h_out", "c_out"], inputs, "latency")


def gemm(n):
    """c = a x b with both operands fed (test/bench/models/gemm.pbtxt)."""
    def build():
        a = tf.compat.v1.placeholder(tf.float32, [n, n], name="a")
        b = tf.compat.v1.placeholder(tf.float32, [n, n], name="b")
        tf.identity(tf.matmul(a, b), name="c")

    r = rng(f"gemm{n}")
    inputs = {"a": r.uniform(-1, 1, (n, n)).astype(np.float32),
              "b": r.uniform(-1, 1, (n, n)).astype(np.float32)}
    return Model(f"gemm{n}", f"GEMM {n}x{n}x{n}", graph_of(build),
                 [("a", [n, n]), ("b", [n, n])], ["c"], inputs, "gemm")


def all_models(repo):
    """name -> function making the model, in the order of the report."""
    return {
        "mlp_b1": lambda: fixture_mlp(repo, 1),
        "mlp_b64": lambda: fixture_mlp(repo, 64),
        "digits_b1": lambda: digits(repo, 1),
        "digits_b64": lambda: digits(repo, 64),
        "cnn_b1": lambda: cnn(1),
        "cnn_b32": lambda: cnn(32),
        "lstm_step": lstm_step,
        "gemm256": lambda: gemm(256),
        "gemm1024": lambda: gemm(1024),
        "gemm2048": lambda: gemm(2048),
    }


def config_text(model):
    lines = [f"# tfcompile Config of the peer benchmark's {model.name}"]
    for name, shape in model.feeds:
        dims = " ".join(f"dim {{ size: {d} }}" for d in shape)
        lines.append(f'feed {{ id {{ node_name: "{name}" }} shape {{ {dims} }} '
                     f'name: "{name}" type: DT_FLOAT }}')
    for name in model.fetches:
        lines.append(f'fetch {{ id {{ node_name: "{name}" }} name: "{name}" }}')
    return "\n".join(lines) + "\n"


def to_onnx(model, path):
    """tf2onnx's conversion of the frozen graph; the ONNX graph is named
    `main` (IREE's importer names the function after it). Returns None or
    why there is no ONNX model."""
    try:
        import onnx
        import tf2onnx
    except ImportError as e:
        return f"tf2onnx/onnx not installed ({e.name})"
    try:
        proto, _ = tf2onnx.convert.from_graph_def(
            model.graph_def, input_names=[f"{n}:0" for n, _ in model.feeds],
            output_names=[f"{n}:0" for n in model.fetches], opset=17)
        proto.graph.name = "main"
        onnx.save(proto, path)
    except Exception as e:  # noqa: BLE001 - any converter failure skips ORT/IREE
        return f"tf2onnx failed: {type(e).__name__}: {e}".splitlines()[0]
    return None


def write(model, root):
    d = os.path.join(root, model.name)
    os.makedirs(os.path.join(d, "inputs"), exist_ok=True)
    with open(os.path.join(d, "model.pb"), "wb") as f:
        f.write(model.graph_def.SerializeToString())
    with open(os.path.join(d, "model.config.pbtxt"), "w") as f:
        f.write(config_text(model))
    for name, value in model.inputs.items():
        np.save(os.path.join(d, "inputs", name + ".npy"), value)
        value.tofile(os.path.join(d, "inputs", name + ".bin"))
    onnx_path = os.path.join(d, "model.onnx")
    if os.path.exists(onnx_path):
        os.remove(onnx_path)
    no_onnx = to_onnx(model, onnx_path)
    meta = {"name": model.name, "title": model.title, "kind": model.kind,
            "feeds": [{"name": n, "shape": s} for n, s in model.feeds],
            "fetches": model.fetches, "batch": model.feeds[0][1][0],
            "no_onnx": no_onnx}
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def main(argv):
    repo, work, names = argv[0], argv[1], argv[2:]
    makers = all_models(repo)
    root = os.path.join(work, "models")
    for name in names:
        if name not in makers:
            sys.exit(f"models.py: unknown model '{name}'; known: {', '.join(makers)}")
        meta = write(makers[name](), root)
        note = f" (no ONNX: {meta['no_onnx']})" if meta["no_onnx"] else ""
        print(f"  made {name}{note}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
