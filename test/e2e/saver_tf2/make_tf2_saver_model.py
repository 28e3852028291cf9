#!/usr/bin/env python3
"""Writes a TF2 SavedModel whose Saver lives in functions
(__inference__traced_save/restore, called by StatefulPartitionedCall_1/_2)
for test/unit/model/SaverTest.cpp. Run with TensorFlow:

    $TFCC_VENV/bin/python test/e2e/saver_tf2/make_tf2_saver_model.py

Files:
  model/            the SavedModel; model/variables/variables.* is TF's own
                    TF2 checkpoint (object graph included) of the values
                    below, which is how a SavedModel carries its weights
  saver.json        the SaverDef names (filename, save, restore tensors)
  x.npy, y.npy      an input and TF's output with those values
"""
import json
import os
import shutil

import numpy as np
import tensorflow as tf

here = os.path.dirname(os.path.abspath(__file__))


class Affine(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable([[1.5, -0.5], [0.25, 2.0], [-1.0, 0.75]], name="w")
        self.b = tf.Variable([3.0, -4.0], name="b")

    @tf.function(input_signature=[tf.TensorSpec([2, 3], tf.float32, name="x")])
    def __call__(self, x):
        return tf.matmul(x, self.w) + self.b


model = Affine()
out = os.path.join(here, "model")
shutil.rmtree(out, ignore_errors=True)
tf.saved_model.save(model, out)

from tensorflow.core.protobuf import saved_model_pb2  # noqa: E402

sm = saved_model_pb2.SavedModel()
with open(os.path.join(out, "saved_model.pb"), "rb") as f:
    sm.ParseFromString(f.read())
saver = sm.meta_graphs[0].saver_def
with open(os.path.join(here, "saver.json"), "w") as f:
    json.dump({"filename": saver.filename_tensor_name, "save": saver.save_tensor_name,
               "restore": saver.restore_op_name}, f, indent=1)
    f.write("\n")
xv = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]], dtype=np.float32)
np.save(os.path.join(here, "x.npy"), xv)
np.save(os.path.join(here, "y.npy"), model(xv).numpy())
print(saver)
