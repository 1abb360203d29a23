#!/usr/bin/env bash
# Speed run (a benchmark, not a test): quantize a Mistral-7B-shaped random checkpoint with the
# default AWQ settings (128 blocks x 512 calibration tokens, grid 20, clip search) on the GPU,
# recording wall time per stage, peak GPU memory (nvidia-smi, every 200 ms) and peak host RSS.
#   run (after build_gpu.sh): bash tests/gpu/bench_quantize_7b.sh     (carry [".deps", ".gpu"])
set -euo pipefail
OUT=${OUT:-/tmp/medawq-out}
CLI=build-gpu/app/medawq
python3 tests/gpu/make_random_checkpoint.py --shape mistral-7b --out /tmp/m7b --tokenizer .gpu/mistral_tokenizer.model
python3 tools/demo/make_report_corpus.py --seed 7 --train-rows 3000 --train-out /tmp/calib7b.csv > /dev/null
nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > /tmp/gpumem.log &
SMI=$!
rm -rf /tmp/m7b-awq
/usr/bin/time -v $CLI quantize --model_path /tmp/m7b --output_path /tmp/m7b-awq --calibration_data /tmp/calib7b.csv \
  --num_samples 3000 --max_blocks 128 --seqlen 512 --device cuda 2> /tmp/q7b.err | tee "$OUT/bench_quantize_7b.log"
kill $SMI || true
grep -v '^\[' /tmp/q7b.err | grep -v "^\s*$" | tail -60 >> "$OUT/bench_quantize_7b.log"
echo "peak GPU memory used (nvidia-smi, MiB): $(sort -n /tmp/gpumem.log | tail -1)" | tee -a "$OUT/bench_quantize_7b.log"
du -sh /tmp/m7b /tmp/m7b-awq | tee -a "$OUT/bench_quantize_7b.log"
