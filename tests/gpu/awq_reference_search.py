#!/usr/bin/env python3
"""Independent PyTorch transcription of AWQ's scale search and clip search (shared/AWQ.md) for
Gemma 3 text models, compared with the choices MedAWQ dumped (`--preset autoawq` search dump).

Per decoder layer i, starting from the dumped layer input (dump/layer_<i>.safetensors "input",
[blocks, seqlen, hidden], AutoAWQ propagation = previous layer's output with original weights):
  1. run the ORIGINAL layer (fp32 weights from --source, Gemma 3 math in plain torch: RMSNorm with
     (1+w), q/k norm, RoPE (theta per layer type), sliding window, GQA, softmax fp32,
     gelu_tanh MLP, four norms) and capture the Linears' inputs;
  2. scale search per group on the original weights (q,k,v -> whole self-attention; gate,up -> MLP;
     down -> down_proj), r = i/20 for i = 0..19, s = clamp(x_mean^r / (w_mean^(1-r) + 1e-4), 1e-4),
     s /= sqrt(max*min), fake-quantize Q(W*s)/s, loss = sum((y0-y)^2)/numel, first strict minimum;
  3. fold all scales (Gemma norm w <- (1+w)/s - 1, up rows /= s_down, consumer columns *= s,
     cached inputs /= s);
  4. clip search on the scaled weights with the scaled inputs (every max(1, T//512)-th token),
     m = m0*(1 - i/20), i = 0..9, asymmetric 4-bit quantizer (g=128, fp32, round half to even),
     error = mean over tokens of squared per-group partial dot-product difference.
Compared with the dump: the chosen ratio per group (both printed; loss-curve top-2 gap when they
differ), the scale vectors (when the ratios agree), and the clip max per (row, group) of every
clipped Linear (agreement = equal within 1e-6 relative). If a group's ratio differs, the clip
comparison for the Linears it touches uses OUR dumped scales instead (printed), so it stays
meaningful. Also checked: layer-0 input == embed(ids) * bf16(sqrt(hidden)) and layer i+1's dumped
input == this script's layer-i output (propagation), reported with the max relative error.
Optional --awq DIR: re-quantize clamp(W*s, +-clip) with OUR dumped scales/clips and compare the
integer codes/zeros/fp16 scales with the checkpoint, and the folded norms with the checkpoint's.

Pass: every group's ratio agrees and clip agreement >= 99 % of (row, group) pairs (overall).

Device notes (measured on the demo model): the clip choice is chaotic in the last bit of the scaled
weight. A group clamped to +-m has min/scale = -7.5 exactly (a round-half-even tie) when
scale = 2m/15 is computed by true division, so any 1-ulp change flips its zero point 8 <-> 7 and the
group error by ~10-20 %. On CUDA this script's scales differ from a CPU dump by 1-3e-7 relative
(pow / mean kernels), which alone moves ~1.5 % of clip choices (98.5 % agreement); --clip-scales ours
isolates the clip search (100 %). The quantizer here always divides by a device tensor (IEEE
division); --scale-div reciprocal reproduces what `tensor / scalar` does on CUDA (x * fp32(1/15)).
For each Linear whose clips differ it prints how much worse my error is at our choice.

Run
  python3 tests/gpu/awq_reference_search.py --source resources/demo/model --dump /tmp/dump_demo \
      [--device cpu|cuda] [--awq /tmp/q3] [--layers 0,1] [--scale-div true|reciprocal] [--clip-scales mine|ours]
Needs only the standard library, numpy and torch (`safetensors` used when importable).
Prints a summary table and a closing "N passed, N failed" line; exit 1 on failure.
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

GRID = 20
CLIP_STEPS = 10
N_SAMPLE_TOKENS = 512
ORDER = [0, 2, 4, 6, 1, 3, 5, 7]
# How the quantizer's scale = range / (2^b - 1) is divided. "true": IEEE division on every device
# (what CPU torch/libtorch does for `tensor / scalar`). "reciprocal": range * fp32(1/(2^b - 1)), what
# CUDA torch/libtorch does for `tensor / python-or-C++ scalar` (1 ulp off for about half of the groups).
# It matters: in a group clipped to +-m, min/scale is exactly -7.5, a round-half-even tie, so the
# 1-ulp difference flips the zero point (7 vs 8) and with it the clip choice.
SCALE_DIV = "true"
G_QKV = "self_attn.q_proj,k_proj,v_proj"
G_MLP = "mlp.gate_proj,up_proj"
G_DOWN = "mlp.down_proj"
CLIPPED = ["self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"]
# which groups' scales change each clipped Linear's scaled weight
CLIP_DEPENDS = {"self_attn.v_proj": [G_QKV], "self_attn.o_proj": [], "mlp.gate_proj": [G_MLP],
                "mlp.up_proj": [G_MLP, G_DOWN], "mlp.down_proj": [G_DOWN]}

# ----------------------------------------------------------------------------- safetensors
_DT = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
       "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
       "U8": torch.uint8, "BOOL": torch.bool}


def load_safetensors(path):
    """dict name -> tensor; `safetensors` when importable, own reader otherwise."""
    try:
        from safetensors.torch import load_file
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        hdr = json.loads(f.read(n))
        data = bytearray(f.read())
    out = {}
    for k, h in hdr.items():
        if k == "__metadata__":
            continue
        a, b = h["data_offsets"]
        cnt = int(np.prod(h["shape"])) if h["shape"] else 1
        dt = _DT[h["dtype"]]
        if cnt == 0:
            out[k] = torch.empty(h["shape"], dtype=dt)
        else:
            out[k] = torch.frombuffer(data, dtype=dt, count=cnt, offset=a).reshape(h["shape"]).clone()
    return out


def load_model_dir(d):
    idx = os.path.join(d, "model.safetensors.index.json")
    files = sorted(set(json.load(open(idx))["weight_map"].values())) if os.path.isfile(idx) else \
        [n for n in sorted(os.listdir(d)) if n.endswith(".safetensors")]
    out = {}
    for n in files:
        out.update(load_safetensors(os.path.join(d, n)))
    return out


# ----------------------------------------------------------------------------- quantizer
def _div_levels(rng, levels):
    """The scale (max - min) / levels, then rounded to fp16: the checkpoint stores fp16 scales and
    MedAWQ computes the codes with exactly the stored value (see group_quantizer.h)."""
    if SCALE_DIV == "reciprocal":
        sc = rng * (torch.tensor(1.0, dtype=torch.float32) / levels).to(rng.device)
    else:
        sc = rng / torch.full((), float(levels), dtype=rng.dtype, device=rng.device)  # true division
    return sc.half().float()


def fake_quant(w, group=128, bits=4):
    """Asymmetric per-group fake quantization of w [N, K] in fp32, round half to even."""
    shape = w.shape
    w = w.reshape(-1, group)
    qmax = 2 ** bits - 1
    mx = w.amax(dim=1, keepdim=True)
    mn = w.amin(dim=1, keepdim=True)
    sc = _div_levels((mx - mn).clamp(min=1e-5), qmax)
    z = (-torch.round(mn / sc)).clamp(0, qmax)
    q = (torch.clamp(torch.round(w / sc) + z, 0, qmax) - z) * sc
    return q.reshape(shape)


def quant_codes(w, group=128, bits=4):
    """Integer codes [N, K], zeros [N, K/g] and fp32 scales [N, K/g] of the same quantizer."""
    N, K = w.shape
    wg = w.reshape(N, K // group, group)
    qmax = 2 ** bits - 1
    mx, mn = wg.amax(-1, keepdim=True), wg.amin(-1, keepdim=True)
    sc = _div_levels((mx - mn).clamp(min=1e-5), qmax)
    z = (-torch.round(mn / sc)).clamp(0, qmax)
    q = torch.clamp(torch.round(wg / sc) + z, 0, qmax)
    return q.reshape(N, K).long(), z[..., 0].long(), sc[..., 0]


def unpack_int4(packed):
    p = packed.to(torch.int64) & 0xFFFFFFFF
    r, c8 = p.shape
    out = torch.empty(r, c8 * 8, dtype=torch.int64)
    for i in range(8):
        out[:, ORDER[i]::8] = (p >> (4 * i)) & 0xF
    return out


# ----------------------------------------------------------------------------- Gemma 3 layer
def rms_norm(x, w, eps):
    xf = x.float()
    return xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps) * (1.0 + w.float())


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class Gemma3Layer:
    def __init__(self, cfg, W, li, device):
        self.cfg = cfg
        p = f"{cfg['_prefix']}layers.{li}."
        self.w = {k[len(p):]: v.float().to(device) for k, v in W.items() if k.startswith(p)}
        self.eps = cfg.get("rms_norm_eps", 1e-6)
        self.nh = cfg["num_attention_heads"]
        self.nkv = cfg["num_key_value_heads"]
        self.hd = cfg.get("head_dim", cfg["hidden_size"] // self.nh)
        lt = cfg.get("layer_types")
        if lt is None:
            pat = cfg.get("sliding_window_pattern", 6)
            lt = ["full_attention" if (i + 1) % pat == 0 else "sliding_attention" for i in range(cfg["num_hidden_layers"])]
        self.sliding = lt[li] == "sliding_attention"
        rp = cfg.get("rope_parameters") or {}
        if self.sliding:
            theta = cfg.get("rope_local_base_freq") or (rp.get("sliding_attention") or {}).get("rope_theta", 10000.0)
        else:
            theta = cfg.get("rope_theta") or (rp.get("full_attention") or {}).get("rope_theta", 1e6)
            rs = cfg.get("rope_scaling") or (rp.get("full_attention") or {})
            if rs and rs.get("rope_type", rs.get("type", "default")) == "linear":
                self.rope_factor = float(rs["factor"])
        self.theta = float(theta)
        self.window = cfg.get("sliding_window", 4096)
        self.scale = cfg.get("query_pre_attn_scalar", self.hd) ** -0.5
        self.softcap = cfg.get("attn_logit_softcapping")
        self.device = device

    def rope(self, T):
        inv = 1.0 / (self.theta ** (torch.arange(0, self.hd, 2, dtype=torch.int64).float().to(self.device) / self.hd))
        inv = inv / getattr(self, "rope_factor", 1.0)
        pos = torch.arange(T, device=self.device).float()
        fr = pos[:, None] * inv[None, :]
        emb = torch.cat((fr, fr), dim=-1)
        return emb.cos(), emb.sin()

    def attn_ctx(self, h, wq, wk, wv):
        """attention context [B, T, nh*hd] before o_proj, from the normed input h."""
        B, T, _ = h.shape
        q = (h @ wq.t()).view(B, T, self.nh, self.hd).transpose(1, 2)
        k = (h @ wk.t()).view(B, T, self.nkv, self.hd).transpose(1, 2)
        v = (h @ wv.t()).view(B, T, self.nkv, self.hd).transpose(1, 2)
        q = rms_norm(q, self.w["self_attn.q_norm.weight"], self.eps)
        k = rms_norm(k, self.w["self_attn.k_norm.weight"], self.eps)
        cos, sin = self.rope(T)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = self.nh // self.nkv
        k = k.repeat_interleave(rep, dim=1)
        v = v.repeat_interleave(rep, dim=1)
        s = (q @ k.transpose(-1, -2)) * self.scale
        if self.softcap:
            s = torch.tanh(s / self.softcap) * self.softcap
        qi = torch.arange(T, device=self.device)[:, None]
        ki = torch.arange(T, device=self.device)[None, :]
        allowed = ki <= qi
        if self.sliding:
            allowed &= ki > qi - self.window
        s = s.masked_fill(~allowed, float("-inf"))
        p = torch.softmax(s.float(), dim=-1)
        return (p @ v).transpose(1, 2).reshape(B, T, self.nh * self.hd)

    def attn(self, h, W):
        return self.attn_ctx(h, W["self_attn.q_proj.weight"], W["self_attn.k_proj.weight"],
                             W["self_attn.v_proj.weight"]) @ W["self_attn.o_proj.weight"].t()

    @staticmethod
    def mlp(x, W):
        return (F.gelu(x @ W["mlp.gate_proj.weight"].t(), approximate="tanh") * (x @ W["mlp.up_proj.weight"].t())) \
            @ W["mlp.down_proj.weight"].t()

    def forward_capture(self, x):
        W = self.w
        h = rms_norm(x, W["input_layernorm.weight"], self.eps)
        ctx = self.attn_ctx(h, W["self_attn.q_proj.weight"], W["self_attn.k_proj.weight"], W["self_attn.v_proj.weight"])
        a = ctx @ W["self_attn.o_proj.weight"].t()
        x1 = x + rms_norm(a, W["post_attention_layernorm.weight"], self.eps)
        h2 = rms_norm(x1, W["pre_feedforward_layernorm.weight"], self.eps)
        act = F.gelu(h2 @ W["mlp.gate_proj.weight"].t(), approximate="tanh") * (h2 @ W["mlp.up_proj.weight"].t())
        m = act @ W["mlp.down_proj.weight"].t()
        out = x1 + rms_norm(m, W["post_feedforward_layernorm.weight"], self.eps)
        feats = {"self_attn.q_proj": h, "self_attn.k_proj": h, "self_attn.v_proj": h, "self_attn.o_proj": ctx,
                 "mlp.gate_proj": h2, "mlp.up_proj": h2, "mlp.down_proj": act}
        return out, feats


# ----------------------------------------------------------------------------- AWQ search
def w_mean_of(ws, group):
    w = torch.cat(ws, dim=0)
    shp = w.shape
    w = w.reshape(-1, group)
    w = w.abs() / (w.abs().amax(dim=1, keepdim=True) + 1e-6)
    return w.reshape(shp).mean(0)


def scales_for(x_mean, w_mean, r):
    s = (x_mean.pow(r) / (w_mean.pow(1 - r) + 1e-4)).clamp(min=1e-4)
    s = s / (s.max() * s.min()).sqrt()
    s[torch.isinf(s) | torch.isnan(s)] = 1.0
    return s


def search_group(layer, names, x, module_fn, group):
    """returns best ratio, best scales, list of losses."""
    W = layer.w
    ws = [W[n + ".weight"] for n in names]
    wm = w_mean_of(ws, group)
    xm = x.abs().reshape(-1, x.shape[-1]).float().mean(0)
    with torch.no_grad():
        y0 = module_fn(x, W)
        fmax = torch.finfo(torch.float32).max
        y0 = y0.clamp(-fmax, fmax)
        best, best_r, best_s, losses = float("inf"), None, None, []
        for i in range(GRID):
            r = i / GRID
            s = scales_for(xm, wm, r)
            W2 = dict(W)
            for n in names:
                W2[n + ".weight"] = fake_quant(W[n + ".weight"] * s.view(1, -1), group) / s.view(1, -1)
            y = module_fn(x, W2)
            loss = ((y0 - y).float().pow(2).sum() / y0.numel()).item()
            losses.append(loss)
            if loss < best:
                best, best_r, best_s = loss, r, s.clone()
    return best_r, best_s, losses


def clip_search(w, x, group):
    """w [N, K] scaled weight, x [T, K] scaled input. returns best max [N, K/group]."""
    N, K = w.shape
    G = K // group
    x = x.reshape(-1, K)
    step = max(1, x.shape[0] // N_SAMPLE_TOKENS)
    x = x[::step]
    xg = x.reshape(-1, G, group).transpose(0, 1)           # [G, t, g]
    wg = w.reshape(N, G, group)
    org_out = torch.einsum("gtk,ngk->ngt", xg, wg)          # [N, G, t]
    m0 = wg.abs().amax(dim=-1)                               # [N, G]
    best_err = torch.full((N, G), 1e9, device=w.device)
    best_m = m0.clone()
    errs = []
    for i in range(CLIP_STEPS):
        m = m0 * (1 - i / 20)
        cw = torch.max(torch.min(wg, m[..., None]), -m[..., None])
        qw = fake_quant(cw.reshape(N, K), group).reshape(N, G, group)
        out = torch.einsum("gtk,ngk->ngt", xg, qw)
        err = (out - org_out).pow(2).mean(dim=-1)
        errs.append(err)
        better = err < best_err
        best_err = torch.where(better, err, best_err)
        best_m = torch.where(better, m, best_m)
    return best_m, torch.stack(errs), m0


def fold(layer, feats, scales):
    """apply the three groups' scales: returns scaled weights dict and scaled inputs."""
    W = dict(layer.w)
    f = dict(feats)
    s1, s3, s4 = scales[G_QKV], scales[G_MLP], scales[G_DOWN]
    W["input_layernorm.weight"] = (1 + W["input_layernorm.weight"]) / s1 - 1
    for n in ("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"):
        W[n + ".weight"] = W[n + ".weight"] * s1.view(1, -1)
        f[n] = feats[n] / s1
    W["pre_feedforward_layernorm.weight"] = (1 + W["pre_feedforward_layernorm.weight"]) / s3 - 1
    for n in ("mlp.gate_proj", "mlp.up_proj"):
        W[n + ".weight"] = W[n + ".weight"] * s3.view(1, -1)
        f[n] = feats[n] / s3
    W["mlp.up_proj.weight"] = W["mlp.up_proj.weight"] / s4.view(-1, 1)
    W["mlp.down_proj.weight"] = W["mlp.down_proj.weight"] * s4.view(1, -1)
    f["mlp.down_proj"] = feats["mlp.down_proj"] / s4
    return W, f


def rel_err(a, b):
    return ((a - b).abs().max() / b.abs().max().clamp(min=1e-30)).item()


# ----------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--awq", help="optional: our AWQ checkpoint, re-quantized from our dumped scales/clips")
    ap.add_argument("--layers", help="comma-separated subset of layers")
    ap.add_argument("--group-size", type=int, default=128)
    ap.add_argument("--clip-threshold", type=float, default=0.99)
    ap.add_argument("--scale-div", choices=["true", "reciprocal"], default="true",
                    help="quantizer scale = range / 15 by IEEE division (default, CPU behaviour) or by multiplying "
                         "with fp32(1/15) (CUDA behaviour of `tensor / scalar`; use it for dumps made on CUDA)")
    ap.add_argument("--clip-scales", choices=["mine", "ours"], default="mine",
                    help="scales the clip search runs on: mine (default; ours only where a ratio differs) or "
                         "always our dumped ones (isolates the clip search from ulp differences in the scales)")
    args = ap.parse_args()
    global SCALE_DIV
    SCALE_DIV = args.scale_div
    dev = torch.device(args.device)
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    gs = args.group_size
    passed = failed = 0

    def check(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        print(f"{'PASS' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""))

    cfg = json.load(open(os.path.join(args.source, "config.json")))
    if isinstance(cfg.get("text_config"), dict):
        cfg = dict(cfg["text_config"], _legacy=True)
    W = load_model_dir(args.source)
    prefix = None
    for k in W:
        if ".layers.0.input_layernorm.weight" in k:
            prefix = k[: k.index("layers.0.")]
            break
    cfg["_prefix"] = prefix
    nl = cfg["num_hidden_layers"]
    layers = [int(t) for t in args.layers.split(",")] if args.layers else list(range(nl))
    print(f"source {args.source}: {nl} layers, prefix '{prefix}', device {dev}, torch {torch.__version__}, "
          f"quantizer scale division: {SCALE_DIV}")

    awq = load_model_dir(args.awq) if args.awq else None

    # layer-0 input check
    idsf = os.path.join(args.dump, "calibration_ids.safetensors")
    if os.path.isfile(idsf) and 0 in layers:
        ids = load_safetensors(idsf)["ids"].long()
        emb = W[prefix + "embed_tokens.weight"]
        norm = torch.tensor(math.sqrt(cfg["hidden_size"]), dtype=emb.dtype).float()
        x0 = emb[ids].float() * norm
        d0 = load_safetensors(os.path.join(args.dump, "layer_0.safetensors"))["input"]
        e = rel_err(d0, x0)
        check(e == 0.0 or e < 1e-6, "layer-0 input == embed(ids) * bf16(sqrt(hidden))",
              f"normalizer {norm.item()}, max rel err {e:.2e}, ids {list(ids.shape)}")

    rows = []
    clip_agree_total = clip_total = 0
    ratio_disagree = 0
    for li in layers:
        dump = load_safetensors(os.path.join(args.dump, f"layer_{li}.safetensors"))
        dump = {k: v.to(dev) for k, v in dump.items()}
        L = Gemma3Layer(cfg, W, li, dev)
        x = dump["input"].float()
        with torch.no_grad():
            out, feats = L.forward_capture(x)
        nxt = os.path.join(args.dump, f"layer_{li + 1}.safetensors")
        if os.path.isfile(nxt):
            e = rel_err(load_safetensors(nxt)["input"].to(dev), out)
            check(e < 1e-4, f"layer {li}: my layer output == dumped input of layer {li + 1} (propagation)",
                  f"max |diff| / max |ref| = {e:.2e}")

        groups = {
            G_QKV: (["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"], feats["self_attn.q_proj"], L.attn),
            G_MLP: (["mlp.gate_proj", "mlp.up_proj"], feats["mlp.gate_proj"], Gemma3Layer.mlp),
            G_DOWN: (["mlp.down_proj"], feats["mlp.down_proj"],
                     lambda xx, WW: xx @ WW["mlp.down_proj.weight"].t()),
        }
        mine, used = {}, {}
        for gname, (names, xin, fn) in groups.items():
            r, s, losses = search_group(L, names, xin, fn, gs)
            ours_r = float(dump[f"ratio/{gname}"])
            ours_s = dump[f"scales/{gname}"].float()
            same = abs(r - ours_r) < 1e-6
            order = sorted(range(GRID), key=lambda i: losses[i])
            b1, b2 = order[0], order[1]
            gap = (losses[b2] - losses[b1]) / losses[b1]
            ours_i = int(round(ours_r * GRID))
            detail = f"mine r={r:.2f} (loss {losses[b1]:.6g}), ours r={ours_r:.2f}"
            if not same:
                ratio_disagree += 1
                detail += (f"; my loss at our r {losses[ours_i]:.6g} (+{(losses[ours_i] - losses[b1]) / losses[b1]:.2e} rel);"
                           f" my top-2 r={b1 / GRID:.2f},{b2 / GRID:.2f} gap {gap:.2e} rel")
                used[gname] = ours_s
            else:
                used[gname] = s
                se = rel_err(s, ours_s)
                detail += f"; scales max rel diff {se:.1e}"
                check(se < 1e-4, f"layer {li} {gname}: my scales == dumped scales", f"max rel diff {se:.2e}")
            check(same, f"layer {li} {gname}: ratio", detail)
            mine[gname] = (r, ours_r, gap, losses[b1])
        # clip
        if args.clip_scales == "ours":
            used = {g: dump[f"scales/{g}"].float() for g in (G_QKV, G_MLP, G_DOWN)}
        Ws, fs = fold(L, feats, used)
        clip_res = {}
        for lin in CLIPPED:
            bm, errs, m0 = clip_search(Ws[lin + ".weight"], fs[lin], gs)
            ours = dump[f"clip/{lin}"].float()
            if list(ours.shape) != list(bm.shape):
                check(False, f"layer {li} {lin}: clip shape", f"mine {list(bm.shape)} ours {list(ours.shape)}")
                continue
            eq = (bm - ours).abs() <= 1e-6 * ours.abs().clamp(min=1e-30)
            ours_step = torch.round((1 - ours / m0) * 20)
            my_step = torch.round((1 - bm / m0) * 20)
            if not bool(eq.all()):
                # for the pairs that differ: how close were my errors at my choice and at our choice?
                dif = ~eq
                os_ = ours_step.clamp(0, CLIP_STEPS - 1).long()
                e_mine = errs.gather(0, my_step.clamp(0, CLIP_STEPS - 1).long()[None])[0][dif]
                e_ours = errs.gather(0, os_[None])[0][dif]
                gap = ((e_ours - e_mine) / e_mine.clamp(min=1e-30))
                same_step = int((os_[dif] == my_step.long()[dif]).sum())
                print(f"INFO layer {li} {lin}: {int(dif.sum())} pairs differ; my error at our choice is "
                      f"+{gap.median().item():.1e} (median) / +{gap.max().item():.1e} (max) relative above my best; "
                      f"{same_step} of them pick the same shrink step (max differs only by the scaled weight's bits)")
            n_eq, n = int(eq.sum()), eq.numel()
            clip_agree_total += n_eq
            clip_total += n
            note = " (our scales)" if any(g in used and g in [k for k in CLIP_DEPENDS[lin]] and
                                         abs(mine[g][0] - mine[g][1]) > 1e-6 for g in CLIP_DEPENDS[lin]) else ""
            clip_res[lin] = (n_eq, n, note, int(((ours_step < 0) | (ours_step > CLIP_STEPS - 1)).sum()))
            if clip_res[lin][3]:
                print(f"WARN layer {li} {lin}: {clip_res[lin][3]} dumped clips are not m0*(1-i/20), i<10, of my scaled weight")
        # optional re-quantization against the checkpoint, with OUR scales/clips
        if awq is not None:
            ours_sc = {g: dump[f"scales/{g}"].float() for g in (G_QKV, G_MLP, G_DOWN)}  # noqa
            Wo, _ = fold(L, feats, ours_sc)
            p = f"{prefix}layers.{li}."
            for nrm in ("input_layernorm", "pre_feedforward_layernorm"):
                mine_n = Wo[nrm + ".weight"].to(torch.bfloat16).cpu()
                theirs = awq[p + nrm + ".weight"]
                dd = (mine_n.float() - theirs.float()).abs()
                check(torch.equal(mine_n, theirs.to(torch.bfloat16)), f"layer {li} {nrm}: folded (1+w)/s-1 == checkpoint (bf16)",
                      f"{int((dd > 0).sum())}/{dd.numel()} differ, max |diff| {dd.max().item():.2e}")
            for lin in ["self_attn.q_proj", "self_attn.k_proj"] + CLIPPED:
                w = Wo[lin + ".weight"]
                if f"clip/{lin}" in dump:
                    c = dump[f"clip/{lin}"].float()
                    N, G = c.shape
                    cr = c.repeat_interleave(gs, 1)
                    w = torch.max(torch.min(w, cr), -cr)
                q, z, sc = quant_codes(w, gs)
                aq = unpack_int4(awq[p + lin + ".qweight"]).t().to(dev)
                az = unpack_int4(awq[p + lin + ".qzeros"]).t().to(dev)
                asc = awq[p + lin + ".scales"].t().to(dev)
                nq = int((q != aq).sum())
                nz = int((z != az).sum())
                ns = int((sc.half() != asc).sum())
                check(nq <= q.numel() * 1e-4 and nz == 0 and ns == 0,
                      f"layer {li} {lin}: re-quantized from dumped scales/clips == checkpoint codes",
                      f"codes differ {nq}/{q.numel()}, zeros differ {nz}/{z.numel()}, fp16 scales differ {ns}/{sc.numel()}")
        rows.append((li, mine, clip_res))

    # summary
    print()
    print(f"{'layer':>5} | {'group':<32} | {'mine r':>6} | {'ours r':>6} | {'top-2 gap':>9} | agree")
    print("-" * 80)
    for li, mine, _ in rows:
        for g, (r, o, gap, _) in mine.items():
            print(f"{li:>5} | {g:<32} | {r:>6.2f} | {o:>6.2f} | {gap:>9.2e} | {'yes' if abs(r - o) < 1e-6 else 'NO'}")
    print()
    print(f"{'layer':>5} | {'clipped linear':<20} | {'agree':>13} | {'%':>7}")
    print("-" * 60)
    for li, _, cr in rows:
        for lin, (a, n, note, _) in cr.items():
            print(f"{li:>5} | {lin:<20} | {a:>6}/{n:<6} | {100.0 * a / n:>6.2f}%{note}")
    pct = clip_agree_total / max(1, clip_total)
    print()
    print(f"ratio choices: {sum(len(m) for _, m, _ in rows) - ratio_disagree}/{sum(len(m) for _, m, _ in rows)} groups agree")
    print(f"clip choices: {clip_agree_total}/{clip_total} (row, group) pairs agree = {100 * pct:.3f}%"
          + (" (Linears marked '(our scales)' were clipped on our dumped scales because the ratio differed)"
             if ratio_disagree else ""))
    check(ratio_disagree == 0, "all groups' ratio choices agree", f"{ratio_disagree} differ")
    check(pct >= args.clip_threshold, f"clip agreement >= {100 * args.clip_threshold:.0f}%", f"{100 * pct:.3f}%")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
