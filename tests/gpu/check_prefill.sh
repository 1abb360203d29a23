#!/usr/bin/env bash
# Chunked prefill on the GPU box (after build_gpu.sh): the greedy ids still equal transformers'
# with tiny chunks (4 tokens: every later chunk takes the masked SDPA path), then the context-4096
# peak memory and the 2048-token prefill speed with chunks of 1024 (default), 512 and none.
#   run: bash tests/gpu/build_gpu.sh && bash tests/gpu/check_prefill.sh    (carry [".deps"])
set -uo pipefail
OUT=${OUT:-/tmp/medawq-out}
mkdir -p "$OUT"
CLI=build-gpu/app/medawq
status=0
echo "=== decode graph vs transformers, prefill in chunks of 4"
MEDAWQ_PREFILL_CHUNK=4 python3 tests/gpu/check_decode_graph.py --cli $CLI --fixtures tests/fixtures/models \
  --model resources/demo/model 2>&1 | tail -25 | tee "$OUT/prefill_chunk4_decode_graph.log" || status=1
for chunk in 1024 512 0; do
  echo "=== chunk $chunk"
  MEDAWQ_PREFILL_CHUNK=$chunk $CLI bench --shape mistral-7b --quant awq --prompt 3840 --new 256 --repeat 1 \
    2>/dev/null | grep -E "prefill|decode|peak" | tee "$OUT/ctx4096_chunk$chunk.md"
  MEDAWQ_PREFILL_CHUNK=$chunk $CLI bench --shape mistral-7b --quant awq --prompt 2048 --new 16 \
    2>/dev/null | grep -E "prefill|peak" | tee "$OUT/prefill2048_chunk$chunk.md"
done
exit $status
