"""Checks with TensorFlow the checkpoints tfcc_checkpoint_compat_writer wrote.

    python check_tfcc_checkpoint.py <dir>

Needs TensorFlow. For every checkpoint in <dir>/expected.tsv:
tf.train.load_checkpoint lists exactly the expected names, dtypes and shapes
and returns the expected bytes; tf.train.latest_checkpoint and the state file
name the newest one; and a tf.compat.v1.train.Saver restores the TF1-named
variables into a graph. Exits 0 when all hold, 1 with the failures listed.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manifest  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def check_load_checkpoint(directory, rows):
    by_checkpoint = {}
    for row in rows:
        by_checkpoint.setdefault(row[0], []).append(row)
    for checkpoint, items in by_checkpoint.items():
        reader = tf.train.load_checkpoint(os.path.join(directory, checkpoint))
        shapes = reader.get_variable_to_shape_map()
        dtypes = reader.get_variable_to_dtype_map()
        check(set(shapes) == {r[1] for r in items},
              f"{checkpoint}: TF lists {sorted(shapes)}")
        for _, key, dtype, shape, value_file in items:
            where = f"{checkpoint} {key}"
            check(key in shapes, f"{where}: missing")
            if key not in shapes:
                continue
            check(dtypes[key].name == dtype, f"{where}: dtype {dtypes[key].name} != {dtype}")
            check(manifest.shape_text(shapes[key]) == shape,
                  f"{where}: shape {shapes[key]} != {shape}")
            with open(os.path.join(directory, value_file), "rb") as f:
                expected = f.read()
            got = manifest.encode(reader.get_tensor(key), dtype)
            check(got == expected, f"{where}: value differs ({got[:32]!r} vs {expected[:32]!r})")
    return sorted(by_checkpoint)


def check_state(directory, checkpoints):
    newest = max(checkpoints, key=lambda c: int(c.rsplit("-", 1)[1]))
    latest = tf.train.latest_checkpoint(directory)
    check(latest == os.path.join(directory, newest), f"latest_checkpoint is {latest}")
    state = tf.train.get_checkpoint_state(directory)
    paths = [os.path.basename(p) for p in state.all_model_checkpoint_paths]
    check(paths == sorted(checkpoints, key=lambda c: int(c.rsplit("-", 1)[1])),
          f"state lists {paths}")


def check_saver_restore(directory, rows, checkpoint):
    """TF1 graph-mode restore (RestoreV2) of the TF1-named variables."""
    items = [r for r in rows if r[0] == checkpoint and ".ATTRIBUTES" not in r[1]]
    with tf.Graph().as_default():
        variables = {}
        for _, key, dtype, shape, _ in items:
            dims = [int(d) for d in shape.strip("[]").split(",") if d]
            variables[key] = tf.compat.v1.Variable(
                tf.zeros(dims, dtype=tf.as_dtype(dtype)), name=key.replace("/", "_"),
                use_resource=False)
        saver = tf.compat.v1.train.Saver(var_list=variables)
        with tf.compat.v1.Session() as sess:
            saver.restore(sess, os.path.join(directory, checkpoint))
            for _, key, dtype, shape, value_file in items:
                with open(os.path.join(directory, value_file), "rb") as f:
                    expected = f.read()
                got = manifest.encode(sess.run(variables[key]), dtype)
                check(got == expected, f"Saver.restore {checkpoint} {key}: value differs")
    return len(items)


def main():
    directory = sys.argv[1]
    rows = manifest.read(os.path.join(directory, "expected.tsv"))
    checkpoints = check_load_checkpoint(directory, rows)
    check_state(directory, checkpoints)
    restored = check_saver_restore(directory, rows, checkpoints[-1])
    if failures:
        print("FAIL: TensorFlow %s disagrees with tfcc's checkpoints:" % tf.__version__)
        for f in failures:
            print("  " + f)
        return 1
    print("OK: TensorFlow %s read %d tensors of %d tfcc checkpoints and restored %d "
          "variables with tf.compat.v1.train.Saver" % (tf.__version__, len(rows),
                                                        len(checkpoints), restored))
    return 0


if __name__ == "__main__":
    sys.exit(main())
