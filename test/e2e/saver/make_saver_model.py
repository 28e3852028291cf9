#!/usr/bin/env python3
"""Writes a TF1 graph with two tf.compat.v1.train.Saver subgraphs and a
checkpoint written by TensorFlow (test/e2e/saver). Run with TensorFlow:

    $TFCC_VENV/bin/python test/e2e/saver/make_saver_model.py

The graph: y = x @ w + b, with w a ref variable (VariableV2), b a resource
variable (VarHandleOp) and step an int64 ref variable. `save` is TF's
default sharded Saver (SaveV2 into a temporary shard, MergeV2Checkpoints
into the prefix); `flat` is Saver(sharded=False), which writes the prefix
directly. Files:
  model.pb          the GraphDef
  savers.json       each Saver's SaverDef names (filename, save, restore)
  tf_ckpt/model.*   TF's checkpoint (by `save`) of the values in *_trained.npy
  x.npy, y_init.npy, y_trained.npy   y before and after the values change
"""
import json
import os
import shutil

import numpy as np
import tensorflow as tf

here = os.path.dirname(os.path.abspath(__file__))
tf.compat.v1.disable_eager_execution()
g = tf.Graph()
with g.as_default():
    x = tf.compat.v1.placeholder(tf.float32, [2, 3], name="x")
    w = tf.compat.v1.Variable([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]], name="w",
                              use_resource=False)
    b = tf.compat.v1.Variable([0.1, -0.2], name="b", use_resource=True)
    step = tf.compat.v1.Variable(np.int64(0), name="step", use_resource=False)
    y = tf.identity(tf.matmul(x, w) + b, name="y")
    tf.group(tf.compat.v1.global_variables_initializer(), name="init")
    # New values, as training would leave them.
    w_new = tf.compat.v1.placeholder(tf.float32, [3, 2], name="w_new")
    b_new = tf.compat.v1.placeholder(tf.float32, [2], name="b_new")
    step_new = tf.compat.v1.placeholder(tf.int64, [], name="step_new")
    tf.group(tf.compat.v1.assign(w, w_new), b.assign(b_new),
             tf.compat.v1.assign(step, step_new), name="set")
    sharded = tf.compat.v1.train.Saver(sharded=True)
    flat = tf.compat.v1.train.Saver(sharded=False, name="flat")

with open(os.path.join(here, "model.pb"), "wb") as f:
    f.write(g.as_graph_def().SerializeToString())
savers = {}
for key, saver in (("sharded", sharded), ("flat", flat)):
    d = saver.as_saver_def()
    savers[key] = {"filename": d.filename_tensor_name, "save": d.save_tensor_name,
                   "restore": d.restore_op_name}
with open(os.path.join(here, "savers.json"), "w") as f:
    json.dump(savers, f, indent=1)
    f.write("\n")

xv = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]], dtype=np.float32)
trained = {"w": np.array([[1.5, -0.5], [0.25, 2.0], [-1.0, 0.75]], np.float32),
           "b": np.array([3.0, -4.0], np.float32), "step": np.int64(1234)}
ckpt_dir = os.path.join(here, "tf_ckpt")
shutil.rmtree(ckpt_dir, ignore_errors=True)
os.makedirs(ckpt_dir)
with tf.compat.v1.Session(graph=g) as sess:
    sess.run("init")
    y0 = sess.run("y:0", {"x:0": xv})
    sess.run("set", {"w_new:0": trained["w"], "b_new:0": trained["b"],
                     "step_new:0": trained["step"]})
    sharded.save(sess, os.path.join(ckpt_dir, "model"), write_meta_graph=False,
                 write_state=False)
with tf.compat.v1.Session(graph=g) as sess:  # TF's own restore, for y_trained
    sess.run("init")
    sharded.restore(sess, os.path.join(ckpt_dir, "model"))
    y1 = sess.run("y:0", {"x:0": xv})
np.save(os.path.join(here, "x.npy"), xv)
np.save(os.path.join(here, "y_init.npy"), y0)
np.save(os.path.join(here, "y_trained.npy"), y1)
for name, value in trained.items():
    np.save(os.path.join(here, name + "_trained.npy"), value)
print(json.dumps(savers), "\ny init", y0, "\ny trained", y1)
