#!/usr/bin/env python3
"""Writes a small TF1 graph with variables and several entry points, and TF's
results for a sequence of runs (test/e2e/variables). Run with TensorFlow:

    $TFCC_VENV/bin/python test/e2e/variables/make_variables_model.py

Signatures compiled into one artifact by the tests: predict (x -> y), init
(the initializers) and update (x -> b += sum(y, 0), writes the variable b).
w is a TF1 ref variable (VariableV2/Assign), b a resource variable
(VarHandleOp/AssignVariableOp), so both forms are covered.
"""
import os

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
    y = tf.identity(tf.matmul(x, w) + b, name="y")
    updated = tf.identity(tf.compat.v1.assign_add(b, tf.reduce_sum(y, axis=0)), name="updated")
    tf.group(tf.compat.v1.global_variables_initializer(), name="init")

graph_def = g.as_graph_def()
with open(os.path.join(here, "model.pb"), "wb") as f:
    f.write(graph_def.SerializeToString())

xv = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]], dtype=np.float32)
with tf.compat.v1.Session(graph=g) as sess:
    sess.run("init")
    y0 = sess.run("y:0", {"x:0": xv})
    u = sess.run("updated:0", {"x:0": xv})
    y1 = sess.run("y:0", {"x:0": xv})
np.save(os.path.join(here, "x.npy"), xv)
np.save(os.path.join(here, "y_before.npy"), y0)
np.save(os.path.join(here, "updated.npy"), u)
np.save(os.path.join(here, "y_after.npy"), y1)
print("y before", y0, "\nupdated b", u, "\ny after", y1)
