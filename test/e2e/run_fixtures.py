#!/usr/bin/env python3
"""Compiles every fixture of test/e2e/fixtures into an executable with tfcc,
runs it on the fixture's inputs and compares each output with TensorFlow's.

usage: run_fixtures.py <tfcc> <fixtures dir> <work dir> [--known FILE] [--only NAME]

Each fixture directory holds model.pb, model.config.pbtxt, inputs/*.npy,
outputs/*.npy (written by TF through make_fixtures.py) and fixture.json
(tolerances). Fails when a fixture not listed in the known-failures file
fails, or when a listed one passes (the list must stay true).

Every loop nest that can be split over threads is (--min-parallel-iterations=2),
and the models run on 3 threads, so each fixture also checks the split
ranges against TF, on any machine.
"""
import argparse
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import npy  # noqa: E402


def compare(expected_path, actual_path, rtol, atol):
    """None when equal within tolerance, else a one-line reason."""
    if not os.path.exists(actual_path):
        return f"no output {os.path.basename(actual_path)}"
    ed, es, ev = npy.read(expected_path)
    ad, as_, av = npy.read(actual_path)
    if es != as_:
        return f"shape {list(as_)} != TF's {list(es)}"
    if ed[1] != ad[1]:
        return f"dtype {ad} != TF's {ed}"
    worst, where = 0.0, -1
    for i, (e, a) in enumerate(zip(ev, av)):
        if isinstance(e, float):
            if math.isnan(e) and math.isnan(a):
                continue
            if math.isinf(e) or math.isinf(a):
                if e != a:
                    return f"element {i}: {a} != TF's {e}"
                continue
            err = abs(a - e) - (atol + rtol * abs(e))
        else:
            err = 0.0 if a == e else float("inf")
        if err > worst:
            worst, where = err, i
    if where >= 0:
        return f"element {where}: {av[where]} != TF's {ev[where]} (rtol {rtol}, atol {atol})"
    return None


def check_model(tfcc, graph, config, ref_dir, out_dir, rtol, atol):
    """Compiles `graph` with `config` into an executable, runs it on
    ref_dir/inputs/*.npy and compares with ref_dir/outputs/*.npy. Returns
    (status, detail), status one of ok, compile, run, mismatch."""
    os.makedirs(out_dir, exist_ok=True)
    exe = os.path.join(out_dir, "model")
    cmd = [tfcc, "compile", graph, "--config", config, "--emit=executable",
           "--min-parallel-iterations=2", "-o", exe]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        errors = [l for l in r.stderr.strip().splitlines() if l.startswith("error:")]
        return "compile", (errors or r.stderr.strip().splitlines() or ["(no message)"])[-1]
    run = [exe, "--threads", "3", "--output-dir", out_dir]
    in_dir = os.path.join(ref_dir, "inputs")
    for f in sorted(os.listdir(in_dir)) if os.path.isdir(in_dir) else []:
        run += ["--input", f"{f[:-4]}={os.path.join(in_dir, f)}"]
    r = subprocess.run(run, capture_output=True, text=True)
    if r.returncode != 0:
        return "run", (r.stderr.strip().splitlines() or ["(no message)"])[0]
    exp_dir = os.path.join(ref_dir, "outputs")
    for f in sorted(os.listdir(exp_dir)):
        why = compare(os.path.join(exp_dir, f), os.path.join(out_dir, f), rtol, atol)
        if why:
            return "mismatch", f"{f[:-4]}: {why}"
    return "ok", ""


def run_fixture(tfcc, fixture_dir, work):
    """Checks one fixture, with `work` as its scratch directory."""
    meta = {}
    meta_path = os.path.join(fixture_dir, "fixture.json")
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
    return check_model(tfcc, os.path.join(fixture_dir, "model.pb"),
                       os.path.join(fixture_dir, "model.config.pbtxt"), fixture_dir, work,
                       meta.get("rtol", 1e-5), meta.get("atol", 1e-6))


def read_known(path):
    """'name: reason' lines of a known-failures file."""
    known = {}
    if path and os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line and not line.startswith("#"):
                n, _, why = line.partition(":")
                known[n.strip()] = why.strip()
    return known


def fixtures_main(check, ok_words):
    """The command line shared by the fixture runners: <tfcc> <fixtures dir>
    <work dir> [--known FILE] [--only PREFIX]; check(tfcc, fixture dir, work
    dir of that fixture) -> (status, detail) runs on every fixture (a
    directory with fixture.json or model.pb)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("tfcc")
    ap.add_argument("fixtures")
    ap.add_argument("work")
    ap.add_argument("--known", help="file of 'name: reason' lines expected to fail")
    ap.add_argument("--only", help="run only fixtures whose name starts with this")
    args = ap.parse_args()
    known = read_known(args.known)
    names = sorted(d for d in os.listdir(args.fixtures)
                   if os.path.isfile(os.path.join(args.fixtures, d, "model.pb")))
    if args.only:
        names = [n for n in names if n.startswith(args.only)]
    if not names:
        print(f"no fixtures under {args.fixtures}")
        return 1
    return run_all(names, lambda n: check(args.tfcc, os.path.join(args.fixtures, n),
                                          os.path.join(args.work, n)), known, ok_words)


def main():
    return fixtures_main(run_fixture, "match TF")


def run_all(names, check, known, ok_words):
    """Runs check(name) -> (status, detail) over `names`, prints one line per
    name and a summary; 1 when a failure is not in `known` or a known one
    passes, else 0."""
    counts = {"ok": 0, "compile": 0, "run": 0, "mismatch": 0}
    unexpected = []
    for n in names:
        status, detail = check(n)
        counts[status] += 1
        mark = ""
        if status == "ok" and n in known:
            mark = "  <- listed as a known failure but passes: remove it from the list"
            unexpected.append(n)
        elif status != "ok" and n not in known:
            mark = "  <- UNEXPECTED"
            unexpected.append(n)
        print(f"{status:9} {n}{': ' + detail if detail else ''}{mark}")
    print(f"\n{len(names)} fixtures: {counts['ok']} {ok_words}, {counts['compile']} do not compile, "
          f"{counts['run']} fail to run, {counts['mismatch']} differ")
    if unexpected:
        print(f"{len(unexpected)} unexpected: {', '.join(unexpected)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
