#!/usr/bin/env bash
# Each AWQ improvement flag measured against the AutoAWQ-compatible preset, one at a time, by the
# held-out perplexity of the demo model's eval reports (a benchmark, not a test):
#   tools/bench/awq_flags.sh [BITS] [MEDAWQ]   (defaults: 4, build/app/medawq)
set -euo pipefail
BITS=${1:-4}
CLI=${2:-build/app/medawq}
D=resources/demo
OUT=${OUT:-/tmp/awq-flags}
DEVICE=${DEVICE:-cpu}   # cuda on the GPU box (the search in float32 either way)
mkdir -p "$OUT"
ppl() { $CLI perplexity --device "$DEVICE" --dtype float32 --model "$1" --eval_data $D/data/eval.csv --prompt_file $D/data/prompt.txt 2>/dev/null | grep -o 'perplexity [0-9.]*' | head -1; }
echo "| variant ($BITS-bit, g128) | perplexity |"
echo "|---|---|"
echo "| FP16 | $(ppl $D/model) |"
run() {
  local name=$1; shift
  $CLI quantize --model_path $D/model --output_path "$OUT/$name" --calibration_data $D/data/calibration.csv \
    --prompt_file $D/data/prompt.txt --num_samples 500 --seqlen 256 --max_blocks 16  --w_bit "$BITS" --device "$DEVICE" --dtype float32 --overwrite "$@" > /dev/null 2>&1
  echo "| $name | $(ppl "$OUT/$name") |"
}
run rtn --method rtn
run autoawq --preset autoawq
for flag in identity_scale zero_representable quantized_propagation bos_per_block truncate_long no_qkv_group chat_template; do
  run "autoawq+$flag" --preset autoawq --$flag
done
run medawq --preset medawq
