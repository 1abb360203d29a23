#!/usr/bin/env bash
# One device call for a whole session's GPU work (device time is scarce): build, the engine
# checks and benchmarks (check_engine.sh), the W4A16 kernel check + bandwidth table
# (check_w4a16.sh --bench), and the AWQ flags measured one at a time at 4 and 3 bits
# (tools/bench/awq_flags.sh on CUDA, float32 search and perplexity).
#   run: bash tests/gpu/session_batch.sh      (carry [".deps", ".gpu"])
set -uo pipefail
OUT=${OUT:-/tmp/medawq-out}
mkdir -p "$OUT"
echo "=== build"
bash tests/gpu/build_gpu.sh > "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
status=0
bash tests/gpu/check_engine.sh || status=1
bash tests/gpu/check_w4a16.sh --bench || status=1
for bits in 4 3; do
  echo "=== AWQ flags, $bits-bit"
  DEVICE=cuda OUT=/tmp/awq-flags-$bits bash tools/bench/awq_flags.sh $bits build-gpu/app/medawq 2>&1 | tee "$OUT/awq_flags_$bits.md"
done
exit $status
