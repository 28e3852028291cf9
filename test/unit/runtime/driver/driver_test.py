#!/usr/bin/env python3
"""End to end test of the model executable driver (runtime/driver).

Runs the toy model executable (toy_model.c linked with tfcc_driver) over a
good run per signature and every error case, checking exit codes, messages,
the .npy files written and that a failed run writes none. numpy is not
needed: .npy files are written and read here with struct.

usage: driver_test.py PATH_TO_TOY_MODEL_EXECUTABLE
"""
import ast
import os
import struct
import subprocess
import sys
import tempfile

EXE = sys.argv[1]
FORMATS = {'<f4': 'f', '<f8': 'd', '<i4': 'i', '<i8': 'q', '|u1': 'B'}
failures = []


def write_npy(path, descr, shape, values):
    shape_text = '(%s)' % (', '.join(map(str, shape)) + (',' if len(shape) == 1 else ''))
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    header += ' ' * (-(10 + len(header) + 1) % 64) + '\n'
    data = struct.pack('<%d%s' % (len(values), FORMATS[descr]), *values)
    with open(path, 'wb') as f:
        f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode() + data)


def read_npy(path):
    with open(path, 'rb') as f:
        raw = f.read()
    assert raw[:6] == b'\x93NUMPY', path
    major = raw[6]
    (length,) = struct.unpack('<H' if major == 1 else '<I', raw[8:10 if major == 1 else 12])
    start = 10 if major == 1 else 12
    header = ast.literal_eval(raw[start:start + length].decode())
    assert (start + length) % 64 == 0, 'data of %s is not 64-byte aligned' % path
    count = 1
    for d in header['shape']:
        count *= d
    fmt = FORMATS[header['descr']]
    values = struct.unpack('<%d%s' % (count, fmt), raw[start + length:])
    return header['descr'], header['shape'], header['fortran_order'], list(values)


def run(args, out_dir):
    p = subprocess.run([EXE, '--output-dir', out_dir] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    if not cond:
        failures.append(what)


def expect_output(out_dir, name, descr, shape, values, case):
    path = os.path.join(out_dir, name)
    if not os.path.exists(path):
        failures.append('%s: %s was not written (have %s)' % (case, name, os.listdir(out_dir)))
        return
    got = read_npy(path)
    check(got == (descr, shape, False, values),
          '%s: %s holds %r, want %r' % (case, name, got, (descr, shape, False, values)))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        def path(name):
            return os.path.join(tmp, name)

        write_npy(path('a.npy'), '<f4', (3,), [1.0, 2.0, 3.5])
        write_npy(path('b.npy'), '<f4', (3,), [10.0, -20.0, 0.25])
        write_npy(path('x.npy'), '<f4', (2,), [1.0, -2.0])
        write_npy(path('v.npy'), '<i4', (4,), [1, -2, 3, 2147483647])
        write_npy(path('a64.npy'), '<f8', (3,), [1.0, 2.0, 3.0])
        write_npy(path('a2d.npy'), '<f4', (3, 1), [1.0, 2.0, 3.0])
        with open(path('junk.npy'), 'wb') as f:
            f.write(b'not a numpy file')

        # --list
        code, out, err = run(['--list'], path('unused'))
        check(code == 0, '--list exits %d: %s' % (code, err))
        for line in ['model toy: 4 signature(s)', 'signature add', 'input  a: float32[3]',
                     'output scaled/out:1: float32[3]', 'output outer: float32[2, 3]',
                     'input  v: int32[4]']:
            check(line in out, '--list output lacks %r:\n%s' % (line, out))

        # A good run of the default (first) signature; names with ':' and '/'
        # become '_' in file names; x:0 names feed x.
        out_dir = path('out_add')
        code, out, err = run(['--input', 'a=' + path('a.npy'), '--input=b:0=' + path('b.npy'),
                              '--threads', '2'], out_dir)
        check(code == 0 and err == '', 'add exits %d: %s' % (code, err))
        expect_output(out_dir, 'sum.npy', '<f4', (3,), [11.0, -18.0, 3.75], 'add')
        expect_output(out_dir, 'scaled_out_1.npy', '<f4', (3,), [22.0, -36.0, 7.5], 'add')
        check(sorted(os.listdir(out_dir)) == ['scaled_out_1.npy', 'sum.npy'],
              'add wrote %s' % os.listdir(out_dir))
        check('sum: float32[3] = [11, -18, 3.75]' in out, 'add summary:\n' + out)

        # A rank-2 float result gets its row argmax; --repeat reports latency.
        out_dir = path('out_outer')
        code, out, err = run(['--signature', 'outer', '--input', 'x=' + path('x.npy'),
                              '--input', 'y=' + path('b.npy'), '--repeat', '5'], out_dir)
        check(code == 0, 'outer exits %d: %s' % (code, err))
        expect_output(out_dir, 'outer.npy', '<f4', (2, 3),
                      [10.0, -20.0, 0.25, -20.0, 40.0, -0.5], 'outer')
        check('argmax of rows 0..1: [0, 1]' in out, 'outer summary lacks argmax:\n' + out)
        check('latency: median' in out and 'over 5 runs' in out, 'no latency:\n' + out)

        out_dir = path('out_negate')
        code, out, err = run(['--signature=negate', '--input', 'v=' + path('v.npy')], out_dir)
        check(code == 0, 'negate exits %d: %s' % (code, err))
        expect_output(out_dir, 'neg.npy', '<i4', (4,), [-1, 2, -3, -2147483647], 'negate')

        # Errors: exit 1, one line on stderr naming the problem, no output.
        good_b = '--input=b=' + path('b.npy')
        errors = [
            ('missing input', ['--input', 'a=' + path('a.npy')],
             ["missing input 'b' (float32[3])"]),
            ('unknown input', ['--input', 'a=' + path('a.npy'), good_b, '--input',
                               'c=' + path('a.npy')],
             ["unknown input 'c' for signature 'add' (inputs: a, b)"]),
            ('input twice', ['--input', 'a=' + path('a.npy'), '--input', 'a=' + path('a.npy'),
                             good_b], ["input 'a' is given twice"]),
            ('dtype mismatch', ['--input', 'a=' + path('a64.npy'), good_b],
             ["input 'a': " + path('a64.npy') + " holds float64, the signature wants float32"]),
            ('shape mismatch', ['--input', 'a=' + path('a2d.npy'), good_b],
             ["input 'a': " + path('a2d.npy') + " has shape [3, 1], the signature wants [3]"]),
            ('missing file', ['--input', 'a=' + path('nope.npy'), good_b],
             [path('nope.npy') + ': cannot open: No such file or directory']),
            ('bad file', ['--input', 'a=' + path('junk.npy'), good_b],
             [path('junk.npy') + ': not a .npy file (bad magic)']),
            ('unknown flag', ['--bogus'], ["unknown flag '--bogus' (see --help)"]),
            ('stray argument', ['model.pb'], ["unexpected argument 'model.pb'"]),
            ('bad threads', ['--threads', 'two'], ["--threads wants an integer >= 0, not 'two'"]),
            ('bad repeat', ['--repeat', '0'], ["--repeat wants an integer >= 1, not '0'"]),
            ('no flag value', ['--signature'], ['--signature needs a value']),
            ('bad input flag', ['--input', 'a'], ["--input wants NAME=FILE.npy, not 'a'"]),
            ('unknown signature', ['--signature', 'train'],
             ["unknown signature 'train' (signatures: add, outer, negate, fail)"]),
            ('entry fails', ['--signature', 'fail', '--input', 'a=' + path('a.npy')],
             ["node 'boom': always fails"]),
        ]
        for i, (case, args, wanted) in enumerate(errors):
            out_dir = path('out_err%d' % i)
            code, out, err = run(args, out_dir)
            check(code == 1, '%s: exit code %d, want 1 (stderr %r)' % (case, code, err))
            lines = err.splitlines()
            check(len(lines) == 1, '%s: want one stderr line, got %r' % (case, err))
            for w in wanted:
                check(w in err, '%s: stderr %r lacks %r' % (case, err, w))
            check(not os.path.exists(out_dir) or os.listdir(out_dir) == [],
                  '%s: wrote %s' % (case, os.listdir(out_dir) if os.path.exists(out_dir) else ''))

        code, out, err = run(['--help'], path('unused'))
        check(code == 0 and '--input NAME=FILE' in out, '--help: %d %r' % (code, out))

    if failures:
        print('\n'.join('FAIL: ' + f for f in failures))
        return 1
    print('driver test: all cases pass')
    return 0


if __name__ == '__main__':
    sys.exit(main())
