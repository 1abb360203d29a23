#!/usr/bin/env bash
# MedGemma's image path on the GPU box (a benchmark, not a test): a MedGemma-4B-shaped random
# checkpoint (make_random_medgemma.py), its language model AWQ-quantized with image calibration on
# the ten NIH chest X-rays (vision tower and projector stay bfloat16), then FP16 vs AWQ through
# `medawq evaluate`: each X-ray as an image prompt, 300 new tokens (EOS ignored in the timed pass),
# prefill/decode tokens/s and peak GPU memory. The run folder comes back for `medawq report`.
#   carry [".deps", ".gpu"]: .gpu holds gemma3_tokenizer.json.gz (gzip -9: the 33 MB JSON would pass the 64 MiB carry limit), gemma3_tokenizer_config.json (from
#   shared/data/models) and nih/ (shared/data/cxr_images_nih: the ten PNGs and the CSV).
#   run: bash tests/gpu/build_gpu.sh && bash tests/gpu/medgemma_bench.sh
set -uo pipefail
OUT=${OUT:-/tmp/medawq-out}
mkdir -p "$OUT"
CLI=build-gpu/app/medawq
NIH=$PWD/.gpu/nih
[[ -f .gpu/gemma3_tokenizer.json ]] || gunzip -k .gpu/gemma3_tokenizer.json.gz  # carried compressed (64 MiB limit)
python3 tests/gpu/make_random_medgemma.py --out /tmp/mg4b --tokenizer-dir .gpu 2>&1 | tail -3 | tee "$OUT/medgemma_make.log"
# The users' sheet layout (subject_id, View, Image_Path, ...); calibration answers are the
# MAIRA-2 reports of the same images (MIT), the evaluation has no reference (scored against FP16).
python3 - "$NIH" <<'PY'
import csv, sys
nih = sys.argv[1]
rows = list(csv.DictReader(open(f"{nih}/rexrank_nih_model_predictions.csv")))
with open("/tmp/mg_calib.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["subject_id", "View", "Image_Path", "text"])
    for r in rows: w.writerow([r["subject_id"], "PA", f"{nih}/{r['subject_id']}.png", r["MAIRA-2_prediction"]])
with open("/tmp/mg_eval.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["subject_id", "View", "Image_Path", "context"])
    for r in rows: w.writerow([r["subject_id"], "PA", f"{nih}/{r['subject_id']}.png", r["context"]])
PY
PROMPT="You are an expert radiologist. Describe this {View} chest X-ray. {context}"
nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > /tmp/gpumem.log &
SMI=$!
rm -rf /tmp/mg4b-awq
/usr/bin/time -v $CLI quantize --model_path /tmp/mg4b --output_path /tmp/mg4b-awq --calibration_data /tmp/mg_calib.csv \
  --prompt_template "Describe this {View} chest X-ray." --seqlen 512 --device cuda 2> /tmp/mg_q.err | tee "$OUT/medgemma_quantize.log"
kill $SMI || true
grep -E "Maximum resident|Elapsed" /tmp/mg_q.err >> "$OUT/medgemma_quantize.log"
echo "peak GPU memory used during quantize (nvidia-smi, MiB): $(sort -n /tmp/gpumem.log | tail -1)" | tee -a "$OUT/medgemma_quantize.log"
python3 -c "import json; i=json.load(open('/tmp/mg4b-awq/quantization_info.json')); print(json.dumps({k: i.get(k) for k in ('calibration','stage_seconds','timings','quantization')}, indent=1)[:3000])" >> "$OUT/medgemma_quantize.log" 2>&1
du -sh /tmp/mg4b /tmp/mg4b-awq | tee -a "$OUT/medgemma_quantize.log"
rm -rf /tmp/mg_eval
$CLI evaluate --original_model /tmp/mg4b --quantized_model /tmp/mg4b-awq --eval_data /tmp/mg_eval.csv \
  --prompt_text "$PROMPT" --num_samples 0 --max_new_tokens 300 --speed_prompts 3 --speed_new_tokens 300 \
  --radgraph_model none --device cuda --output_dir /tmp/mg_eval 2>&1 | tail -40 | tee "$OUT/medgemma_evaluate.log"
tar czf "$OUT/medgemma_eval_run.tgz" -C /tmp mg_eval
