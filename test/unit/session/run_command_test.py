#!/usr/bin/env python3
"""End to end test of `tfcc run` (runtime/session/RunCommand.cpp).

Runs the command (run_command_main.cpp) on the toy model library over good
runs and every error case, checking exit codes, the one-line messages, the
.npy files written and that a failed run writes none. The .npy helpers are
the driver test's (no numpy needed).

usage: run_command_test.py RUN_PROGRAM TOY_MODEL.so TOY_MODEL_ABI99.so NOT_A_MODEL.so
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'runtime', 'driver'))
# Its checks record into its `failures` list, which this test reports.
from driver_test import check, expect_output, failures, write_npy  # noqa: E402

PROGRAM, MODEL, MODEL_ABI99, NOT_A_MODEL = sys.argv[1:5]


def run(args):
    p = subprocess.run([PROGRAM] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    with tempfile.TemporaryDirectory() as tmp:
        def path(name):
            return os.path.join(tmp, name)

        write_npy(path('x.npy'), '<f4', (4,), [1.0, 2.0, 3.0, 4.0])
        write_npy(path('ones.npy'), '<f4', (4,), [1.0, 1.0, 1.0, 1.0])
        write_npy(path('zeros.npy'), '<f4', (4,), [0.0, 0.0, 0.0, 0.0])
        write_npy(path('lr.npy'), '<f4', (), [0.5])
        write_npy(path('v.npy'), '<i4', (4,), [1, -2, 3, 0])
        write_npy(path('x3.npy'), '<f4', (3,), [1.0, 2.0, 3.0])
        code, _, err = run(['--make-checkpoint', MODEL, path('ckpt/model')])
        check(code == 0, 'make checkpoint: %r' % err)

        # Good runs: (case, args, [(file, descr, shape, values)], stdout parts)
        good = [
            ('inputs select predict', ['--input', 'x=' + path('x.npy')],
             [('y.npy', '<f4', (4,), [1.5, 4.5, 9.5, 16.5])],
             ['signature predict: 1 output(s)', 'y: float32[4] = [1.5, 4.5, 9.5, 16.5]']),
            ('output by TF name', ['--input', 'x:0=' + path('x.npy'), '--output', 'y:0'],
             [('y_0.npy', '<f4', (4,), [1.5, 4.5, 9.5, 16.5])], ['y:0: float32[4]']),
            ('signature by name', ['--signature', 'negate', '--input=v=' + path('v.npy')],
             [('neg.npy', '<i4', (4,), [-1, 2, -3, 0])], ['neg: int32[4] = [-1, 2, -3, 0]']),
            ('training step with targets',
             ['--signature', 'train', '--input', 'x=' + path('ones.npy'),
              '--input', 'label=' + path('zeros.npy'), '--input', 'lr=' + path('lr.npy'),
              '--threads', '2'],
             [('loss.npy', '<f4', (), [((1.5 ** 2) + (2.5 ** 2) + (3.5 ** 2) + (4.5 ** 2)) / 4]),
              ('y.npy', '<f4', (4,), [1.5, 2.5, 3.5, 4.5])], ['loss: float32[]']),
            ('restore', ['--restore', path('ckpt/model'), '--input', 'x=' + path('ones.npy')],
             [('y.npy', '<f4', (4,), [3.0, 3.0, 3.0, 3.0])], ['y: float32[4] = [3, 3, 3, 3]']),
        ]
        for i, (case, args, outputs, stdout_parts) in enumerate(good):
            out_dir = path('out%d' % i)
            code, out, err = run([MODEL, '--output-dir', out_dir] + args)
            check(code == 0, '%s: exit %d, stderr %r' % (case, code, err))
            for name, descr, shape, values in outputs:
                expect_output(out_dir, name, descr, shape, values, case)
            check(sorted(os.listdir(out_dir)) == sorted(o[0] for o in outputs),
                  '%s: wrote %s' % (case, os.listdir(out_dir)))
            for part in stdout_parts:
                check(part in out, '%s: stdout %r lacks %r' % (case, out, part))

        x = ['--input', 'x=' + path('x.npy')]
        errors = [
            ('no model', [], ['no model library given']),
            ('missing model', ['/nonexistent/model.so'] + x,
             ["cannot open model library '/nonexistent/model.so'", 'No such file or directory']),
            ('not a model', [NOT_A_MODEL] + x, ['is not a tfcc model']),
            ('ABI mismatch', [MODEL_ABI99] + x, ['compiled for tfcc ABI version 99']),
            ('two models', [MODEL, MODEL] + x, ["unexpected argument '%s'" % MODEL]),
            ('unknown flag', [MODEL, '--bogus'], ["unknown flag '--bogus'"]),
            ('flag without value', [MODEL, '--output'], ['--output needs a value']),
            ('bad input flag', [MODEL, '--input', 'x'], ["--input wants NAME=FILE.npy, not 'x'"]),
            ('bad threads', [MODEL, '--threads', '-1'] + x, ["--threads wants an integer >= 0, not '-1'"]),
            ('unknown input', [MODEL, '--input', 'q=' + path('x.npy')], ["unknown feed 'q'"]),
            ('wrong dtype', [MODEL, '--input', 'x=' + path('v.npy')],
             ["feed 'x': expected float32[4], got int32[4]"]),
            ('wrong shape', [MODEL, '--input', 'x=' + path('x3.npy')],
             ["feed 'x': expected float32[4], got float32[3]"]),
            ('missing npy', [MODEL, '--input', 'x=' + path('absent.npy')], ['absent.npy']),
            ('unknown output', [MODEL, '--output', 'nope'] + x, ["unknown fetch 'nope'"]),
            ('unknown signature', [MODEL, '--signature', 'nope'] + x,
             ["unknown signature 'nope' (signatures: predict, train, init"]),
            ('output not in signature', [MODEL, '--signature', 'predict', '--output', 'loss'] + x,
             ["signature 'predict' has no output 'loss'"]),
            ('missing input', [MODEL, '--signature', 'train'] + x,
             ["signature 'train' needs feed 'label' (float32[4])"]),
            ('entry fails', [MODEL, '--signature', 'fail'] + x, ["node 'boom': always fails"]),
            ('restore fails', [MODEL, '--restore', path('nockpt/model')] + x, ['nockpt/model']),
        ]
        for i, (case, args, wanted) in enumerate(errors):
            out_dir = path('err%d' % i)
            code, out, err = run(['--output-dir', out_dir] + args)
            check(code == 1, '%s: exit code %d, want 1 (stderr %r)' % (case, code, err))
            lines = err.splitlines()
            check(len(lines) == 1 and ': error: ' in err, '%s: want one error line, got %r' % (case, err))
            for w in wanted:
                check(w in err, '%s: stderr %r lacks %r' % (case, err, w))
            check(not os.path.exists(out_dir) or os.listdir(out_dir) == [],
                  '%s: wrote %s' % (case, os.listdir(out_dir) if os.path.exists(out_dir) else ''))

        code, out, _ = run(['--help'])
        check(code == 0 and '--restore PREFIX' in out, '--help: %d %r' % (code, out))

    if failures:
        print('\n'.join('FAIL: ' + f for f in failures))
        return 1
    print('run command test: all cases pass')
    return 0


if __name__ == '__main__':
    sys.exit(main())
