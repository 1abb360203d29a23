#!/usr/bin/env python3
"""Independent check of a MedAWQ output checkpoint against the AutoAWQ "GEMM" format (shared/AWQ.md).

What it checks
  * every safetensors file (single file or sharded with model.safetensors.index.json) has header
    metadata "format": "pt"; the index (if any) has metadata.total_size and a consistent weight_map;
  * per quantized Linear <name>: qweight I32 [K, N/8], qzeros I32 [K/g, N/8], scales F16 [K/g, N],
    bias F16 [N] if present, K % g == 0, N % 8 == 0, no leftover <name>.weight; reports Linears that
    miss vLLM's Marlin condition (N % 64, K % 128) as info;
  * an own unpacker (nibble i of word j -> column 8j + ORDER[i], ORDER = [0,2,4,6,1,3,5,7]) and
    dequantization W^T[k, n] = (q - z) * s in float32, compared BIT FOR BIT with the dense file that
    `medawq dequantize` writes (F32 "<name>.weight" [N, K]); when they differ it tries a few other
    roundings (fp16 product, q*s - z*s, ...) and says which one the runtime matches;
  * the packing worked example of AWQ.md (0..7 -> 0x75316420, all 15s -> -1) on the own packer;
  * config.json quantization_config (quant_method awq, bits 4, group_size, zero_point, version gemm,
    modules_to_not_convert present) and the dtype field (bfloat16 for Gemma 2/3);
  * no lm_head.weight when tie_word_embeddings, present when untied (if the source had one);
  * every non-quantized tensor (norms, embeddings, ...) is 16 bit;
  * --source DIR: every source tensor is either quantized (its .weight replaced) or written with the
    same dtype/shape and, for non-norm tensors, bit-identical values; norms that AWQ folding changed
    are listed (only input_layernorm / pre_feedforward_layernorm / post_attention_layernorm may);
  * when transformers is importable: AutoConfig.from_pretrained(DIR) and its quantization_config,
    AwqConfig.from_dict, and AutoModelForCausalLM.from_pretrained (reports how far it got; a missing
    kernel package -- autoawq / gptqmodel -- is reported as expected, not as a failure).

Run
  python3 tests/gpu/check_awq_format.py --awq /tmp/q3 --dense /tmp/q3_dense.safetensors \
      [--source resources/demo/model]
  (dense file: build/app/medawq dequantize --model /tmp/q3 --output /tmp/q3_dense.safetensors)
Needs only the standard library, numpy and torch (uses `safetensors` for tensor reading when it is
importable, an own reader otherwise). Prints a closing "N passed, N failed" line; exit 1 on failure.
"""
import argparse
import json
import os
import re
import struct
import sys
import traceback

import numpy as np
import torch

ORDER = [0, 2, 4, 6, 1, 3, 5, 7]

# ----------------------------------------------------------------------------- safetensors
_DT = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
       "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
       "U8": torch.uint8, "BOOL": torch.bool}


def st_header(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(f.read(n)), 8 + n


class StFile:
    """Minimal safetensors reader (header + tensors); tensors via `safetensors` when importable."""

    def __init__(self, path):
        self.path = path
        self.header, self.base = st_header(path)
        self.meta = self.header.pop("__metadata__", None)
        self._st = None
        try:
            from safetensors import safe_open  # noqa
            self._st = safe_open(path, framework="pt")
        except Exception:
            self._st = None

    def keys(self):
        return list(self.header.keys())

    def dtype(self, k):
        return self.header[k]["dtype"]

    def shape(self, k):
        return list(self.header[k]["shape"])

    def get(self, k):
        if self._st is not None:
            return self._st.get_tensor(k)
        h = self.header[k]
        a, b = h["data_offsets"]
        dt = _DT[h["dtype"]]
        with open(self.path, "rb") as f:
            f.seek(self.base + a)
            raw = bytearray(f.read(b - a))
        n = int(np.prod(h["shape"])) if h["shape"] else 1
        if n == 0:
            return torch.empty(h["shape"], dtype=dt)
        return torch.frombuffer(raw, dtype=dt, count=n).reshape(h["shape"]).clone()


class Checkpoint:
    """A model directory: one model.safetensors or shards listed in model.safetensors.index.json."""

    def __init__(self, d):
        self.dir = d
        self.files = {}
        self.where = {}
        self.index = None
        idx = os.path.join(d, "model.safetensors.index.json")
        if os.path.isfile(idx):
            self.index = json.load(open(idx))
            names = sorted(set(self.index["weight_map"].values()))
        else:
            names = [n for n in sorted(os.listdir(d)) if n.endswith(".safetensors")]
        for n in names:
            f = StFile(os.path.join(d, n))
            self.files[n] = f
            for k in f.keys():
                self.where[k] = f

    def keys(self):
        return sorted(self.where)

    def dtype(self, k):
        return self.where[k].dtype(k)

    def shape(self, k):
        return self.where[k].shape(k)

    def get(self, k):
        return self.where[k].get(k)


# ----------------------------------------------------------------------------- packing
def unpack_int4(packed):
    """int32 [R, C/8] -> int64 [R, C] of nibbles, column 8j+ORDER[i] = nibble i of word j."""
    p = packed.to(torch.int64) & 0xFFFFFFFF
    r, c8 = p.shape
    out = torch.empty(r, c8 * 8, dtype=torch.int64)
    for i in range(8):
        out[:, ORDER[i]::8] = (p >> (4 * i)) & 0xF
    return out


def pack_int4(q):
    """int [R, C] in 0..15 -> int32 [R, C/8] (own packer, used for the worked example only)."""
    q = q.to(torch.int64)
    r, c = q.shape
    w = torch.zeros(r, c // 8, dtype=torch.int64)
    for i in range(8):
        w |= q[:, ORDER[i]::8] << (4 * i)
    w = torch.where(w >= 2 ** 31, w - 2 ** 32, w)
    return w.to(torch.int32)


# ----------------------------------------------------------------------------- checks
class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {what}" + (f": {detail}" if detail else ""))
        else:
            self.failed += 1
            print(f"FAIL {what}" + (f": {detail}" if detail else ""))
        return ok


def info(msg):
    print(f"INFO {msg}")


def explain_mismatch(q, z, s16, dense_t):
    """dense_t: [K, N] float32 from the runtime; try other roundings and say which one it matches."""
    g = q.shape[0] // s16.shape[0]
    zz = z.repeat_interleave(g, 0)
    ss = s16.repeat_interleave(g, 0)
    cands = {
        "(q-z)*s in fp32 [spec]": (q - zz).float() * ss.float(),
        "(q-z)*s in fp16 then fp32": ((q - zz).half() * ss).float(),
        "(q-z)*s in bf16 then fp32": ((q - zz).float() * ss.float()).bfloat16().float(),
        "q*s - z*s in fp32": q.float() * ss.float() - zz.float() * ss.float(),
        "(q-z)*s in fp64 then fp32": ((q - zz).double() * ss.double()).float(),
    }
    for name, c in cands.items():
        if torch.equal(c, dense_t):
            return f"runtime matches '{name}' bit for bit"
    return "runtime matches none of: " + ", ".join(cands)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--awq", required=True, help="MedAWQ output directory")
    ap.add_argument("--dense", required=True, help="F32 safetensors from `medawq dequantize`")
    ap.add_argument("--source", help="source model directory (optional)")
    ap.add_argument("--no-transformers", action="store_true", help="skip the transformers part")
    args = ap.parse_args()
    R = Results()

    # --- own packer against the worked example
    ex = pack_int4(torch.arange(8).view(1, 8))
    R.check(int(ex[0, 0]) == 0x75316420, "own packer, worked example 0..7", hex(int(ex[0, 0]) & 0xFFFFFFFF))
    R.check(int(pack_int4(torch.full((1, 8), 15))[0, 0]) == -1, "own packer, all 15s pack to -1")
    R.check(torch.equal(unpack_int4(ex), torch.arange(8).view(1, 8)), "own unpacker inverts own packer")

    # --- config.json
    cfg = json.load(open(os.path.join(args.awq, "config.json")))
    qc = cfg.get("quantization_config")
    R.check(isinstance(qc, dict), "config.json has quantization_config")
    qc = qc or {}
    R.check(qc.get("quant_method") == "awq", "quantization_config.quant_method == 'awq'", repr(qc.get("quant_method")))
    R.check(qc.get("bits") == 4, "quantization_config.bits == 4", repr(qc.get("bits")))
    gs = qc.get("group_size")
    R.check(isinstance(gs, int) and gs > 0, "quantization_config.group_size is a positive int", repr(gs))
    R.check(qc.get("zero_point") is True, "quantization_config.zero_point == true", repr(qc.get("zero_point")))
    R.check(str(qc.get("version", "")).lower() == "gemm", "quantization_config.version == 'gemm'", repr(qc.get("version")))
    mnc = qc.get("modules_to_not_convert", "MISSING")
    R.check(mnc is None or isinstance(mnc, list), "quantization_config.modules_to_not_convert present (null or list)", repr(mnc))
    mt = cfg.get("model_type", "")
    tcfg = cfg.get("text_config", {}) if isinstance(cfg.get("text_config"), dict) else {}
    dt_field = "dtype" if "dtype" in cfg else ("torch_dtype" if "torch_dtype" in cfg else None)
    R.check(dt_field is not None, "config has a dtype field", str(dt_field))
    if dt_field and ("gemma2" in mt or "gemma3" in mt or "gemma2" in tcfg.get("model_type", "") or "gemma3" in tcfg.get("model_type", "")):
        R.check(cfg[dt_field] == "bfloat16", f"Gemma 2/3 config {dt_field} == bfloat16", repr(cfg[dt_field]))
    gs = gs if isinstance(gs, int) and gs > 0 else 128

    # --- safetensors files
    ck = Checkpoint(args.awq)
    R.check(len(ck.files) > 0, "checkpoint has safetensors files", ", ".join(ck.files))
    for n, f in ck.files.items():
        R.check(isinstance(f.meta, dict) and f.meta.get("format") == "pt", f"{n} header metadata format == 'pt'", repr(f.meta))
    if ck.index is not None:
        wm = ck.index.get("weight_map", {})
        R.check(set(wm) == set(ck.where) and all(ck.where[k].path.endswith(v) for k, v in wm.items()),
                "index weight_map lists exactly the stored tensors")
        ts = ck.index.get("metadata", {}).get("total_size")
        nbytes = sum(v["data_offsets"][1] - v["data_offsets"][0] for f in ck.files.values() for v in f.header.values())
        R.check(ts == nbytes, "index metadata.total_size == sum of tensor bytes", f"{ts} vs {nbytes}")

    keys = ck.keys()
    qnames = sorted(k[: -len(".qweight")] for k in keys if k.endswith(".qweight"))
    R.check(len(qnames) > 0, "checkpoint has quantized Linears", str(len(qnames)))
    qrelated = set()
    for nm in qnames:
        for suf in (".qweight", ".qzeros", ".scales", ".bias"):
            qrelated.add(nm + suf)

    dense = StFile(args.dense)
    n_bitexact = 0
    n_marlin_miss = []
    for nm in qnames:
        tag = nm
        sh_q, sh_z = ck.shape(nm + ".qweight"), ck.shape(nm + ".qzeros") if nm + ".qzeros" in ck.where else None
        sh_s = ck.shape(nm + ".scales") if nm + ".scales" in ck.where else None
        ok = sh_z is not None and sh_s is not None
        if not R.check(ok, f"{tag}: qweight, qzeros, scales all present"):
            continue
        K, N8 = sh_q
        N = N8 * 8
        ok = (ck.dtype(nm + ".qweight") == "I32" and ck.dtype(nm + ".qzeros") == "I32" and ck.dtype(nm + ".scales") == "F16"
              and K % gs == 0 and sh_z == [K // gs, N // 8] and sh_s == [K // gs, N])
        R.check(ok, f"{tag}: dtypes/shapes", f"qweight {ck.dtype(nm + '.qweight')}{sh_q} qzeros {ck.dtype(nm + '.qzeros')}{sh_z} "
                f"scales {ck.dtype(nm + '.scales')}{sh_s} (K={K}, N={N}, g={gs})")
        if nm + ".bias" in ck.where:
            R.check(ck.dtype(nm + ".bias") == "F16" and ck.shape(nm + ".bias") == [N], f"{tag}: bias F16 [N]")
        R.check(nm + ".weight" not in ck.where, f"{tag}: no leftover .weight")
        if not (N % 64 == 0 and K % 128 == 0 and gs in (32, 64, 128, -1)):
            n_marlin_miss.append(nm)
        if not ok:
            continue
        q = unpack_int4(ck.get(nm + ".qweight"))
        z = unpack_int4(ck.get(nm + ".qzeros"))
        s16 = ck.get(nm + ".scales")
        if not torch.isfinite(s16).all() or (s16 <= 0).any():
            R.check(False, f"{tag}: scales finite and > 0",
                    f"{int((~torch.isfinite(s16)).sum())} non-finite, {int((s16 <= 0).sum())} <= 0")
        wt = (q - z.repeat_interleave(gs, 0)).float() * s16.float().repeat_interleave(gs, 0)  # W^T [K, N]
        dk = nm + ".weight"
        if dk not in dense.header:
            R.check(False, f"{tag}: dense file has {dk}")
            continue
        dw = dense.get(dk)
        if not R.check(dense.dtype(dk) == "F32" and list(dw.shape) == [N, K], f"{tag}: dense F32 [N, K]",
                       f"{dense.dtype(dk)} {list(dw.shape)}"):
            continue
        dt = dw.t().contiguous()
        if torch.equal(wt, dt):
            n_bitexact += 1
        else:
            diff = (wt - dt).abs()
            R.check(False, f"{tag}: own dequantization == runtime's, bit for bit",
                    f"max |diff| {diff.max().item():.3e}, {int((diff > 0).sum())}/{diff.numel()} differ; "
                    + explain_mismatch(q, z, s16, dt))
    R.check(n_bitexact == len(qnames), "own dequantization == runtime's dequantization bit for bit",
            f"{n_bitexact}/{len(qnames)} Linears")
    extra = sorted(set(dense.keys()) - {n + ".weight" for n in qnames})
    R.check(not extra, "dense file has no Linears the checkpoint does not quantize", ", ".join(extra[:5]))
    if n_marlin_miss:
        info(f"{len(n_marlin_miss)} Linears miss vLLM Marlin's condition (N%64, K%128): {n_marlin_miss[:5]}")
    else:
        info("all quantized Linears meet vLLM Marlin's condition (N % 64 == 0, K % 128 == 0, g in 32/64/128)")

    # quantized only inside decoder layers
    bad = [n for n in qnames if not re.search(r"(^|\.)layers\.\d+\.", n) or "vision_tower" in n or "multi_modal_projector" in n]
    R.check(not bad, "only decoder-layer Linears are quantized", ", ".join(bad[:5]))

    # --- non-quantized tensors: 16 bit, lm_head
    others = [k for k in keys if k not in qrelated]
    not16 = [f"{k}:{ck.dtype(k)}" for k in others if ck.dtype(k) not in ("F16", "BF16")]
    R.check(not not16, "every non-quantized tensor is 16 bit", ", ".join(not16[:5]))
    norms = [k for k in others if "norm" in k]
    emb = [k for k in others if "embed_tokens" in k]
    R.check(len(norms) > 0 and len(emb) > 0, "norms and embeddings present", f"{len(norms)} norms, {len(emb)} embeddings")
    tie = cfg.get("tie_word_embeddings", tcfg.get("tie_word_embeddings", True))
    lm = [k for k in keys if k.endswith("lm_head.weight")]
    if tie:
        R.check(not lm, "tied lm_head.weight is not written (tie_word_embeddings true)", ", ".join(lm))
    else:
        R.check(len(lm) == 1, "untied lm_head.weight is written", ", ".join(lm))

    # --- source comparison
    if args.source:
        src = Checkpoint(args.source)
        skeys = src.keys()
        missing, changed_norms, changed_other, dtype_changed = [], [], [], []
        for k in skeys:
            if k.endswith(".weight") and k[: -len(".weight")] in qnames:
                continue
            if k.endswith(".bias") and k[: -len(".bias")] in qnames:
                continue
            if k not in ck.where:
                if k.endswith("lm_head.weight") and tie:
                    continue
                missing.append(k)
                continue
            if ck.dtype(k) != src.dtype(k) or ck.shape(k) != src.shape(k):
                dtype_changed.append(f"{k}: {src.dtype(k)}{src.shape(k)} -> {ck.dtype(k)}{ck.shape(k)}")
                continue
            a, b = src.get(k), ck.get(k)
            if not torch.equal(a, b):
                if "norm" in k:
                    changed_norms.append(k)
                else:
                    changed_other.append(k)
        extra_src = [k for k in keys if k not in qrelated and k not in src.where]
        R.check(not missing, "every source tensor is in the output (or quantized)", ", ".join(missing[:5]))
        R.check(not extra_src, "no non-quantized tensor that the source lacks", ", ".join(extra_src[:5]))
        R.check(not dtype_changed, "non-quantized tensors keep the source dtype and shape", "; ".join(dtype_changed[:5]))
        R.check(not changed_other, "non-norm, non-quantized tensors bit-identical to the source", ", ".join(changed_other[:5]))
        kinds = {}
        for k in changed_norms:
            kinds.setdefault(re.sub(r"layers\.\d+\.", "layers.*.", k), []).append(k)
        unchanged_norms = sorted({re.sub(r"layers\.\d+\.", "layers.*.", k) for k in others if "norm" in k} - set(kinds))
        for kk, v in sorted(kinds.items()):
            info(f"norm changed by AWQ folding: {kk} ({len(v)} tensors)")
        info("norms unchanged: " + ", ".join(unchanged_norms))
        allowed = ("input_layernorm", "pre_feedforward_layernorm", "post_attention_layernorm")
        unexpected = [k for k in changed_norms if not any(a in k for a in allowed)]
        R.check(not unexpected, "only norms that feed a scaled group changed", ", ".join(unexpected[:5]))
        qsrc = sorted(k[: -len(".weight")] for k in skeys if k.endswith(".weight") and k[: -len(".weight")] in qnames)
        R.check(len(qsrc) == len(qnames), "every quantized Linear exists in the source", f"{len(qsrc)}/{len(qnames)}")

    # --- transformers
    if args.no_transformers:
        info("transformers part skipped (--no-transformers)")
    else:
        try:
            import transformers
        except Exception as e:  # noqa
            transformers = None
            info(f"transformers not importable ({type(e).__name__}: {e}); transformers checks skipped")
        if transformers is not None:
            check_transformers(transformers, args.awq, R)

    print(f"{R.passed} passed, {R.failed} failed")
    sys.exit(1 if R.failed else 0)


def _missing_package(msg):
    """True when an exception message says an optional AWQ kernel package is missing."""
    return re.search(r"autoawq|auto-awq|auto_awq|gptqmodel|gptq_model|optimum|pip install|not installed|"
                     r"No module named|ModuleNotFoundError|ImportError|is required|requires the|requires an? ",
                     msg, re.I) is not None


def check_transformers(transformers, d, R):
    info(f"transformers {transformers.__version__}, torch {torch.__version__}")
    from transformers import AutoConfig
    try:
        c = AutoConfig.from_pretrained(d)
    except Exception as e:
        R.check(False, "AutoConfig.from_pretrained parses the config", f"{type(e).__name__}: {e}")
        return
    qc = getattr(c, "quantization_config", None)
    R.check(qc is not None, "AutoConfig exposes quantization_config", repr(qc))
    qd = qc if isinstance(qc, dict) else (qc.to_dict() if hasattr(qc, "to_dict") else None)
    if qd is not None:
        try:
            AwqConfig = getattr(transformers, "AwqConfig", None)
            if AwqConfig is None:
                from transformers.utils.quantization_config import AwqConfig  # noqa
            ac = AwqConfig.from_dict(dict(qd))
            R.check(int(getattr(ac, "bits", 0)) == 4 and int(getattr(ac, "group_size", 0)) == int(qd.get("group_size", 128)),
                    f"{type(ac).__name__}.from_dict accepts it",
                    f"bits={getattr(ac, 'bits', None)} group_size={getattr(ac, 'group_size', None)} "
                    f"version={getattr(ac, 'version', None)} zero_point={getattr(ac, 'zero_point', None)}")
        except Exception as e:
            msg = f"{type(e).__name__}: {str(e).strip()[:600]}"
            if _missing_package(msg):
                info("AwqConfig.from_dict stopped on a missing package (expected here): " + msg)
            else:
                R.check(False, "AwqConfig.from_dict accepts quantization_config", msg)
    try:
        from transformers import AutoModelForCausalLM
        m = AutoModelForCausalLM.from_pretrained(d, dtype=torch.bfloat16) if int(transformers.__version__.split(".")[0]) >= 5 \
            else AutoModelForCausalLM.from_pretrained(d, torch_dtype=torch.bfloat16)
        mods = [n for n, mod in m.named_modules() if "awq" in type(mod).__name__.lower() or "quant" in type(mod).__name__.lower()]
        R.check(True, "AutoModelForCausalLM.from_pretrained loaded the checkpoint",
                f"{type(m).__name__}; {len(mods)} quantized modules, e.g. {[(n, type(dict(m.named_modules())[n]).__name__) for n in mods[:2]]}")
    except Exception as e:
        tb = traceback.extract_tb(e.__traceback__)
        frames = [f"{os.path.basename(f.filename)}:{f.name}" for f in tb][-8:]
        msg = f"{type(e).__name__}: {str(e).strip()[:600]}"
        kernel_missing = _missing_package(msg)
        where = " -> ".join(frames)
        if kernel_missing:
            info("AutoModelForCausalLM.from_pretrained stopped (expected: no AWQ kernel package): " + msg)
            info("  config parsed, quantizer selected from quantization_config; stopped in: " + where)
            stage = "environment validation of the AWQ quantizer (before any weight was read)" \
                if any("validate_environment" in f for f in frames) else "see frames above"
            info("  loading stage exercised: " + stage)
        else:
            R.check(False, "AutoModelForCausalLM.from_pretrained", msg + " | frames: " + where)


if __name__ == "__main__":
    main()
