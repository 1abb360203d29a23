#!/usr/bin/env bash
# Where the quantization time goes (a benchmark aid, not a test): quantize the first LAYERS (4)
# decoder layers of a Mistral-7B-shaped random checkpoint with the default settings and
# MEDAWQ_PROFILE=1, which prints per-layer seconds of every section after a device sync.
#   run (after build_gpu.sh): bash tests/gpu/profile_quantize_7b.sh [LAYERS]   (carry [".deps", ".gpu"])
set -euo pipefail
OUT=${OUT:-/tmp/medawq-out}
LAYERS=${1:-4}
CLI=build-gpu/app/medawq
python3 tests/gpu/make_random_checkpoint.py --shape mistral-7b --layers "$LAYERS" --out /tmp/m7b-$LAYERS --tokenizer .gpu/mistral_tokenizer.model
[[ -f /tmp/calib7b.csv ]] || python3 tools/demo/make_report_corpus.py --seed 7 --train-rows 3000 --train-out /tmp/calib7b.csv > /dev/null
rm -rf /tmp/m7b-$LAYERS-awq
MEDAWQ_PROFILE=1 $CLI quantize --model_path /tmp/m7b-$LAYERS --output_path /tmp/m7b-$LAYERS-awq --calibration_data /tmp/calib7b.csv \
  --num_samples 3000 --max_blocks 128 --seqlen 512 --device cuda 2>&1 | grep -v '^\[' | tee "$OUT/profile_quantize_7b.log"
