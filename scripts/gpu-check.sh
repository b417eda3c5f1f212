#!/usr/bin/env bash
# The diffusion renderer's GPU check, in one go (no weights needed; under 8 minutes on one H200):
#   1. the diffusion tests on CUDA in bf16 (tiny random-weight models, the real pipelines);
#   2. benchmarks/diffusion.py --quick: Wan VACE 1.3B at 832x480x81 and LTX 2B at 704x480x121 with
#      random weights, each architecture built once on the GPU and reused across variants.
# Prints one table: the test result above it; per model and variant s/step, GPU seconds per second
# of animatic at the default steps, peak GPU memory (+ the real text encoder's weights, said so),
# x the FLOP floor, Dynamo compilations (warm-up/timed/limit hits).
#
#   scripts/gpu-check.sh                 # from anywhere; PYTHON=... to pick the interpreter
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-}
if [ -z "$PY" ]; then
    if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
if ! "$PY" -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)"; then
    echo "gpu-check: no CUDA device visible to $PY" >&2
    exit 2
fi
log=$(mktemp)
start=$SECONDS
PREVIS_TEST_DEVICE=cuda timeout 180 "$PY" -m pytest tests/test_diffusion_renderer.py tests/test_diffusion_levers.py \
    -q -p no:cacheprovider >"$log" 2>&1
tests_rc=$?
summary=$(grep -E "passed|failed|error" "$log" | tail -1)
[ $tests_rc -eq 124 ] && summary="timed out after 180 s (${summary:-no summary})"
if [ $tests_rc -ne 0 ]; then
    echo "--- failing tests (full log: $log) ---"
    grep -E "^(FAILED|ERROR)" "$log" | head -20
fi
timeout 290 "$PY" benchmarks/diffusion.py --quick --tests "${summary:-none} (${SECONDS}s)"
bench_rc=$?
echo "gpu-check: $((SECONDS - start)) s in all; tests rc=$tests_rc, benchmark rc=$bench_rc"
[ $tests_rc -eq 0 ] && [ $bench_rc -eq 0 ]
