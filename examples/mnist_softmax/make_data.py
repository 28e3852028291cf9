#!/usr/bin/env python3
"""Writes the data, graphs and TensorFlow reference of the mnist_softmax
example (TF's first MNIST tutorial, on the 8x8 digits of scikit-learn):

  train_x.npy, train_y.npy   float32 [1300, 64] pixels / 16, float32 [1300, 10] one-hot
  test_x.npy, test_y.npy     float32 [450, 64], int32 [450] labels
  softmax.pb                 the tutorial's model: x [100, 64], y_ [100, 10], ref
                             variables W [64, 10] and b [10] (zeros), y = softmax(x W + b),
                             cross_entropy = mean(-sum(y_ * log(y), 1)); x_eval [450, 64]
                             -> y_eval with the same W and b; init
  softmax_train.pb           the same graph plus train_step =
                             GradientDescentOptimizer(0.5).minimize(cross_entropy)
  mlp.pb, mlp_train.pb       a 64-64-10 relu MLP the same way: W1, b1, W2, b2,
                             logits, loss (mean softmax cross-entropy), x_eval ->
                             logits_eval -> y_eval; train_step = AdamOptimizer(0.002)
  *.config.pbtxt             tfcompile Configs: <model>.config.pbtxt (x, y_ -> the
                             loss and y or logits), <model>_eval.config.pbtxt
                             (x_eval -> y_eval)
  tf_reference.json          TF's run of *_train.pb: 1000 steps of batch 100, the
                             training set in order, cycled; losses; test accuracy

The split is examples/digits' (stratified 75/25, random_state=0: 1347 train,
450 test), so the test set is the same as examples/digits/test_*.npy; the
first 1300 training examples (a multiple of the batch) are kept. Everything is
seeded; TF runs single-threaded. Run by scripts/make-fixtures.sh.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))
sys.path.insert(0, os.path.join(ROOT, "test", "training"))
sys.path.insert(0, os.path.join(ROOT, "examples", "digits"))

from fixturegen.fixture import Rand  # noqa: E402
from fixturegen.models import glorot  # noqa: E402
from fixturegen.tfenv import SESSION_CONFIG, tf  # noqa: E402
from fixturegen.writer import (Feed, Fetch, config_text, graph_op_types, save_npy,  # noqa: E402
                               write_graph, write_text)
from train_digits import load_split  # noqa: E402

import trainmodels  # noqa: E402
from trainmodels import EXAMPLE_OPTIMIZERS, MODELS  # noqa: E402

N_TRAIN, BATCH, STEPS, CLASSES = 1300, 100, 1000, 10
# file stem -> (trainmodels name, loss node, training output node)
EXAMPLES = {"softmax": ("softmax", "cross_entropy", "y"), "mlp": ("digits_mlp", "loss", "logits")}


def data():
    x_train, x_test, y_train, y_test = load_split()
    return (x_train[:N_TRAIN], np.eye(CLASSES, dtype=np.float32)[y_train[:N_TRAIN]],
            x_test.astype(np.float32), y_test.astype(np.int32))


def initial_values(model):
    r = Rand("mnist_softmax " + model.name)
    return {name: glorot(r, shape) if kind == "kernel" else np.zeros(shape, np.float32)
            for name, shape, kind in model.variables}


def build(stem, n_test, train):
    """The example's graph; with train, TF's train_step too."""
    model = MODELS[EXAMPLES[stem][0]]
    init = initial_values(model)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, model.x_shape, name="x")
        y_ = tf.compat.v1.placeholder(tf.float32, model.y_shape, name="y_")
        params = {}
        for name, shape, kind in model.variables:
            # The tutorial's tf.Variable(tf.zeros(...)); seeded Glorot kernels for the MLP.
            value = tf.zeros(shape) if kind == "zeros" else init[name]
            params[name] = tf.compat.v1.Variable(value, name=name, use_resource=False)
            assert params[name].op.name == name
        loss = model.loss(params, x, y_)
        assert loss.op.name == EXAMPLES[stem][1]
        x_eval = tf.compat.v1.placeholder(tf.float32, [n_test, 64], name="x_eval")
        if stem == "softmax":
            y_eval = trainmodels.softmax_probs(params, x_eval, name="y_eval")
        else:
            y_eval = tf.nn.softmax(trainmodels.digits_mlp_logits(params, x_eval, "logits_eval"),
                                   name="y_eval")
        assert y_eval.op.name == "y_eval"
        if train:
            step = trainmodels.v1_optimizer(EXAMPLE_OPTIMIZERS[model.name]).minimize(
                loss, name="train_step")
            assert step.name == "train_step", step.name
        assert tf.compat.v1.global_variables_initializer().name == "init"
    return graph.as_graph_def()


def run_training(graph_def, stem, train_x, train_y, test_x, test_y):
    """TF's training on the serialized *_train.pb: init, then STEPS x
    sess.run([loss, train_step]) on batch (step mod 13) of the training set."""
    loss_name = EXAMPLES[stem][1] + ":0"
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
    losses = []
    with tf.compat.v1.Session(graph=graph, config=SESSION_CONFIG) as sess:
        sess.run("init")
        for step in range(STEPS):
            at = (step * BATCH) % N_TRAIN
            loss, _ = sess.run([loss_name, "train_step"],
                               {"x:0": train_x[at:at + BATCH], "y_:0": train_y[at:at + BATCH]})
            losses.append(float(loss))
        probs = sess.run("y_eval:0", {"x_eval:0": test_x})
        # Training accuracy through x_eval too: windows of its size, the last one
        # overlapping the one before.
        n = len(test_x)
        train_pred = np.zeros(N_TRAIN, np.int64)
        for at in list(range(0, N_TRAIN - n, n)) + [N_TRAIN - n]:
            train_pred[at:at + n] = np.argmax(sess.run("y_eval:0", {"x_eval:0": train_x[at:at + n]}), 1)
    correct = int(np.sum(np.argmax(probs, axis=1) == test_y))
    train_correct = int(np.sum(train_pred == np.argmax(train_y, axis=1)))
    return losses, correct, train_correct, N_TRAIN


def write_configs(stem, n_test):
    model = MODELS[EXAMPLES[stem][0]]
    _, loss, out = EXAMPLES[stem]
    write_text(os.path.join(HERE, f"{stem}.config.pbtxt"), config_text(
        [Feed("x", "x", 0, tuple(model.x_shape), tf.float32),
         Feed("y_", "y_", 0, tuple(model.y_shape), tf.float32)],
        [Fetch(out, out), Fetch(loss, loss)],
        f"tfcompile Config of {stem}.pb: a training batch of {BATCH} images and one-hot labels\n"
        f"in; {out} and the loss {loss} out (the variables are the graph's)"))
    write_text(os.path.join(HERE, f"{stem}_eval.config.pbtxt"), config_text(
        [Feed("x_eval", "x_eval", 0, (n_test, 64), tf.float32)], [Fetch("y_eval", "y_eval")],
        f"tfcompile Config of {stem}.pb for prediction: the {n_test} test images in, class\n"
        "probabilities out, with the same variables"))


def main():
    train_x, train_y, test_x, test_y = data()
    n_test = len(test_x)
    save_npy(os.path.join(HERE, "train_x.npy"), train_x)
    save_npy(os.path.join(HERE, "train_y.npy"), train_y)
    save_npy(os.path.join(HERE, "test_x.npy"), test_x)
    save_npy(os.path.join(HERE, "test_y.npy"), test_y)
    reference = {
        "data": {"source": "sklearn.datasets.load_digits (UCI Optical Recognition of Handwritten "
                           "Digits, 8x8, pixels 0..16 divided by 16)",
                 "split": "examples/digits' stratified 75/25 train_test_split, random_state=0; "
                          f"the first {N_TRAIN} of its 1347 training examples",
                 "train": N_TRAIN, "test": n_test},
        "training": {"steps": STEPS, "batch": BATCH,
                     "order": f"step s feeds train_x[b:b+{BATCH}], train_y[b:b+{BATCH}] with "
                              f"b = (s * {BATCH}) mod {N_TRAIN}",
                     "fetch": "[<loss>, train_step] in one sess.run; init run once first"},
        "tensorflow": tf.__version__,
    }
    for stem in EXAMPLES:
        model_name, loss, out = EXAMPLES[stem]
        inference, training = build(stem, n_test, False), build(stem, n_test, True)
        write_graph(os.path.join(HERE, f"{stem}.pb"), inference)
        write_graph(os.path.join(HERE, f"{stem}_train.pb"), training)
        write_configs(stem, n_test)
        losses, correct, train_correct, n_train_eval = run_training(
            training, stem, train_x, train_y, test_x, test_y)
        opt = EXAMPLE_OPTIMIZERS[model_name]
        reference[stem] = {
            "graph": f"{stem}_train.pb", "inference_graph": f"{stem}.pb",
            "nodes": {"x": "x", "labels": "y_", "output": out, "loss": loss,
                      "train": "train_step", "init": "init", "x_eval": "x_eval",
                      "y_eval": "y_eval"},
            "variables": [name for name, *_ in MODELS[model_name].variables],
            "optimizer": {**opt, "tf": ("GradientDescentOptimizer" if opt["name"] == "sgd"
                                        else "AdamOptimizer")},
            "losses_every_100_steps": [round(v, 6) for v in losses[::100]] + [round(losses[-1], 6)],
            "loss_steps": list(range(0, STEPS, 100)) + [STEPS - 1],
            "test_correct": correct, "test_accuracy": round(correct / n_test, 6),
            "train_correct": train_correct, "train_evaluated": n_train_eval,
            "train_accuracy": round(train_correct / n_train_eval, 6),
            "train_graph_ops": graph_op_types(training),
        }
        print(f"{stem}: loss {losses[0]:.4f} -> {losses[-1]:.4f}; TF test accuracy "
              f"{correct / n_test:.4f} ({correct}/{n_test}); train {train_correct}/{n_train_eval}")
    write_text(os.path.join(HERE, "tf_reference.json"), json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main()
