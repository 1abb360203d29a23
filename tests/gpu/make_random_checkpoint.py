#!/usr/bin/env python3
"""Write a random-weight checkpoint of a real model's shape (Hugging Face layout), for speed runs.

    python3 tests/gpu/make_random_checkpoint.py --shape mistral-7b --out /tmp/mistral7b-random \
        --tokenizer .gpu/mistral_tokenizer.model

Weights are N(0, 0.02) (never zeros; norms 1 + N(0, 0.02)), float16, sharded at 5 GB like
transformers. The tokenizer is Mistral-7B-v0.1's sentencepiece model (Apache-2.0), copied in.
"""
import argparse, json, os, shutil

import torch
from safetensors.torch import save_file

SHAPES = {
    "mistral-7b": dict(arch="MistralForCausalLM", model_type="mistral", hidden=4096, inter=14336, layers=32,
                       heads=32, kv=8, head_dim=128, vocab=32000),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", default="mistral-7b", choices=sorted(SHAPES))
    ap.add_argument("--out", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--layers", type=int, default=0, help="fewer decoder layers (profiling runs); 0 = the shape's")
    a = ap.parse_args()
    s = dict(SHAPES[a.shape])
    if a.layers:
        s["layers"] = a.layers
    os.makedirs(a.out, exist_ok=True)
    g = torch.Generator(device="cuda").manual_seed(a.seed)

    def rnd(*shape):
        return (torch.randn(*shape, generator=g, device="cuda") * 0.02).half().cpu()

    tensors = {"model.embed_tokens.weight": rnd(s["vocab"], s["hidden"]),
               "model.norm.weight": (1 + rnd(s["hidden"]).float()).half(),
               "lm_head.weight": rnd(s["vocab"], s["hidden"])}
    q, kv = s["heads"] * s["head_dim"], s["kv"] * s["head_dim"]
    for i in range(s["layers"]):
        p = f"model.layers.{i}."
        tensors.update({
            p + "input_layernorm.weight": (1 + rnd(s["hidden"]).float()).half(),
            p + "post_attention_layernorm.weight": (1 + rnd(s["hidden"]).float()).half(),
            p + "self_attn.q_proj.weight": rnd(q, s["hidden"]), p + "self_attn.k_proj.weight": rnd(kv, s["hidden"]),
            p + "self_attn.v_proj.weight": rnd(kv, s["hidden"]), p + "self_attn.o_proj.weight": rnd(s["hidden"], q),
            p + "mlp.gate_proj.weight": rnd(s["inter"], s["hidden"]), p + "mlp.up_proj.weight": rnd(s["inter"], s["hidden"]),
            p + "mlp.down_proj.weight": rnd(s["hidden"], s["inter"])})
    shards, cur, size = [], {}, 0
    for name, t in tensors.items():
        nb = t.numel() * t.element_size()
        if cur and size + nb > 5_000_000_000:
            shards.append(cur)
            cur, size = {}, 0
        cur[name] = t
        size += nb
    shards.append(cur)
    weight_map, total = {}, 0
    for k, sh in enumerate(shards):
        fn = f"model-{k + 1:05d}-of-{len(shards):05d}.safetensors"
        save_file(sh, os.path.join(a.out, fn), metadata={"format": "pt"})
        for name, t in sh.items():
            weight_map[name] = fn
            total += t.numel() * t.element_size()
    json.dump({"metadata": {"total_size": total}, "weight_map": weight_map},
              open(os.path.join(a.out, "model.safetensors.index.json"), "w"), indent=1)
    json.dump({"architectures": [s["arch"]], "model_type": s["model_type"], "hidden_size": s["hidden"],
               "intermediate_size": s["inter"], "num_hidden_layers": s["layers"], "num_attention_heads": s["heads"],
               "num_key_value_heads": s["kv"], "head_dim": s["head_dim"], "vocab_size": s["vocab"],
               "max_position_embeddings": 32768, "rms_norm_eps": 1e-5, "rope_theta": 1000000.0,
               "sliding_window": None, "tie_word_embeddings": False, "torch_dtype": "float16",
               "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu"},
              open(os.path.join(a.out, "config.json"), "w"), indent=1)
    shutil.copy(a.tokenizer, os.path.join(a.out, "tokenizer.model"))
    json.dump({"add_bos_token": True, "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
               "chat_template": "{{ bos_token }}{% for m in messages %}[INST] {{ m['content'] }} [/INST]{% endfor %}"},
              open(os.path.join(a.out, "tokenizer_config.json"), "w"))
    print(f"wrote {a.out}: {len(tensors)} tensors, {total / 1e9:.2f} GB in {len(shards)} shards")


if __name__ == "__main__":
    main()
