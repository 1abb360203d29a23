#!/usr/bin/env bash
# Issue #7's decode speed work in one device call: build, the kernel checks (W4A16 and the dense
# bf16/fp16 decode GEMV, tools/kernels/w4a16_check), the graphed decode step against transformers
# and eager (check_decode_graph.py), the kernel bandwidth table with its sweep, then `medawq
# bench` on the Mistral-7B and Gemma 3 shapes with each new piece switched off once to measure it
# (MEDAWQ_PDL=0: no programmatic dependent launch; MEDAWQ_DENSE_GEMV=0: 16-bit linears on cuBLAS;
# MEDAWQ_GEMV_CLUSTER=0: split K through global atomics; MEDAWQ_EMBED_ON_HOST=0: the embedding
# table on the GPU), and one Nsight Systems trace of a decode run (per-kernel times, when nsys is
# there).
# Everything lands in $OUT/decode_speed.tar.gz (the device tool brings back few files).
#   run: bash tests/gpu/decode_speed.sh      (carry [".deps", ".gpu"])
set -uo pipefail
OUT=${OUT:-/tmp/medawq-out}
LOG=$OUT/logs
mkdir -p "$LOG"
CLI=build-gpu/app/medawq
status=0
finish() { tar -C "$OUT" -czf "$OUT/decode_speed.tar.gz" logs; exit $status; }
echo "=== build"
bash tests/gpu/build_gpu.sh > "$LOG/build.log" 2>&1 || { tail -40 "$LOG/build.log"; status=1; finish; }
nvidia-smi --query-gpu=name,memory.total,clocks.max.memory --format=csv > "$LOG/gpu.txt"
if [[ -z ${QUICK:-} ]]; then  # QUICK=1: the decode graph check and the Mistral/Gemma 4B benches only
echo "=== kernel check"
build-gpu/tools/kernels/w4a16_check > "$LOG/w4a16_check.log" 2>&1 || status=1
grep -E "FAIL|cases|worst|dense .*configurations" "$LOG/w4a16_check.log" | tail -30
fi
echo "=== decode graph vs transformers and eager"
[[ -d /tmp/demo-awq ]] || $CLI quantize --model_path resources/demo/model --output_path /tmp/demo-awq \
  --calibration_data resources/demo/data/calibration.csv --num_samples 64 --seqlen 128 --device cuda > /dev/null 2>&1
python3 tests/gpu/check_decode_graph.py --cli $CLI --fixtures tests/fixtures/models --model resources/demo/model \
  --model /tmp/demo-awq > "$LOG/decode_graph.log" 2>&1 || status=1
tail -6 "$LOG/decode_graph.log"
if [[ -z ${QUICK:-} ]]; then
echo "=== kernel bandwidth"
build-gpu/tools/kernels/w4a16_bench ${BENCH_FLAGS:---sweep} > "$LOG/w4a16_bench.log" 2>&1 || status=1
grep -v '^  .* M=.* w[0-9]' "$LOG/w4a16_bench.log"
fi
bench() {  # name, then medawq bench flags
  local name=$1; shift
  $CLI bench "$@" -o "$LOG/bench_$name.json" > "$LOG/bench_$name.md" 2> "$LOG/bench_$name.err" || { tail -5 "$LOG/bench_$name.err"; status=1; }
  python3 - "$LOG/bench_$name.json" "$name" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
gib = lambda k: (s.get(k) or 0) / 2**30
print(f"{sys.argv[2]:16s} prefill {s['prefill_tokens_per_s']:9.0f} tok/s  decode {s['decode_tokens_per_s']:7.1f} "
      f"+- {s['decode_tokens_per_s_sd']:.1f} tok/s  {s['ms_per_token']:.3f} ms  {s['achieved_gb_per_s']:.0f} GB/s "
      f"({s.get('roofline_percent') or 0:.1f} %)  peak {gib('peak_allocated_bytes'):.2f} GiB alloc, "
      f"{gib('nvml_process_peak_bytes'):.2f} GiB NVML")
PY
}
echo "=== medawq bench"
bench m7_awq --shape mistral-7b --quant awq --prompt 512 --new 256
MEDAWQ_PDL=0 bench m7_awq_nopdl --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
MEDAWQ_GEMV_CLUSTER=0 bench m7_awq_atomics --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
bench m7_bf16 --shape mistral-7b --quant bf16 --prompt 512 --new 256
MEDAWQ_DENSE_GEMV=0 bench m7_bf16_cublas --shape mistral-7b --quant bf16 --prompt 512 --new 256 --repeat 2
bench m7_awq_p2048 --shape mistral-7b --quant awq --prompt 2048 --new 16
bench m7_awq_ctx4096 --shape mistral-7b --quant awq --prompt 3840 --new 256 --repeat 1
MEDAWQ_EMBED_ON_HOST=0 bench m7_awq_ctx4096_embgpu --shape mistral-7b --quant awq --prompt 3840 --new 256 --repeat 1
bench g4_awq --shape gemma3-4b --quant awq --prompt 512 --new 256
bench g4_bf16 --shape gemma3-4b --quant bf16 --prompt 512 --new 256
if [[ -z ${QUICK:-} ]]; then
bench g27_awq --shape gemma3-27b --quant awq --prompt 512 --new 256 --repeat 2
bench g27_bf16 --shape gemma3-27b --quant bf16 --prompt 512 --new 128 --repeat 2
fi
NSYS=$(command -v nsys || ls /usr/local/cuda/bin/nsys /opt/nvidia/nsight-systems/*/bin/nsys 2>/dev/null | head -1)
if [[ -n $NSYS ]]; then
  echo "=== nsys: Mistral-7B AWQ decode, per-kernel times"
  $NSYS profile --cuda-graph-trace=node -t cuda -o /tmp/decode_trace -f true $CLI bench --shape mistral-7b --quant awq \
    --prompt 512 --new 128 --repeat 1 > "$LOG/nsys_run.log" 2>&1
  $NSYS stats -r cuda_gpu_kern_sum -f csv -o /tmp/decode_kern /tmp/decode_trace.nsys-rep > /dev/null 2>&1
  cp /tmp/decode_kern*.csv "$LOG/" 2>/dev/null
  python3 - /tmp/decode_kern*.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows[:16]:
    print(f"{float(r['Time (%)']):5.1f} %  {int(r['Instances']):7d} x {float(r['Avg (ns)'])/1000:7.2f} us  {r['Name'][:110]}")
PY
else
  echo "(no nsys on this machine)"
fi
finish
