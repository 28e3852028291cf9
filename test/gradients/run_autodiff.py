#!/usr/bin/env python3
"""Checks tfcc-autodiff against TensorFlow on the gradient fixtures.

usage: run_autodiff.py <tfcc> <fixtures dir> <work dir> [--known FILE] [--only NAME]

For each fixture (test/gradients/README.md) tfcc compiles only the forward
graph's `loss` and differentiates it itself (`--gradients-of loss --wrt ...`);
the executable's grad_<x>.npy must match TF's tf.gradients values within the
fixture's tolerance. For float64 fixtures the gradients are also checked by
central differences: along two seeded directions d per input,
(L(x + h d) - L(x - h d)) / 2h must match <grad, d> (h = 1e-6, relative error
below 1e-6), with L evaluated by the same compiled program.
Fails on a fixture that fails and is not listed in the known file, or that is
listed and passes.
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import npy  # noqa: E402
from run_fixtures import compare, fixtures_main  # noqa: E402

DTYPES = {"<f8": "float64", "<f4": "float32", "<i4": "int32", "<i8": "int64"}


def run(exe, inputs, out_dir):
    """Runs the compiled program on {name: path}; None or an error line."""
    os.makedirs(out_dir, exist_ok=True)
    cmd = [exe, "--output-dir", out_dir]
    for name, path in sorted(inputs.items()):
        cmd += ["--input", f"{name}={path}"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    return None if r.returncode == 0 else (r.stderr.strip().splitlines() or ["(no message)"])[0]


def finite_differences(exe, meta, inputs, work):
    """None when central differences agree with tfcc's gradients."""
    rng = random.Random(7)
    h = 1e-6
    for x in meta["wrt"]:
        descr, shape, base = npy.read(inputs[x])
        _, _, grad = npy.read(os.path.join(work, "out", f"grad_{x}.npy"))
        for k in range(2):
            d = [rng.uniform(-1, 1) for _ in base]
            losses = []
            for sign in (1, -1):
                path = os.path.join(work, f"fd_{x}.npy")
                npy.write(path, descr, shape, [v + sign * h * e for v, e in zip(base, d)])
                out = os.path.join(work, "fd")
                err = run(exe, dict(inputs, **{x: path}), out)
                if err:
                    return f"finite differences: run failed: {err}"
                losses.append(npy.read(os.path.join(out, "loss.npy"))[2][0])
            numeric = (losses[0] - losses[1]) / (2 * h)
            analytic = sum(g * e for g, e in zip(grad, d))
            scale = max(abs(numeric), abs(analytic), 1e-3)
            if abs(numeric - analytic) / scale > 1e-6:
                return (f"finite differences along direction {k} of {x}: {numeric} vs tfcc's "
                        f"{analytic}")
    return None


def check(tfcc, fixture, work):
    with open(os.path.join(fixture, "fixture.json")) as f:
        meta = json.load(f)
    os.makedirs(work, exist_ok=True)
    inputs = {x: os.path.join(fixture, "inputs", f"{x}.npy") for x in meta["inputs"]}
    exe = os.path.join(work, "model")
    cmd = [tfcc, "compile", os.path.join(fixture, "model.pb"), "--fetch", meta["loss"],
           "--gradients-of", meta["loss"], "--wrt", ",".join(meta["wrt"]),
           "--emit=executable", "-o", exe]
    for x in meta["inputs"]:
        descr, shape, _ = npy.read(inputs[x])
        cmd += ["--feed", f"{x}={DTYPES[descr]}[{','.join(map(str, shape))}]"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        errors = [l for l in r.stderr.strip().splitlines() if l.startswith("error:")]
        return "compile", (errors or r.stderr.strip().splitlines() or ["(no message)"])[-1]
    err = run(exe, inputs, os.path.join(work, "out"))
    if err:
        return "run", err
    for x in ["loss"] + [f"grad_{w}" for w in meta["wrt"]]:
        why = compare(os.path.join(fixture, "outputs", f"{x}.npy"),
                      os.path.join(work, "out", f"{x}.npy"), meta["rtol"], meta["atol"])
        if why:
            return "mismatch", f"{x}: {why}"
    # Central differences check the derivative of the function as computed;
    # fixtures whose gradient is not that derivative by design (StopGradient,
    # a float32 cast inside) were checked otherwise (fixture.json "check").
    if meta["dtype"] == "float64" and meta["check"]["kind"].startswith("central differences"):
        why = finite_differences(exe, meta, inputs, work)
        if why:
            return "mismatch", why
    return "ok", ""


def main():
    return fixtures_main(check, "match TF (and central differences where float64)")


if __name__ == "__main__":
    sys.exit(main())
