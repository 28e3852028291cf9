#!/usr/bin/env bash
# Regenerates the TensorFlow reference data that tfcc's numeric tests read:
#   test/e2e/fixtures/        per-op and whole-model fixtures (make_fixtures.py)
#   examples/digits/          the trained digits MLP and its test split (train_digits.py)
#   test/corpus/model_refs/   TF outputs for the corpus' model-tier GraphDefs (make_model_refs.py)
#   test/gradients/fixtures/  TF's gradients of each differentiable op (make_gradient_fixtures.py)
#   test/training/fixtures/   20 TF training steps of an MLP and a CNN, SGD and Adam
#                             (make_training_fixtures.py)
#   examples/mnist_softmax/   TF's MNIST tutorial model and a digits MLP as training
#                             graphs, their data and TF's accuracy (make_data.py)
# The outputs are committed; only this script needs TensorFlow. It uses the
# virtual environment $TFCC_VENV (default ~/.cache/tfcc/venv-tf) and installs
# tensorflow-cpu, numpy and scikit-learn there when they are missing.
# Everything is seeded: a second run gives the same files.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${TFCC_VENV:-$HOME/.cache/tfcc/venv-tf}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import tensorflow, numpy, sklearn" 2>/dev/null; then
  "$venv/bin/pip" install --quiet tensorflow-cpu numpy scikit-learn
fi

# One thread: deterministic reductions, and the machine stays usable.
export OMP_NUM_THREADS=1 TF_ENABLE_ONEDNN_OPTS=0 TF_CPP_MIN_LOG_LEVEL=2
py="$venv/bin/python"
"$py" "$root/test/e2e/make_fixtures.py"
"$py" "$root/examples/digits/train_digits.py"
"$py" "$root/test/corpus/make_model_refs.py"
"$py" "$root/test/gradients/make_gradient_fixtures.py"
"$py" "$root/test/training/make_training_fixtures.py"
"$py" "$root/examples/mnist_softmax/make_data.py"
