"""Whole-model fixtures: an MNIST-sized MLP, a small CNN with batch norm,
and a Keras LSTM (unrolled, and as a while loop). Weights are random but
seeded; they are frozen into Const nodes the way TF's freezing tools do it."""
import keras
import numpy as np
from tensorflow.python.framework.convert_to_constants import \
    convert_variables_to_constants_v2

from .fixture import Rand, emit_graph
from .tfenv import SESSION_CONFIG, tf
from .tolerances import LONG_SUM, RECURRENT

def glorot(r, shape):
    """Glorot-uniform weights, so activations keep a sensible scale."""
    fan_in, fan_out = np.prod(shape[:-1]), shape[-1]
    if len(shape) == 4:  # conv HWIO: fan_in = h*w*i, fan_out = h*w*o
        fan_out = np.prod(shape[:2]) * shape[-1]
    lim = np.sqrt(6.0 / (fan_in + fan_out))
    return r(shape, "float32", -lim, lim)


def freeze_v1(build, input_shape, output="out"):
    """A TF1 graph: placeholder `x`, v1 variables initialized from `build`'s
    numpy values, an Identity named `output`; frozen with
    convert_variables_to_constants, which turns each variable into a Const
    (and its reads into Identity)."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, input_shape, name="x")
        tf.identity(build(x), name=output)
        with tf.compat.v1.Session(graph=graph, config=SESSION_CONFIG) as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            return tf.compat.v1.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), [output])


def variable(name, value):
    return tf.compat.v1.Variable(value, name=name)


def dense(h, r, name, n_in, n_out):
    w = variable(name + "/kernel", glorot(r, (n_in, n_out)))
    b = variable(name + "/bias", r((n_out,), "float32", -0.1, 0.1))
    return tf.nn.bias_add(tf.matmul(h, w), b)


def mlp(batch):
    """784-512-512-10, relu, softmax: the MNIST MLP shape."""
    def build(x):
        r = Rand("mlp weights")  # the same weights for every batch size
        h = tf.nn.relu(dense(x, r, "dense", 784, 512))
        h = tf.nn.relu(dense(h, r, "dense_1", 512, 512))
        return tf.nn.softmax(dense(h, r, "dense_2", 512, 10))
    name = f"mlp_b{batch}"
    graph_def = freeze_v1(build, [batch, 784])
    emit_graph(name, graph_def, {"x": Rand(name)((batch, 784), "float32", 0, 1)}, ["out"],
               ["MatMul", "BiasAdd", "Relu", "Softmax"], LONG_SUM)


def dense_transposed(batch):
    """Two dense layers whose kernels are stored [out, in] and multiplied with
    transpose_b, as graphs converted from PyTorch's Linear have them; large
    enough (2^16 weights and more) that tfcc streams them from the kernel's
    column panels at batch 1."""
    def build(x):
        r = Rand("dense_transposed weights")
        w1 = variable("fc1/weight", glorot(r, (512, 256)))
        b1 = variable("fc1/bias", r((512,), "float32", -0.1, 0.1))
        w2 = variable("fc2/weight", glorot(r, (128, 512)))
        b2 = variable("fc2/bias", r((128,), "float32", -0.1, 0.1))
        h = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w1, transpose_b=True), b1))
        return tf.nn.bias_add(tf.matmul(h, w2, transpose_b=True), b2)
    name = f"dense_transposed_b{batch}"
    graph_def = freeze_v1(build, [batch, 256])
    emit_graph(name, graph_def, {"x": Rand(name)((batch, 256), "float32", -1, 1)}, ["out"],
               ["MatMul", "BiasAdd", "Relu"], LONG_SUM)


def cnn_small(batch):
    """Conv3x3 -> BatchNorm (inference) -> Relu -> MaxPool, Conv3x3 -> Relu ->
    MaxPool, Flatten, Dense -> Softmax on 28x28x1 images."""
    def build(x):
        r = Rand("cnn_small weights")
        k1 = variable("conv1/kernel", glorot(r, (3, 3, 1, 8)))
        h = tf.nn.conv2d(x, k1, strides=1, padding="SAME")
        bn = {p: variable(f"bn1/{p}", r((8,), "float32", lo, hi)) for p, lo, hi in
              [("gamma", 0.5, 1.5), ("beta", -0.2, 0.2), ("moving_mean", -0.2, 0.2),
               ("moving_variance", 0.5, 2.0)]}
        h, _, _ = tf.compat.v1.nn.fused_batch_norm(
            h, bn["gamma"], bn["beta"], bn["moving_mean"], bn["moving_variance"],
            epsilon=0.001, is_training=False)
        h = tf.nn.max_pool2d(tf.nn.relu(h), 2, 2, "VALID")
        k2 = variable("conv2/kernel", glorot(r, (3, 3, 8, 16)))
        b2 = variable("conv2/bias", r((16,), "float32", -0.1, 0.1))
        h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(h, k2, strides=1, padding="SAME"), b2))
        h = tf.nn.max_pool2d(h, 2, 2, "VALID")
        h = tf.reshape(h, [-1, 7 * 7 * 16])
        return tf.nn.softmax(dense(h, r, "dense", 7 * 7 * 16, 10))
    name = f"cnn_small_b{batch}"
    graph_def = freeze_v1(build, [batch, 28, 28, 1])
    emit_graph(name, graph_def, {"x": Rand(name)((batch, 28, 28, 1), "float32", 0, 1)}, ["out"],
               ["Conv2D", "FusedBatchNormV3", "MaxPool", "Relu", "Softmax"], LONG_SUM)


def lstm(variant, batch=2, seq=8, features=16, units=32):
    """Keras LSTM(32) over 8 steps of 16 features, then Dense(10). `unrolled`:
    unroll=True, straight-line code. `while`: Keras' tf.while_loop kept as a
    functional While with TensorList ops. `while_v1`: the same loop lowered
    to Enter/Merge/Switch/NextIteration/Exit, which is what
    convert_variables_to_constants_v2 does by default."""
    keras.utils.clear_session()  # fresh layer-name counters: deterministic node names
    model = keras.Sequential([keras.Input((seq, features), batch_size=batch, name="x"),
                              keras.layers.LSTM(units, unroll=variant == "unrolled", name="lstm"),
                              keras.layers.Dense(10, name="dense")], name="lstm_model")
    r = Rand("lstm weights")
    model.get_layer("lstm").set_weights([glorot(r, (features, 4 * units)),
                                         glorot(r, (units, 4 * units)),
                                         r((4 * units,), "float32", -0.1, 0.1)])
    model.get_layer("dense").set_weights([glorot(r, (units, 10)), r((10,), "float32", -0.1, 0.1)])

    @tf.function(input_signature=[tf.TensorSpec([batch, seq, features], tf.float32, name="x")])
    def call(x):
        return tf.identity(model(x), name="out")
    frozen = convert_variables_to_constants_v2(call.get_concrete_function(),
                                               lower_control_flow=variant == "while_v1")
    graph_def = drop_unread_placeholders(frozen.graph.as_graph_def(), keep={"x"})
    name = f"lstm_{variant}"
    needs = {"unrolled": ["MatMul", "Sigmoid", "Tanh"], "while": ["While"],
             "while_v1": ["Enter", "Merge", "Switch", "NextIteration", "Exit"]}[variant]
    emit_graph(name, graph_def,
               {"x": Rand(name)((batch, seq, features), "float32", -1, 1)}, ["out"], needs,
               RECURRENT)


def drop_unread_placeholders(graph_def, keep):
    """Lowering control flow leaves Placeholders named unused_control_flow_input*
    that nothing reads, numbered in a different order on each run: drop them."""
    read = {i.lstrip("^").split(":")[0] for n in graph_def.node for i in n.input}
    nodes = [n for n in graph_def.node
             if n.op != "Placeholder" or n.name in read or n.name in keep]
    del graph_def.node[:]
    graph_def.node.extend(nodes)
    return graph_def


def generate():
    for batch in (1, 64):
        mlp(batch)
    dense_transposed(1)
    for batch in (1, 8):
        cnn_small(batch)
    for variant in ("unrolled", "while", "while_v1"):
        lstm(variant)
