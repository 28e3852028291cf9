#!/usr/bin/env python3
"""Trains a 64-64-10 MLP on scikit-learn's bundled digits data with
TensorFlow, freezes it and writes, next to this script:

  digits_mlp.pb               frozen GraphDef: feed `x` float32 [?, 64], fetch `probs` [?, 10]
  digits_mlp.config.pbtxt     tfcompile Config, batch = the test split (450)
  digits_mlp_b1.config.pbtxt  tfcompile Config, batch 1
  test_x.npy, test_y.npy      the test split: float32 [N, 64] in [0, 1], int32 [N]
  tf_probs.npy                TF's softmax outputs of digits_mlp.pb on test_x

Deterministic: fixed seeds for the split, the initial weights and the
minibatch order; TF runs single-threaded. Run by scripts/make-fixtures.sh.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test", "e2e"))

import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

from fixturegen.fixture import Rand  # noqa: E402
from fixturegen.models import freeze_v1, glorot, variable  # noqa: E402
from fixturegen.tfenv import run_graph, tf  # noqa: E402
from fixturegen.writer import Feed, Fetch, config_text, write_graph, write_text  # noqa: E402

HIDDEN, CLASSES = 64, 10
STEPS, BATCH, LEARNING_RATE = 400, 64, 0.01
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-7


def load_split():
    """Pixels 0..16 scaled to [0, 1]; a stratified 75/25 split, fixed seed."""
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int32)
    return train_test_split(x, y, test_size=0.25, stratify=y, random_state=0)


def forward(params, x):
    w1, b1, w2, b2 = params
    return tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2


def train(x, y):
    """Minibatch Adam on softmax cross-entropy, written out so that every
    step is plain, seeded TF arithmetic."""
    r = Rand("digits")
    params = [tf.Variable(v) for v in (glorot(r, (64, HIDDEN)), np.zeros(HIDDEN, np.float32),
                                       glorot(r, (HIDDEN, CLASSES)), np.zeros(CLASSES, np.float32))]
    m = [tf.zeros_like(p) for p in params]
    v = [tf.zeros_like(p) for p in params]
    order = np.concatenate([r.rng.permutation(len(x)) for _ in range(STEPS * BATCH // len(x) + 1)])
    for step in range(1, STEPS + 1):
        idx = order[(step - 1) * BATCH:step * BATCH]
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=y[idx], logits=forward(params, x[idx])))
        grads = tape.gradient(loss, params)
        lr = LEARNING_RATE * np.sqrt(1 - BETA2 ** step) / (1 - BETA1 ** step)
        for i, (p, g) in enumerate(zip(params, grads)):
            m[i] = BETA1 * m[i] + (1 - BETA1) * g
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g
            p.assign_sub(lr * m[i] / (tf.sqrt(v[i]) + EPSILON))
        if step % 100 == 0:
            print(f"step {step}: loss {loss.numpy():.4f}")
    return [p.numpy() for p in params]


def freeze(weights):
    """The inference graph, TF1-style with the trained values as variables,
    frozen to Const nodes; the batch dimension stays unknown in the GraphDef
    so one model.pb serves both Configs."""
    def build(x):
        w1, b1, w2, b2 = (variable(n, w) for n, w in
                          zip(["dense/kernel", "dense/bias", "logits/kernel", "logits/bias"], weights))
        h = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w1), b1))
        return tf.nn.softmax(tf.nn.bias_add(tf.matmul(h, w2), b2, name="logits"))
    return freeze_v1(build, [None, 64], output="probs")


def main():
    x_train, x_test, y_train, y_test = load_split()
    graph_def = freeze(train(x_train, y_train))
    write_graph(os.path.join(HERE, "digits_mlp.pb"), graph_def)
    for suffix, batch in [("", len(x_test)), ("_b1", 1)]:
        write_text(os.path.join(HERE, f"digits_mlp{suffix}.config.pbtxt"), config_text(
            [Feed("x", "x", 0, (batch, 64), tf.float32)], [Fetch("probs", "probs")],
            f"tfcompile Config of digits_mlp.pb: {batch} digit image(s) of 8x8 pixels in [0, 1]\n"
            "in, class probabilities out"))

    # TF's outputs come from the frozen GraphDef itself, as tfcc will see it.
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
    probs = run_graph(graph, "probs:0", {"x:0": x_test})
    np.save(os.path.join(HERE, "test_x.npy"), x_test)
    np.save(os.path.join(HERE, "test_y.npy"), y_test)
    np.save(os.path.join(HERE, "tf_probs.npy"), probs)
    accuracy = float(np.mean(np.argmax(probs, axis=1) == y_test))
    print(f"digits: train {len(x_train)}, test {len(x_test)}; "
          f"TF test accuracy {accuracy:.4f} ({int(round(accuracy * len(x_test)))}/{len(x_test)})")


if __name__ == "__main__":
    main()
