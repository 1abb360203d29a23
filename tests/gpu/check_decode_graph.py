#!/usr/bin/env python3
"""The graphed decode step on CUDA against transformers and against our eager path.

For every fixture: greedy new ids of `medawq generate --input-ids` on CUDA in float32 with the
captured decode graph (the default) and with it off (MEDAWQ_DECODE_GRAPH=0), compared with
transformers' greedy ids in expected.json; in bfloat16, graph vs eager. Then the same graph vs
eager comparison on one model folder given with --model (e.g. the demo model and its AWQ
quantization, which run the W4A16 kernels inside the graph).
Pass: in float32, the graph reproduces transformers wherever the eager path does; in bfloat16 the
two paths agree on at least the first 8 tokens (later ones may part on near-ties).
"""
import argparse, json, os, subprocess, sys


def generate(cli, model, ids, n, dtype, graph):
    env = dict(os.environ, MEDAWQ_DECODE_GRAPH="1" if graph else "0")
    cmd = [cli, "generate", "--model", model, "--input-ids", ",".join(map(str, ids)), "--max-new-tokens", str(n),
           "--device", "cuda", "--dtype", dtype, "--ignore-eos"]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    line = [l for l in r.stdout.splitlines() if l.startswith("new_ids:")][0]
    speed = r.stderr.strip().splitlines()[-1]
    return [int(x) for x in line.split(":", 1)[1].split(",")], speed


def prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--model", action="append", default=[])
    args = ap.parse_args()
    failed = 0
    for name in sorted(os.listdir(args.fixtures)):
        d = os.path.join(args.fixtures, name)
        if not os.path.isfile(os.path.join(d, "expected.json")):
            continue
        exp = json.load(open(os.path.join(d, "expected.json")))
        ids, want = exp["input_ids"], exp["greedy_new_ids"]
        g32, _ = generate(args.cli, d, ids, len(want), "float32", True)
        e32, _ = generate(args.cli, d, ids, len(want), "float32", False)
        gbf, _ = generate(args.cli, d, ids, len(want), "bfloat16", True)
        ebf, _ = generate(args.cli, d, ids, len(want), "bfloat16", False)
        ok = (g32 == want or e32 != want) and prefix(gbf, ebf) >= min(8, len(want))
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: fp32 graph = transformers {prefix(g32, want)}/{len(want)}, "
              f"eager = transformers {prefix(e32, want)}/{len(want)}; bf16 graph = eager {prefix(gbf, ebf)}/{len(want)}")
    for model in args.model:
        ids = [2, 11, 25, 301, 47, 512, 90, 1000, 7, 1500, 33, 64]  # within every vocabulary here
        gbf, gs = generate(args.cli, model, ids, 64, "bfloat16", True)
        ebf, es = generate(args.cli, model, ids, 64, "bfloat16", False)
        ok = prefix(gbf, ebf) >= 8
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {model}: bf16 graph = eager {prefix(gbf, ebf)}/64\n      graph: {gs}\n      eager: {es}")
    print("decode graph check:", "FAILED" if failed else "passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
