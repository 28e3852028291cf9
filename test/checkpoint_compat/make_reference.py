"""Writes the reference checkpoints under data/ with real TensorFlow.

Run with a Python that has TensorFlow (e.g. /work/venv-tf/bin/python):
    python make_reference.py [data-dir]
It writes
  tf1/model             tf.compat.v1.train.Saver: TF1 names (dense/kernel)
                        and one variable of each dtype, scalars, an empty one
  tf1_partitioned/model a Saver checkpoint with a partitioned variable
  tf2/ckpt-2, ckpt-3    tf.train.CheckpointManager (max_to_keep=2) over a
                        Keras model + Adam and a tf.Module tree:
                        keys ".../.ATTRIBUTES/VARIABLE_VALUE", object graph
and expected.tsv (see manifest.py) with the values TensorFlow reads back.
The files are committed, so the C++ tests need no TensorFlow.
"""

import os
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf

import manifest

HERE = os.path.dirname(os.path.abspath(__file__))


def tf1_variables():
    """(name, numpy value, tf dtype) of the TF1 checkpoint."""
    r = np.arange
    return [
        ("dense/kernel", (r(12, dtype=np.float32).reshape(4, 3) - 5.5) / 4, tf.float32),
        ("dense/bias", np.array([0.5, -1.25, 3.0], np.float32), tf.float32),
        ("dense_1/kernel", np.linspace(-1, 1, 6).reshape(3, 2), tf.float64),
        ("embedding/table", (r(10, dtype=np.int32) * 7 - 30).reshape(5, 2), tf.int32),
        ("counters/big", np.array([[2**40, -(2**50)], [7, -1]], np.int64), tf.int64),
        ("bytes/u8", r(0, 256, 37, dtype=np.uint8), tf.uint8),
        ("bytes/i8", np.array([-128, -1, 0, 1, 127], np.int8), tf.int8),
        ("shorts/i16", np.array([[-32768, 32767], [5, -5]], np.int16), tf.int16),
        ("shorts/u16", np.array([0, 1, 65535], np.uint16), tf.uint16),
        ("flags/mask", np.array([True, False, True, True, False]), tf.bool),
        ("half/h", np.array([1.0, -2.5, 65504.0, 0.000061035], np.float16), tf.float16),
        ("half/bf", np.array([1.0, -2.5, 3.0e38, 0.0078125], np.float32), tf.bfloat16),
        ("complex/c64", np.array([1 + 2j, -3.5 - 0.25j], np.complex64), tf.complex64),
        ("vocab", np.array([b"alpha", b"", b"\x00binary\xff", b"x" * 200]), tf.string),
        ("scalar/lr", np.float32(0.125), tf.float32),
        ("global_step", np.int64(1234), tf.int64),
        ("empty/rows", np.zeros((0, 3), np.float32), tf.float32),
    ]


def write_tf1(data_dir):
    out = os.path.join(data_dir, "tf1")
    with tf.Graph().as_default():
        for name, value, dtype in tf1_variables():
            scope, _, leaf = name.rpartition("/")
            with tf.compat.v1.variable_scope(scope or tf.compat.v1.get_variable_scope()):
                tf.compat.v1.get_variable(
                    leaf, initializer=tf.constant(value, dtype=dtype), use_resource=False)
        saver = tf.compat.v1.train.Saver(save_relative_paths=True)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            saver.save(sess, os.path.join(out, "model"), write_meta_graph=False)


def write_tf1_partitioned(data_dir):
    out = os.path.join(data_dir, "tf1_partitioned")
    with tf.Graph().as_default():
        tf.compat.v1.get_variable(
            "partitioned/w", initializer=tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2)),
            partitioner=tf.compat.v1.fixed_size_partitioner(2))
        tf.compat.v1.get_variable("plain", initializer=tf.constant([1.0, 2.0]))
        saver = tf.compat.v1.train.Saver(save_relative_paths=True)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            saver.save(sess, os.path.join(out, "model"), write_meta_graph=False)


class Dense(tf.Module):
    def __init__(self, kernel, bias):
        super().__init__()
        self.kernel = tf.Variable(kernel, name="kernel")
        self.bias = tf.Variable(bias, name="bias")


def write_tf2(data_dir):
    import keras

    keras.utils.set_random_seed(7)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="dense"),
                              keras.layers.Dense(2, name="dense_1")])
    optimizer = keras.optimizers.Adam(0.01)
    model.compile(optimizer=optimizer, loss="mse")
    x = np.linspace(-1, 1, 8, dtype=np.float32).reshape(2, 4)
    model.fit(x, np.ones((2, 2), np.float32), epochs=2, verbose=0)

    net = tf.Module()
    net.dense = Dense(np.arange(6, dtype=np.float32).reshape(2, 3) / 8, np.array([1.0, -1.0], np.float64))
    net.table = tf.Variable(np.arange(8, dtype=np.int32).reshape(4, 2), name="table")
    net.ids = tf.Variable(np.array([3, -(2**40)], np.int64), name="ids")
    net.half = tf.Variable(np.array([0.5, -4.0], np.float16), name="half")
    net.words = tf.Variable(np.array([b"tf2", b"checkpoint"]), name="words")
    step = tf.Variable(0, dtype=tf.int64, name="step")
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, net=net, step=step)
    manager = tf.train.CheckpointManager(checkpoint, os.path.join(data_dir, "tf2"), max_to_keep=2)
    for i in range(3):
        step.assign_add(1)
        net.dense.bias.assign_add([i, i])
        manager.save()


def write_manifest(data_dir, prefixes):
    lines = [manifest.HEADER]
    for prefix in prefixes:
        path = os.path.join(data_dir, prefix)
        reader = tf.train.load_checkpoint(path)
        dtypes = reader.get_variable_to_dtype_map()
        shapes = reader.get_variable_to_shape_map()
        sliced = set()
        if prefix.startswith("tf1_partitioned"):
            sliced.add("partitioned/w")
        for key in sorted(shapes):
            dtype = dtypes[key].name
            if key in sliced:
                value_file = "sliced"
            else:
                value_file = manifest.file_name(prefix, key)
                os.makedirs(os.path.join(data_dir, os.path.dirname(value_file)), exist_ok=True)
                with open(os.path.join(data_dir, value_file), "wb") as f:
                    f.write(manifest.encode(reader.get_tensor(key), dtype))
            lines.append("\t".join([prefix, key, dtype, manifest.shape_text(shapes[key]),
                                    value_file]) + "\n")
    with open(os.path.join(data_dir, "expected.tsv"), "w") as f:
        f.writelines(lines)


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "data")
    shutil.rmtree(data_dir, ignore_errors=True)
    os.makedirs(data_dir)
    write_tf1(data_dir)
    write_tf1_partitioned(data_dir)
    write_tf2(data_dir)
    write_manifest(data_dir, ["tf1/model", "tf1_partitioned/model", "tf2/ckpt-3", "tf2/ckpt-2"])
    with open(os.path.join(data_dir, "TF_VERSION"), "w") as f:
        f.write(tf.__version__ + "\n")


if __name__ == "__main__":
    main()
