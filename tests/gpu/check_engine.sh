#!/usr/bin/env bash
# Issue #7's engine on the GPU box in one device call (after build_gpu.sh):
#   1. the graphed decode step: greedy ids vs transformers (fp32) and vs the eager path (bf16),
#      on every fixture and on the demo model, 16-bit and AWQ (tests/gpu/check_decode_graph.py);
#   2. `medawq bench` on the shapes the issue names; results as JSON in $OUT/bench_*.json.
#   run: bash tests/gpu/build_gpu.sh && bash tests/gpu/check_engine.sh    (carry [".deps"])
set -uo pipefail
OUT=${OUT:-/tmp/medawq-out}
mkdir -p "$OUT"
CLI=build-gpu/app/medawq
status=0
echo "=== decode graph vs transformers and vs eager"
[[ -d /tmp/demo-awq ]] || $CLI quantize --model_path resources/demo/model --output_path /tmp/demo-awq \
  --calibration_data resources/demo/data/calibration.csv --num_samples 64 --seqlen 128 --device cuda > /dev/null 2>&1
python3 tests/gpu/check_decode_graph.py --cli $CLI --fixtures tests/fixtures/models --model resources/demo/model \
  --model /tmp/demo-awq 2>&1 | tee "$OUT/decode_graph.log" || status=1
bench() {  # name, then medawq bench flags
  local name=$1; shift
  echo "=== bench $name: $*"
  $CLI bench "$@" -o "$OUT/bench_$name.json" 2>"$OUT/bench_$name.err" | tee "$OUT/bench_$name.md" || { tail -5 "$OUT/bench_$name.err"; status=1; }
}
bench mistral7b_awq --shape mistral-7b --quant awq --prompt 512 --new 256
bench mistral7b_bf16 --shape mistral-7b --quant bf16 --prompt 512 --new 256
MEDAWQ_DECODE_GRAPH=0 bench mistral7b_awq_eager --shape mistral-7b --quant awq --prompt 512 --new 128 --repeat 2
bench mistral7b_awq_prefill2048 --shape mistral-7b --quant awq --prompt 2048 --new 16
bench mistral7b_awq_ctx4096 --shape mistral-7b --quant awq --prompt 3840 --new 256 --repeat 1
bench gemma3_4b_awq --shape gemma3-4b --quant awq --prompt 512 --new 256
bench gemma3_4b_bf16 --shape gemma3-4b --quant bf16 --prompt 512 --new 256
bench gemma3_27b_awq --shape gemma3-27b --quant awq --prompt 512 --new 256
bench gemma3_27b_bf16 --shape gemma3-27b --quant bf16 --prompt 512 --new 128 --repeat 2
exit $status
