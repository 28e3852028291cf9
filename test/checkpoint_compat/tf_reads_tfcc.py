"""ctest driver: tfcc writes checkpoints, TensorFlow reads them.

    python3 tf_reads_tfcc.py <tfcc_checkpoint_compat_writer> [--python PY]

TensorFlow comes from $TFCC_TF_PYTHON, else --python (CMake's TFCC_TF_PYTHON),
else a python3 on PATH that can import tensorflow. Without one the test is
skipped (exit 77, ctest's SKIP_RETURN_CODE).
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def has_tensorflow(python):
    try:
        return subprocess.run([python, "-c", "import tensorflow"], capture_output=True,
                              timeout=300).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_python(configured):
    candidates = [os.environ.get("TFCC_TF_PYTHON"), configured, shutil.which("python3")]
    for python in candidates:
        if python and has_tensorflow(python):
            return python
    return None


def main():
    writer = sys.argv[1]
    configured = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--python" else None
    python = find_python(configured)
    if not python:
        print("SKIP: no Python that can import tensorflow; set TFCC_TF_PYTHON to one "
              "(e.g. a venv with tensorflow-cpu)")
        return SKIP
    directory = tempfile.mkdtemp(prefix="tfcc_tf_reads_")
    try:
        subprocess.run([writer, directory], check=True)
        return subprocess.run([python, os.path.join(HERE, "check_tfcc_checkpoint.py"),
                               directory]).returncode
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
