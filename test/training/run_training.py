#!/usr/bin/env python3
"""Training equivalence with TensorFlow, two ways, on each training fixture
(test/training/README.md):

  tf-graph  the training graph TF wrote (gradients/*, Apply* ops) compiled
            as it is: signatures `train` (feeds x, y; fetch loss; target
            train_op) and `init`;
  autodiff  the forward graph compiled with `--train loss=loss --optimizer
            ...`: tfcc differentiates it and adds the optimizer itself.

Each is compiled to a shared library and trained for the fixture's steps by
train_check (through tfcc::Session); every step's loss and every variable
(slots, beta powers and global_step included) must match TF's.

usage: run_training.py <tfcc> <train_check> <fixtures dir> <work dir>
"""
import json
import os
import subprocess
import sys


def optimizer_flag(opt):
    if opt["name"] == "sgd":
        return f"sgd:lr={opt['learning_rate']}"
    if opt["name"] == "adam":
        return (f"adam:lr={opt['learning_rate']},beta1={opt['beta1']},beta2={opt['beta2']},"
                f"epsilon={opt['epsilon']}")
    raise ValueError(f"no flag for optimizer {opt['name']}")


def main():
    tfcc, checker, fixtures, work = sys.argv[1:5]
    failures = []
    for name in sorted(os.listdir(fixtures)):
        fx = os.path.join(fixtures, name)
        with open(os.path.join(fx, "fixture.json")) as f:
            meta = json.load(f)
        feeds = []
        for feed in ("x", "y"):
            spec = meta["feeds"][feed]
            feeds += ["--feed", f"{spec['node']}={spec['dtype']}[{','.join(map(str, spec['shape']))}]"]
        builds = {
            "tf-graph": [tfcc, "compile", os.path.join(fx, "train_graph.pb"), *feeds,
                         "--fetch", meta["loss"], "--target", meta["train_op"], "--signature",
                         "train", "--add-signature", f"init=target:{meta['init']}"],
            "autodiff": [tfcc, "compile", os.path.join(fx, meta["forward_graph"]["file"]),
                         feeds[0], feeds[1], "--fetch", meta["logits"],
                         "--train", f"loss={meta['loss']}",
                         "--optimizer", optimizer_flag(meta["optimizer"])],
        }
        for how, cmd in builds.items():
            so = os.path.join(work, f"{name}_{how}")
            os.makedirs(work, exist_ok=True)
            r = subprocess.run(cmd + ["--emit=shared-lib", "-o", so], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"FAIL {name} {how}: compile: {r.stderr.strip().splitlines()[-1:]}")
                failures.append(f"{name} {how}")
                continue
            check = [checker, so + ".so", "--init", "init", "--train", "train",
                     "--x", os.path.join(fx, meta["batches"]["x"]),
                     "--y", os.path.join(fx, meta["batches"]["y"]),
                     "--losses", os.path.join(fx, meta["losses"]),
                     "--rtol", str(meta["rtol"]), "--atol", str(meta["atol"])]
            for v in meta["variables"]:
                check += ["--var", f"{v['name']}={os.path.join(fx, v['expected'])}"]
            r = subprocess.run(check, capture_output=True, text=True)
            print(f"{'ok  ' if r.returncode == 0 else 'FAIL'} {name} {how}")
            if r.returncode != 0:
                print(r.stdout + r.stderr)
                failures.append(f"{name} {how}")
    if failures:
        print(f"{len(failures)} failed: {', '.join(failures)}")
        return 1
    print("all match TensorFlow")
    return 0


if __name__ == "__main__":
    sys.exit(main())
