#!/usr/bin/env bash
# Everything the GPU box checks, in one device call (device time is scarce):
#   run: bash tests/gpu/run_all.sh    (carry [".deps"]; logs and results land in $OUT)
set -uo pipefail
OUT=${OUT:-/tmp/medawq-out}
mkdir -p "$OUT"
status=0
step() { echo "=== $*"; }
step build
bash tests/gpu/build_gpu.sh > "$OUT/build.log" 2>&1 || { tail -50 "$OUT/build.log"; exit 1; }
tail -2 "$OUT/build.log"
CLI=build-gpu/app/medawq
step "fixtures on CUDA"
bash tests/gpu/run_gpu_checks.sh 2>&1 | tee "$OUT/fixtures_cuda.log" || status=1
step "quantize the demo model on CUDA"
rm -rf /tmp/demo-awq /tmp/demo-dump
$CLI quantize --model_path resources/demo/model --output_path /tmp/demo-awq \
  --calibration_data resources/demo/data/calibration.csv --num_samples 128 --seqlen 256 --preset autoawq \
  --device cuda --dtype float32 --dump_search /tmp/demo-dump 2>&1 | grep -v '^\[' | tee "$OUT/quantize_demo_cuda.log" || status=1
$CLI generate --model /tmp/demo-awq --device cuda --prompt "Describe this PA view chest X-ray. Key findings: small L eff" 2>&1 | tee -a "$OUT/quantize_demo_cuda.log"
$CLI dequantize --model /tmp/demo-awq --output /tmp/demo-awq-dense.safetensors || status=1
for s in tests/gpu/check_awq_format.py tests/gpu/awq_reference_search.py; do
  [[ -f $s ]] || continue
done
if [[ -f tests/gpu/check_awq_format.py ]]; then
  step "independent AWQ format reader + transformers"
  python3 tests/gpu/check_awq_format.py --awq /tmp/demo-awq --dense /tmp/demo-awq-dense.safetensors \
    --source resources/demo/model 2>&1 | tee "$OUT/format_check.log" || status=1
fi
if [[ -f tests/gpu/awq_reference_search.py ]]; then
  step "PyTorch transcription of the AWQ search vs the C++ job"
  python3 tests/gpu/awq_reference_search.py --source resources/demo/model --dump /tmp/demo-dump --awq /tmp/demo-awq --device cuda \
    2>&1 | tee "$OUT/search_check.log" || status=1
fi
step "W4A16 kernels: kernel check and whole-model logits (tests/gpu/check_w4a16.sh)"
bash tests/gpu/check_w4a16.sh || status=1
exit $status
