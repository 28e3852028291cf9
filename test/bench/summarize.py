#!/usr/bin/env python3
"""Summarizes a tfcc_gemm_bench JSON file: median and best GFLOP/s per case
over the repetitions, and tfcc's ratio to each Eigen baseline.

On a shared machine the median says what a run got and the best what the
code can do when it has the cores; both are printed.

usage:
  build/bin/tfcc_gemm_bench --benchmark_repetitions=10 \\
      --benchmark_enable_random_interleaving=true \\
      --benchmark_format=json --benchmark_out=gemm.json
  test/bench/summarize.py gemm.json
"""
import collections
import json
import statistics
import sys


def main(path):
    with open(path) as f:
        data = json.load(f)
    # (n, threads) -> kernel -> [GFLOP/s per repetition]
    runs = collections.defaultdict(lambda: collections.defaultdict(list))
    for b in data['benchmarks']:
        if b.get('run_type') != 'iteration' or 'GFLOP/s' not in b:
            continue
        name, n, threads = b['run_name'].split('/')[:3]
        key = (int(n.split(':')[1]), int(threads.split(':')[1]))
        runs[key][name.replace('BM_', '')].append(b['GFLOP/s'])
    print('%5s %3s %-12s %8s %8s %12s %12s' %
          ('n', 'thr', 'kernel', 'median', 'best', 'tfcc/median', 'tfcc/best'))
    for (n, threads), kernels in sorted(runs.items()):
        tfcc = kernels.get('Tfcc', [])
        for name, values in sorted(kernels.items()):
            med, best = statistics.median(values), max(values)
            ratios = ('', '')
            if name != 'Tfcc' and tfcc:
                ratios = ('%.2f' % (statistics.median(tfcc) / med),
                          '%.2f' % (max(tfcc) / best))
            print('%5d %3d %-12s %8.1f %8.1f %12s %12s' %
                  (n, threads, name, med, best, ratios[0], ratios[1]))


if __name__ == '__main__':
    main(sys.argv[1])
