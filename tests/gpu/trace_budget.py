#!/usr/bin/env python3
"""Per-step time budget of the graphed decode step, from a Chrome trace written by
`medawq bench --trace FILE` (Kineto: every kernel of every graph replay, with start and
duration).

A decode step is the kernels of one cudaGraphLaunch (joined by their correlation id). The
kernels of a step form one dependent chain, so each kernel is charged the time from the end of
the kernel before it to its own end: the time it adds to the step (its own run time plus the
gap before it, minus what overlapped its predecessor). The charges of a step sum to its span.

    python3 tests/gpu/trace_budget.py TRACE.json [--skip 2]
"""
import argparse
import json
import re
import statistics
from collections import defaultdict


def short(name):
    """A kernel's name without namespaces and template arguments, e.g. decodeKernel."""
    name = re.sub(r"\(.*\)$", "", name.replace("(anonymous namespace)::", ""))
    depth, out = 0, ""
    for ch in name:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif depth == 0:
            out += ch
    out = out.replace("void ", "").strip()
    return out.split("::")[-1] or name[:60]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("--skip", type=int, default=2, help="first graph replays to leave out (warm-up)")
    args = ap.parse_args()
    events = json.load(open(args.trace))["traceEvents"]
    launches = {e["args"]["correlation"] for e in events
                if e.get("ph") == "X" and "cudaGraphLaunch" in e.get("name", "") and "correlation" in e.get("args", {})}
    steps = defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and e.get("cat") == "kernel" and e.get("args", {}).get("correlation") in launches:
            # The grid tells apart the calls of one kernel (q|k|v, o, gate|up, down, lm_head).
            grid = "x".join(str(v) for v in e["args"].get("grid", []))
            steps[e["args"]["correlation"]].append((float(e["ts"]), float(e["dur"]), f"{short(e['name'])} [{grid}]"))
    order = sorted(steps, key=lambda c: min(k[0] for k in steps[c]))[args.skip:]
    if not order:
        raise SystemExit(f"{args.trace}: no graph replays with kernels (was the decode step graphed?)")
    spans, busy, counts = [], [], []
    charge = defaultdict(list)   # name -> per-step total charged time
    runtime = defaultdict(list)  # name -> per-step total kernel duration
    calls = defaultdict(list)
    for c in order:
        ks = sorted(steps[c])
        first = ks[0][0]
        end = first
        per_charge, per_run, per_calls = defaultdict(float), defaultdict(float), defaultdict(int)
        union, cover_end = 0.0, first
        for ts, dur, name in ks:
            stop = ts + dur
            per_charge[name] += max(0.0, stop - end)
            per_run[name] += dur
            per_calls[name] += 1
            union += max(0.0, stop - max(ts, cover_end))
            cover_end = max(cover_end, stop)
            end = max(end, stop)
        spans.append(end - first)
        busy.append(union)
        counts.append(len(ks))
        for name in set(per_charge) | set(charge):
            charge[name].append(per_charge.get(name, 0.0))
            runtime[name].append(per_run.get(name, 0.0))
            calls[name].append(per_calls.get(name, 0))
    span = statistics.mean(spans)
    print(f"{len(order)} decode steps; kernels per step {statistics.mean(counts):.0f}; "
          f"span {span:.1f} us (sd {statistics.pstdev(spans):.1f}); GPU busy {statistics.mean(busy):.1f} us "
          f"({100 * statistics.mean(busy) / span:.1f} %)")
    print(f"| kernel | calls/step | mean run (us) | run/step (us) | charged/step (us) | share of span |")
    print("|---|---|---|---|---|---|")
    for name in sorted(charge, key=lambda n: -statistics.mean(charge[n])):
        n = statistics.mean(calls[name])
        run = statistics.mean(runtime[name])
        ch = statistics.mean(charge[name])
        print(f"| {name} | {n:.0f} | {run / max(n, 1):.2f} | {run:.1f} | {ch:.1f} | {100 * ch / span:.1f} % |")


if __name__ == "__main__":
    main()
