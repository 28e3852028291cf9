"""ctest driver: tfcc saves through TF's Saver subgraph, TensorFlow's own
restore ops read the result.

    python3 tf_restores_tfcc.py <tfcc_model_tests> [--python PY]

The test binary's Saver.WritesForTensorFlow saves w and step as in
tf_ckpt/model and b = [0.5, 0.25] through the `save` and `flat_save`
signatures; then TensorFlow imports model.pb and runs save/restore_all and
flat/restore_all on those files. SaverTf2.WritesForTensorFlow saves the TF2
SavedModel's w and b = [0.5, 0.25] through its save function; TF restores
that by object (tf.train.Checkpoint, through the saved object graph). Skipped (exit 77) without TensorFlow, found
as test/checkpoint_compat/tf_reads_tfcc.py finds it.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "checkpoint_compat"))
from tf_reads_tfcc import SKIP, find_python  # noqa: E402


def check(directory):
    """Runs under TensorFlow: restores both checkpoints with TF's Saver ops."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np
    import tensorflow as tf

    graph_def = tf.compat.v1.GraphDef()
    with open(os.path.join(HERE, "model.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(graph_def, name="")
    want = {"w:0": np.load(os.path.join(HERE, "w_trained.npy")),
            "b:0": np.array([0.5, 0.25], np.float32),
            "step:0": np.load(os.path.join(HERE, "step_trained.npy"))}
    failures = 0
    for saver, sub in (("save", "sharded"), ("flat", "flat")):
        with tf.compat.v1.Session(graph=g) as sess:
            sess.run("init")
            sess.run(saver + "/restore_all",
                     {saver + "/Const:0": os.path.join(directory, sub, "model")})
            got = sess.run({"w:0": "w:0", "b:0": "b/Read/ReadVariableOp:0", "step:0": "step:0"})
            for name, value in want.items():
                ok = np.array_equal(got[name], value)
                failures += not ok
                print(f"{saver}/restore_all {name}: {'ok' if ok else 'MISMATCH'} {got[name]}")
    # TF2: object-based restore through the object graph tfcc wrote.
    w = tf.Variable(tf.zeros([3, 2]))
    b = tf.Variable(tf.zeros([2]))
    tf.train.Checkpoint(w=w, b=b).restore(
        os.path.join(directory, "tf2", "ckpt")).expect_partial()  # save_counter is not in it
    tf2_dir = os.path.join(HERE, "..", "saver_tf2")
    w_want = tf.train.load_checkpoint(os.path.join(tf2_dir, "model", "variables", "variables")
                                      ).get_tensor("w/.ATTRIBUTES/VARIABLE_VALUE")
    for name, got, value in (("w", w.numpy(), w_want), ("b", b.numpy(), want["b:0"])):
        ok = np.array_equal(got, value)
        failures += not ok
        print(f"tf.train.Checkpoint {name}: {'ok' if ok else 'MISMATCH'} {got}")
    return 1 if failures else 0


def main():
    if sys.argv[1] == "--check":
        return check(sys.argv[2])
    tests = sys.argv[1]
    configured = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--python" else None
    python = find_python(configured)
    if not python:
        print("SKIP: no Python that can import tensorflow; set TFCC_TF_PYTHON to one")
        return SKIP
    directory = tempfile.mkdtemp(prefix="tfcc_tf_restores_")
    try:
        subprocess.run([tests, "--gtest_filter=Saver*.WritesForTensorFlow"], check=True,
                       env=dict(os.environ, TFCC_SAVER_OUT=directory))
        return subprocess.run([python, os.path.abspath(__file__), "--check",
                               directory]).returncode
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
