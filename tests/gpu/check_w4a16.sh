#!/usr/bin/env bash
# The W4A16 kernels on the GPU box (issue #7), in one device call after build_gpu.sh:
#   1. tools/kernels/w4a16_check: every linear shape of the supported families, groups 32/64/128,
#      M = 1..512, against dequantizeAwqGemm + fp32 matmul (bound 1e-2);
#   2. whole-model logits of the demo model quantized on CUDA: kernels vs the CPU reference;
#   3. (--bench) tools/kernels/w4a16_bench, the bandwidth table of BENCHMARKS.md ("W4A16 kernels").
#   run: bash tests/gpu/build_gpu.sh && bash tests/gpu/check_w4a16.sh --bench    (carry [".deps"])
set -uo pipefail
OUT=${OUT:-/tmp/medawq-out}
mkdir -p "$OUT"
CLI=build-gpu/app/medawq
status=0
echo "=== kernel check"
build-gpu/tools/kernels/w4a16_check 2>&1 | tee "$OUT/w4a16_check.log" | tail -25 || status=1
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
echo "=== quantize the demo model on CUDA, then whole-model logits"
rm -rf /tmp/demo-awq
$CLI quantize --model_path resources/demo/model --output_path /tmp/demo-awq \
  --calibration_data resources/demo/data/calibration.csv --prompt_file resources/demo/data/prompt.txt \
  --num_samples 64 --seqlen 128 --device cuda > "$OUT/quantize_demo.log" 2>&1 || { tail -20 "$OUT/quantize_demo.log"; status=1; }
python3 tests/gpu/check_w4a16_model.py --cli $CLI --model /tmp/demo-awq 2>&1 | tee "$OUT/w4a16_model.log" || status=1
if [[ " $* " == *" --bench "* ]]; then
  echo "=== benchmark"
  build-gpu/tools/kernels/w4a16_bench $([[ " $* " == *" --sweep "* ]] && echo --sweep) 2>&1 | tee "$OUT/w4a16_bench.log" | grep -v '^  .* M=.* w[0-9]' || status=1
fi
exit $status
