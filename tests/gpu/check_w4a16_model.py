#!/usr/bin/env python3
"""Whole-model logits of an AWQ checkpoint: the CUDA W4A16 kernels against the CPU reference path.

For T = 1 and 12 tokens (every linear runs the decode kernel) and 64 tokens (dequantize + cuBLAS),
`medawq logits` runs on the CPU in float32 (AWQ dequantized at load: the reference), on CUDA in
bfloat16 with the weights kept 4-bit (the kernels), and on CUDA in bfloat16 with
MEDAWQ_AWQ_DENSE=1 (dequantized at load: the plain 16-bit path). Both 16-bit runs are compared
with the reference: the kernels must be about as close as the dense 16-bit path (relative error
of the logits at most 1.5x the dense path's + 1e-3, argmax agreement at least the dense path's
minus two positions: random ids give flat next-token distributions whose near-ties flip between
any two 16-bit runs). Exits 1 on any failure.
"""
import argparse, json, os, random, re, subprocess, sys, tempfile

import torch
from safetensors.torch import load_file


def logits(cli, model, ids, device, dtype, out, dense=False):
    env = dict(os.environ)
    env.pop("MEDAWQ_AWQ_DENSE", None)
    if dense:
        env["MEDAWQ_AWQ_DENSE"] = "1"
    cmd = [cli, "logits", "--model", model, "--input-ids", ",".join(map(str, ids)), "--output", out,
           "--device", device, "--dtype", dtype]
    r = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    m = re.search(r"(\d+) linears 4-bit", r.stdout)
    return load_file(out)["logits"].float()[0], int(m.group(1)) if m else 0


def metrics(a, ref):
    rel = ((a - ref).norm() / ref.norm()).item()
    agree = (a.argmax(-1) == ref.argmax(-1)).float().mean().item()
    return rel, agree, (a - ref).abs().max().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--model", required=True, help="an AWQ checkpoint folder")
    args = ap.parse_args()
    vocab = json.load(open(os.path.join(args.model, "config.json")))["vocab_size"]
    rng = random.Random(0)
    tmp = tempfile.mkdtemp()
    failed = 0
    for t in (1, 12, 64):
        ids = [2] + [rng.randrange(3, vocab) for _ in range(t - 1)]
        ref, _ = logits(args.cli, args.model, ids, "cpu", "float32", os.path.join(tmp, "cpu.safetensors"))
        kern, packed = logits(args.cli, args.model, ids, "cuda", "bfloat16", os.path.join(tmp, "k.safetensors"))
        dense, packed_dense = logits(args.cli, args.model, ids, "cuda", "bfloat16", os.path.join(tmp, "d.safetensors"),
                                     dense=True)
        rk, ak, mk = metrics(kern, ref)
        rd, ad, md = metrics(dense, ref)
        rkd, akd, _ = metrics(kern, dense)
        ok = packed > 0 and packed_dense == 0 and rk <= 1.5 * rd + 1e-3 and ak >= ad - 2.0 / t - 1e-9
        path = "decode kernel" if t <= 16 else "dequantize + cuBLAS"
        print(f"{'ok  ' if ok else 'FAIL'} T={t:3d} ({path}, {packed} linears 4-bit): vs CPU fp32 reference: "
              f"kernels rel {rk:.2e} max|d| {mk:.3f} argmax {ak:.3f} | bf16 dense rel {rd:.2e} max|d| {md:.3f} "
              f"argmax {ad:.3f} | kernels vs bf16 dense rel {rkd:.2e} argmax {akd:.3f}")
        failed += not ok
    print("model logits:", "all passed" if not failed else f"{failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
