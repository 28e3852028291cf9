#!/usr/bin/env python3
"""Compiles the model-tier GraphDefs of ../shared/tf-graphs.

usage: compile_models.py <tfcc> <shared dir> <work dir> [--known FILE]

Graphs with a TensorFlow reference in test/corpus/model_refs (inputs, TF's
outputs, and the feed shapes used; see make_model_refs.py) are compiled to
executables, run, and compared with TF. The others are compiled with their
default signature, which needs static feed shapes, to count what compiles.
Prints one line per graph and the totals; fails when a graph not listed in the
known-failures file fails to compile or to match. Skips (exit 77) without
../shared.
"""
import argparse
import csv
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "e2e"))
from run_fixtures import check_model, read_known  # noqa: E402

TOLERANCE = (1e-4, 1e-5)  # rtol, atol: whole models sum over many terms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tfcc")
    ap.add_argument("shared")
    ap.add_argument("work")
    ap.add_argument("--known")
    args = ap.parse_args()
    graphs = os.path.join(args.shared, "tf-graphs")
    index = os.path.join(graphs, "INDEX.tsv")
    if not os.path.exists(index):
        print(f"SKIP: {index} not found (../shared is not beside the checkout)")
        return 77
    refs = os.path.join(here, "model_refs")
    known = read_known(args.known)
    rows = [r for r in csv.DictReader(open(index), delimiter="\t")
            if r["tier"] == "model" and r["kind"] == "GraphDef"]
    tally = {"ok": 0, "compile": 0, "run": 0, "mismatch": 0, "compiled-no-ref": 0}
    with_ref = 0
    unexpected = []
    for r in rows:
        path = r["saved_path"]
        graph = os.path.join(graphs, path)
        ref = os.path.join(refs, path.replace("/", "__"))
        out = os.path.join(args.work, path.replace("/", "__"))
        if os.path.isdir(ref):
            with_ref += 1
            status, detail = check_model(args.tfcc, graph, os.path.join(ref, "config.pbtxt"),
                                         ref, out, *TOLERANCE)
        else:
            os.makedirs(out, exist_ok=True)
            p = subprocess.run([args.tfcc, "compile", graph, "-o", os.path.join(out, "model")],
                               capture_output=True, text=True)
            status = "compiled-no-ref" if p.returncode == 0 else "compile"
            errors = [l for l in p.stderr.splitlines() if l.startswith("error:")]
            detail = errors[-1] if errors else ""
        tally[status] += 1
        mark = ""
        if status in ("ok", "compiled-no-ref") and path in known:
            mark = "  <- listed as failing but passes: update the list"
            unexpected.append(path)
        elif status not in ("ok", "compiled-no-ref") and path not in known:
            mark = "  <- UNEXPECTED"
            unexpected.append(path)
        print(f"{status:15} {path}{': ' + detail if detail else ''}{mark}")
    compiled = tally["ok"] + tally["run"] + tally["mismatch"] + tally["compiled-no-ref"]
    print(f"\n{len(rows)} model-tier GraphDefs: {compiled} compile; {with_ref} have TF references, "
          f"of which {tally['ok']} match TF, {tally['mismatch']} differ, {tally['run']} fail to run")
    if unexpected:
        print(f"{len(unexpected)} unexpected: {', '.join(unexpected)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
