#!/usr/bin/env bash
# GPU-side checks (after build_gpu.sh): every fixture's logits through `medawq logits` on CUDA
# in float32 (tight bound) and bfloat16 (loose bound), greedy tokens on CUDA, against the
# transformers references committed in tests/fixtures/models.
set -euo pipefail
python3 tests/gpu/check_fixtures_cuda.py --cli build-gpu/app/medawq --fixtures tests/fixtures/models "$@"
