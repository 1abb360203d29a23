#!/usr/bin/env python3
"""Write a random-weight MedGemma-4B-shaped checkpoint (Gemma3ForConditionalGeneration: Gemma 3
4B text decoder + SigLIP-so400m vision tower + projector), Hugging Face layout, bfloat16, for
speed runs of the image path. transformers builds the model (its own initialisation: random, never
zeros) on the GPU and saves it; the tokenizer is Gemma 3's tokenizer.json (Gemma Terms of Use).

    python3 tests/gpu/make_random_medgemma.py --out /tmp/medgemma4b --tokenizer-dir .gpu
"""
import argparse, json, os, shutil

import torch
from transformers import Gemma3Config, Gemma3ForConditionalGeneration

# google/medgemma-4b-it's config.json values (Gemma 3 4B + SigLIP so400m/14 at 896 px).
TEXT = dict(hidden_size=2560, intermediate_size=10240, num_hidden_layers=34, num_attention_heads=8,
            num_key_value_heads=4, head_dim=256, query_pre_attn_scalar=256, sliding_window=1024,
            vocab_size=262208, max_position_embeddings=131072, rms_norm_eps=1e-6, rope_theta=1000000.0,
            rope_local_base_freq=10000.0, rope_scaling={"rope_type": "linear", "factor": 8.0},
            hidden_activation="gelu_pytorch_tanh", sliding_window_pattern=6)
VISION = dict(hidden_size=1152, intermediate_size=4304, num_hidden_layers=27, num_attention_heads=16,
              image_size=896, patch_size=14, layer_norm_eps=1e-6, vision_use_head=False, model_type="siglip_vision_model")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--tokenizer-dir", required=True, help="holds gemma3_tokenizer.json and gemma3_tokenizer_config.json")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    config = Gemma3Config(text_config=TEXT, vision_config=VISION, mm_tokens_per_image=256, boi_token_index=255999,
                          eoi_token_index=256000, image_token_index=262144, eos_token_id=[1, 106])
    with torch.device("cuda"):
        model = Gemma3ForConditionalGeneration(config).to(torch.bfloat16)
    model.save_pretrained(a.out, safe_serialization=True, max_shard_size="5GB")
    shutil.copy(os.path.join(a.tokenizer_dir, "gemma3_tokenizer.json"), os.path.join(a.out, "tokenizer.json"))
    shutil.copy(os.path.join(a.tokenizer_dir, "gemma3_tokenizer_config.json"), os.path.join(a.out, "tokenizer_config.json"))
    with open(os.path.join(a.out, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": 2, "eos_token_id": [1, 106], "pad_token_id": 0, "do_sample": False}, f)
    n = sum(p.numel() for p in model.parameters())
    v = sum(p.numel() for name, p in model.named_parameters() if "vision" in name or "multi_modal" in name)
    print(f"wrote {a.out}: {n / 1e9:.2f} B parameters ({v / 1e6:.0f} M in the vision tower and projector)")


if __name__ == "__main__":
    main()
