#!/usr/bin/env bash
# Issue #7's decode speed work on the GPU box, in parts (PARTS, default all of them):
#   build    tests/gpu/build_gpu.sh
#   check    tools/kernels/w4a16_check (W4A16 and dense decode GEMVs, attention, RoPE + q/k norm,
#            fused norm), and its --attention part again with MEDAWQ_ATTN_BATCHED_LOADS=1
#   graph    the graphed decode step against transformers and eager (check_decode_graph.py), once
#            as is and once with session 8's variants on; whole-model AWQ logits against the CPU
#   kernels  tools/kernels/w4a16_bench (bandwidth table, prefetch-ahead lines, --sweep)
#   bench    `medawq bench` on Mistral-7B and Gemma 3 4B, as is and with session 8's variants
#            turned on (MEDAWQ_ATTN_BATCHED_LOADS=1: a tile's loads
#            issued before their use; MEDAWQ_GEMV_PREFETCH_AHEAD=N: the GEMVs' rolling L2 prefetch;
#            MEDAWQ_FUSE_NORM=1: add + RMSNorm inside the q|k|v and gate|up GEMVs;
#            MEDAWQ_FUSE_QK_NORM=1: Gemma 3's q/k norms inside the RoPE kernel)
#   ring     the W4A16 GEMV's bulk-copy ring (MEDAWQ_GEMV_RING=N): checks, kernel times, benches
#   splits   `medawq bench` with the attention's slices forced (MEDAWQ_ATTN_SPLITS=8..32)
#   defaults `medawq bench` of the engine as it is by default (Mistral-7B, Gemma 3 4B), alone
#   ablations  `medawq bench` on Mistral-7B with each engine switch turned off once
#            (MEDAWQ_PDL, _DENSE_GEMV, _GEMV_CLUSTER, _ATTN_EARLY_LAUNCH, _EMBED_ON_HOST = 0)
#   gemma27  `medawq bench` on Gemma 3 27B
#   trace    Kineto traces of Mistral-7B (AWQ, bf16) and Gemma 3 4B AWQ (q/k norms fused or not),
#            summed into per-step budgets by trace_budget.py
#   ncu      Nsight Compute on the gate+up W4A16 GEMV (one token)
#   probe    tools/kernels/decode_chain_probe.cu (nvcc only, no build needed): the attention alone
#            and in its layer's chain
# All of it runs past one device call's 10 minutes: e.g. PARTS="build check graph kernels", then
# PARTS="bench probe", then PARTS="trace gemma27 ablations" (the build stays on a machine kept
# warm by calling again at once; each part prints its start time).
# Everything lands in $OUT/decode_speed.tar.gz (the device tool brings back few files).
#   run: PARTS="build check graph" bash tests/gpu/decode_speed.sh      (carry [".deps"])
set -uo pipefail
OUT=${OUT:-/tmp/medawq-out}
LOG=$OUT/logs
mkdir -p "$LOG"
CLI=build-gpu/app/medawq
status=0
PARTS=" ${PARTS:-build check graph ring kernels bench defaults splits ablations gemma27 trace ncu probe} "
want() { [[ $PARTS == *" $1 "* ]]; }
# Packed after every part, so a call stopped at its time limit still brings back what ran.
pack() { tar -C "$OUT" -czf "$OUT/decode_speed.tar.gz" logs; }
finish() { pack; exit $status; }
part() { pack; echo "=== [$(date +%T), ${SECONDS}s] $1"; }
if want build; then
  echo "=== build"
  bash tests/gpu/build_gpu.sh > "$LOG/build.log" 2>&1 || { tail -40 "$LOG/build.log"; status=1; finish; }
fi
nvidia-smi --query-gpu=name,memory.total,clocks.max.memory --format=csv > "$LOG/gpu.txt"
if want check; then
part check
echo "=== kernel check"
build-gpu/tools/kernels/w4a16_check > "$LOG/w4a16_check.log" 2>&1 || status=1
grep -E "FAIL|cases|worst|dense .*configurations|gate.up" "$LOG/w4a16_check.log" | tail -30
echo "=== attention check with MEDAWQ_ATTN_BATCHED_LOADS=1"
MEDAWQ_ATTN_BATCHED_LOADS=1 build-gpu/tools/kernels/w4a16_check --attention > "$LOG/attention_batched_check.log" 2>&1 || status=1
grep -E "FAIL|cases" "$LOG/attention_batched_check.log" | tail -8
fi
if want graph; then
part graph
echo "=== decode graph vs transformers and eager"
[[ -d /tmp/demo-awq ]] || $CLI quantize --model_path resources/demo/model --output_path /tmp/demo-awq \
  --calibration_data resources/demo/data/calibration.csv --num_samples 64 --seqlen 128 --device cuda > /dev/null 2>&1
python3 tests/gpu/check_decode_graph.py --cli $CLI --fixtures tests/fixtures/models --model resources/demo/model \
  --model /tmp/demo-awq > "$LOG/decode_graph.log" 2>&1 || status=1
tail -6 "$LOG/decode_graph.log"
echo "=== the same with session 8's variants on (batched attention loads, GEMV prefetch 2 ahead, fused norms)"
MEDAWQ_ATTN_BATCHED_LOADS=1 MEDAWQ_GEMV_PREFETCH_AHEAD=2 MEDAWQ_FUSE_NORM=1 MEDAWQ_FUSE_QK_NORM=1 python3 tests/gpu/check_decode_graph.py --cli $CLI \
  --fixtures tests/fixtures/models --model resources/demo/model --model /tmp/demo-awq > "$LOG/decode_graph_variants.log" 2>&1 || status=1
tail -6 "$LOG/decode_graph_variants.log"
echo "=== whole-model AWQ logits: CUDA kernels vs the CPU reference"
python3 tests/gpu/check_w4a16_model.py --cli $CLI --model /tmp/demo-awq > "$LOG/w4a16_model.log" 2>&1 || status=1
tail -4 "$LOG/w4a16_model.log"
fi
if want kernels; then
part kernels
echo "=== kernel bandwidth"
build-gpu/tools/kernels/w4a16_bench ${BENCH_FLAGS:---sweep} > "$LOG/w4a16_bench.log" 2>&1 || status=1
grep -v '^  .* M=.* w[0-9]' "$LOG/w4a16_bench.log"
fi
bench() {  # name, then medawq bench flags
  local name=$1; shift
  timeout 150 $CLI bench "$@" -o "$LOG/bench_$name.json" > "$LOG/bench_$name.md" 2> "$LOG/bench_$name.err" || { tail -5 "$LOG/bench_$name.err"; status=1; }
  python3 - "$LOG/bench_$name.json" "$name" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
gib = lambda k: (s.get(k) or 0) / 2**30
print(f"{sys.argv[2]:16s} prefill {s['prefill_tokens_per_s']:9.0f} tok/s  decode {s['decode_tokens_per_s']:7.1f} "
      f"+- {s['decode_tokens_per_s_sd']:.1f} tok/s  {s['ms_per_token']:.3f} ms  {s['achieved_gb_per_s']:.0f} GB/s "
      f"({s.get('roofline_percent') or 0:.1f} %)  peak {gib('peak_allocated_bytes'):.2f} GiB alloc, "
      f"{gib('nvml_process_peak_bytes'):.2f} GiB NVML")
PY
  pack
}
if want bench; then
part bench
bench m7_awq --shape mistral-7b --quant awq --prompt 512 --new 256
MEDAWQ_ATTN_BATCHED_LOADS=1 bench m7_awq_attn_batched --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
for ahead in 1 2 4; do
  MEDAWQ_GEMV_PREFETCH_AHEAD=$ahead bench m7_awq_prefetch$ahead --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
done
MEDAWQ_FUSE_NORM=1 bench m7_awq_fusenorm --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
MEDAWQ_ATTN_BATCHED_LOADS=1 MEDAWQ_GEMV_PREFETCH_AHEAD=2 MEDAWQ_FUSE_NORM=1 bench m7_awq_all3 --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
bench m7_bf16 --shape mistral-7b --quant bf16 --prompt 512 --new 256
MEDAWQ_GEMV_PREFETCH_AHEAD=2 bench m7_bf16_prefetch2 --shape mistral-7b --quant bf16 --prompt 512 --new 256 --repeat 2
MEDAWQ_FUSE_NORM=1 bench m7_bf16_fusenorm --shape mistral-7b --quant bf16 --prompt 512 --new 256 --repeat 2
bench m7_awq_p2048 --shape mistral-7b --quant awq --prompt 2048 --new 16
bench m7_awq_ctx4096 --shape mistral-7b --quant awq --prompt 3840 --new 256 --repeat 1
bench g4_awq --shape gemma3-4b --quant awq --prompt 512 --new 256
bench g4_bf16 --shape gemma3-4b --quant bf16 --prompt 512 --new 256
MEDAWQ_FUSE_NORM=1 bench g4_awq_fusenorm --shape gemma3-4b --quant awq --prompt 512 --new 256 --repeat 2
MEDAWQ_FUSE_QK_NORM=1 bench g4_awq_fuseqknorm --shape gemma3-4b --quant awq --prompt 512 --new 256 --repeat 2
MEDAWQ_ATTN_BATCHED_LOADS=1 MEDAWQ_GEMV_PREFETCH_AHEAD=2 MEDAWQ_FUSE_NORM=1 MEDAWQ_FUSE_QK_NORM=1 \
  bench g4_awq_all4 --shape gemma3-4b --quant awq --prompt 512 --new 256 --repeat 2
fi
if want ring; then
part ring
# The W4A16 GEMV's weights through the bulk-copy ring (MEDAWQ_GEMV_RING=N slots; off by default,
# written in session 10, not yet measured): checked, then timed alone and in the step.
echo "=== kernel check with MEDAWQ_GEMV_RING=3 (every default W4A16 launch through the ring)"
# (timeouts: a ring whose barrier never completes would hang the kernel)
MEDAWQ_GEMV_RING=3 timeout 180 build-gpu/tools/kernels/w4a16_check > "$LOG/w4a16_check_ring3.log" 2>&1 || status=1
grep -E "FAIL|cases|worst|configurations" "$LOG/w4a16_check_ring3.log" | tail -14
[[ -d /tmp/demo-awq ]] || $CLI quantize --model_path resources/demo/model --output_path /tmp/demo-awq \
  --calibration_data resources/demo/data/calibration.csv --num_samples 64 --seqlen 128 --device cuda > /dev/null 2>&1
MEDAWQ_GEMV_RING=3 timeout 180 python3 tests/gpu/check_decode_graph.py --cli $CLI --fixtures tests/fixtures/models \
  --model resources/demo/model --model /tmp/demo-awq > "$LOG/decode_graph_ring3.log" 2>&1 || status=1
tail -3 "$LOG/decode_graph_ring3.log"
pack
MEDAWQ_GEMV_RING=3 timeout 120 build-gpu/tools/kernels/w4a16_bench > "$LOG/w4a16_bench_ring.log" 2>&1 || status=1
grep -E "stream" "$LOG/w4a16_bench_ring.log"
for r in 2 3 4; do
  MEDAWQ_GEMV_RING=$r bench m7_awq_ring$r --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
done
bench m7_awq --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
MEDAWQ_GEMV_RING=3 bench g4_awq_ring3 --shape gemma3-4b --quant awq --prompt 512 --new 256 --repeat 2
fi
if want splits; then
part splits
# The attention's slices of the filled rows (MEDAWQ_ATTN_SPLITS=N forces N; the default is 16 up
# to a 1024-row cache, 32 above; 12 was the rule before session 10).
for sp in 8 12 16 24 32; do
  MEDAWQ_ATTN_SPLITS=$sp bench m7_awq_splits$sp --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
done
MEDAWQ_ATTN_SPLITS=12 bench m7_bf16_splits12 --shape mistral-7b --quant bf16 --prompt 512 --new 256 --repeat 2
MEDAWQ_ATTN_SPLITS=12 bench g4_awq_splits12 --shape gemma3-4b --quant awq --prompt 512 --new 256 --repeat 2
fi
if want defaults; then
part defaults
bench m7_awq --shape mistral-7b --quant awq --prompt 512 --new 256
bench m7_bf16 --shape mistral-7b --quant bf16 --prompt 512 --new 256
bench g4_awq --shape gemma3-4b --quant awq --prompt 512 --new 256
bench g4_bf16 --shape gemma3-4b --quant bf16 --prompt 512 --new 256
bench m7_awq_p2048 --shape mistral-7b --quant awq --prompt 2048 --new 16
bench m7_awq_ctx4096 --shape mistral-7b --quant awq --prompt 3840 --new 256 --repeat 1
fi
if want ablations; then
part ablations
MEDAWQ_PDL=0 bench m7_awq_nopdl --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
MEDAWQ_ATTN_EARLY_LAUNCH=0 bench m7_awq_attn_late --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
MEDAWQ_GEMV_CLUSTER=0 bench m7_awq_atomics --shape mistral-7b --quant awq --prompt 512 --new 256 --repeat 2
MEDAWQ_DENSE_GEMV=0 bench m7_bf16_cublas --shape mistral-7b --quant bf16 --prompt 512 --new 256 --repeat 2
MEDAWQ_EMBED_ON_HOST=0 bench m7_awq_ctx4096_embgpu --shape mistral-7b --quant awq --prompt 3840 --new 256 --repeat 1
fi
if want gemma27; then
part gemma27
bench g27_awq --shape gemma3-27b --quant awq --prompt 512 --new 256 --repeat 2
bench g27_bf16 --shape gemma3-27b --quant bf16 --prompt 512 --new 128 --repeat 2
fi
if want trace; then
  part trace
  for q in awq bf16; do
    echo "=== Kineto trace: Mistral-7B $q, 32 decode steps"
    $CLI bench --shape mistral-7b --quant $q --prompt 512 --new 64 --repeat 1 --trace /tmp/trace_m7_$q.json \
      > /dev/null 2> "$LOG/trace_m7_$q.err" || { tail -5 "$LOG/trace_m7_$q.err"; status=1; }
    python3 tests/gpu/trace_budget.py /tmp/trace_m7_$q.json > "$LOG/budget_m7_$q.md" 2>&1 || status=1
    head -30 "$LOG/budget_m7_$q.md"
    gzip -c /tmp/trace_m7_$q.json > "$LOG/trace_m7_$q.json.gz"
  done
  # MedGemma-4B's shape, as is and with its q/k norms in the RoPE kernel: how much of its step
  # the per-head norms' small kernels take.
  for qk in 0 1; do
    echo "=== Kineto trace: Gemma 3 4B awq, MEDAWQ_FUSE_QK_NORM=$qk"
    MEDAWQ_FUSE_QK_NORM=$qk $CLI bench --shape gemma3-4b --quant awq --prompt 512 --new 64 --repeat 1 \
      --trace /tmp/trace_g4_qk$qk.json > /dev/null 2> "$LOG/trace_g4_qk$qk.err" || { tail -5 "$LOG/trace_g4_qk$qk.err"; status=1; }
    python3 tests/gpu/trace_budget.py /tmp/trace_g4_qk$qk.json > "$LOG/budget_g4_qk$qk.md" 2>&1 || status=1
    head -30 "$LOG/budget_g4_qk$qk.md"
    gzip -c /tmp/trace_g4_qk$qk.json > "$LOG/trace_g4_qk$qk.json.gz"
  done
fi
if want ncu; then
  part ncu
  # Nsight Compute on the W4A16 GEMV of gate+up, one token: what bounds its weight stream (the
  # profiler locks the SM clock to its base, so its durations are longer than the bench's).
  NCU=$(command -v ncu || ls /usr/local/cuda/bin/ncu /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -1)
  echo "=== ncu, 28672x4096, one token"
  timeout 150 $NCU --kernel-name regex:decodeKernel --launch-count 1 --section SpeedOfLight \
    --section MemoryWorkloadAnalysis --section WarpStateStats --section Occupancy --section LaunchStats \
    build-gpu/tools/kernels/w4a16_bench --only gate --reps 1 > "$LOG/ncu_gateup.log" 2>&1 || status=1
  grep -E "DRAM Throughput|Duration|SM Frequency|Achieved Occupancy|Theoretical Occupancy|Registers Per|Grid Size|Waves Per SM|scoreboard|Warp Cycles Per Issued|ERR" "$LOG/ncu_gateup.log" | head -20
fi
if want probe; then
  part probe
  echo "=== decode chain probe (attention alone and in the layer chain)"
  P=/tmp/medawq-probe
  mkdir -p $P
  NVCC="/usr/local/cuda/bin/nvcc -std=c++17 -O3 -arch=sm_90 -I core"
  for f in core/kernels/decode_step_kernels.cu core/kernels/dense_gemv_kernels.cu core/kernels/w4a16_kernels.cu \
           tools/kernels/decode_chain_probe.cu; do
    $NVCC -c $f -o $P/$(basename $f .cu).o > "$LOG/probe_build_$(basename $f .cu).log" 2>&1 &
  done
  wait
  if /usr/local/cuda/bin/nvcc -arch=sm_90 $P/*.o -o $P/probe > "$LOG/probe_build.log" 2>&1; then
    for setting in "" MEDAWQ_ATTN_BATCHED_LOADS=1 MEDAWQ_ATTN_EARLY_LAUNCH=0 MEDAWQ_PDL=0; do
      log="$LOG/probe${setting:+_${setting%%=*}}.log"
      env $setting $P/probe > "$log" 2>&1 || { tail -5 "$log"; status=1; }
      grep -E "^capacity|splits 12|splits  1:|without" "$log" | head -12
    done
  else
    tail -20 "$LOG"/probe_build*.log; status=1
  fi
fi
finish
