#!/usr/bin/env bash
# The evaluate job on CUDA (a benchmark, not a test): the demo model FP16 vs AWQ vs RTN on 40
# eval rows, then a Mistral-7B-shaped random checkpoint FP16 vs its AWQ quantization on 5
# prompts (speed and memory only: random weights write no report). Peak GPU memory comes from
# the caching allocator and from NVML.
#   run (after build_gpu.sh): bash tests/gpu/eval_cuda.sh     (carry [".deps", ".gpu"])
set -euo pipefail
OUT=${OUT:-/tmp/medawq-out}
CLI=build-gpu/app/medawq
D=resources/demo
$CLI quantize --model_path $D/model --output_path /tmp/demo-awq --calibration_data $D/data/calibration.csv \
  --prompt_file $D/data/prompt.txt --num_samples 500 --seqlen 256 --max_blocks 16 --device cuda --overwrite 2>&1 | tail -2
$CLI quantize --model_path $D/model --output_path /tmp/demo-rtn --calibration_data $D/data/calibration.csv \
  --method rtn --device cuda --overwrite 2>&1 | tail -1
$CLI evaluate --original_model $D/model --quantized_model /tmp/demo-awq --quantized_model /tmp/demo-rtn \
  --eval_data $D/data/eval.csv --prompt_file $D/data/prompt.txt --num_samples 40 --device cuda \
  --output_dir /tmp/eval-demo-cuda --overwrite 2>&1 | grep -v '^\[' | tee "$OUT/eval_demo_cuda.log"
cp /tmp/eval-demo-cuda/results.json "$OUT/eval_demo_cuda_results.json"
if [[ ! -d /tmp/m7b ]]; then
  python3 tests/gpu/make_random_checkpoint.py --shape mistral-7b --out /tmp/m7b --tokenizer .gpu/mistral_tokenizer.model
fi
python3 tools/demo/make_report_corpus.py --seed 7 --train-rows 3000 --train-out /tmp/calib7b.csv > /dev/null
[[ -d /tmp/m7b-awq ]] || $CLI quantize --model_path /tmp/m7b --output_path /tmp/m7b-awq --calibration_data /tmp/calib7b.csv \
  --num_samples 3000 --max_blocks 128 --seqlen 512 --device cuda 2>&1 | tail -8
$CLI evaluate --original_model /tmp/m7b --quantized_model /tmp/m7b-awq --eval_data $D/data/eval.csv \
  --prompt_file $D/data/prompt.txt --num_samples 5 --max_new_tokens 64 --speed_prompts 5 --speed_new_tokens 128 \
  --device cuda --output_dir /tmp/eval-7b --overwrite 2>&1 | grep -v '^\[' | tee "$OUT/eval_7b_cuda.log"
cp /tmp/eval-7b/results.json "$OUT/eval_7b_results.json"
