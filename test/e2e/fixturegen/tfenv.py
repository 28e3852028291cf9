"""Imports TensorFlow quietly, single-threaded and without oneDNN rewrites.

One thread keeps the shared development machine usable and reductions in a
fixed order; oneDNN off makes TF use its plain Eigen kernels, the reference
tfcc is compared with. Import `tf` from here, never directly.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.setdefault("OMP_NUM_THREADS", "1")

import tensorflow as tf  # noqa: E402

tf.get_logger().setLevel("ERROR")  # freezing APIs warn that they are TF1-era
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

SESSION_CONFIG = tf.compat.v1.ConfigProto(
    intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)


def run_graph(graph, fetches, feed_dict):
    """Runs `fetches` of a tf.Graph in a single-threaded v1 Session."""
    with tf.compat.v1.Session(graph=graph, config=SESSION_CONFIG) as sess:
        return sess.run(fetches, feed_dict)
