#!/usr/bin/env python3
"""Train MedAWQ's demo report generator: a small Gemma 3 text model on our own synthetic reports.

Run on the GPU box (transformers 5, torch, sentencepiece), from the repository root:

    python3 tools/demo/make_report_corpus.py --seed 20261125 --out resources/demo/data \
        --train-rows 40000 --train-out /tmp/demo_train.csv
    python3 tools/demo/train_demo_model.py --train-csv /tmp/demo_train.csv \
        --data-dir resources/demo/data --out /tmp/demo_model --report /tmp/demo_report.json

What it does, all seeded:
1. trains a sentencepiece BPE tokenizer (byte fallback, Gemma's special-token layout) on the
   training reports and prompts;
2. trains Gemma3ForCausalLM (hidden 384, 6 layers, 5:1 sliding/global, head_dim 64) to answer the
   prompt built from prompt.txt and a row's View/indication/comparison with FINDINGS + IMPRESSION,
   loss on the answer only;
3. saves the Hugging Face layout in bf16 with a transformers-4 style config.json;
4. measures held-out perplexity and label agreement (tools/demo/report_labels.py) on eval.csv,
   and saves reference values (fp32 logits, greedy ids for 20 eval prompts) for the C++ runtime.
"""
import argparse, csv, json, math, os, random, sys, time

import sentencepiece as spm
import torch
import transformers
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_labels  # noqa: E402

OBSERVATIONS = ["No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Lesion", "Lung Opacity",
                "Edema", "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion",
                "Pleural Other", "Fracture", "Support Devices"]
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'assistant' %}{% set role = 'model' %}"
    "{% else %}{% set role = message['role'] %}{% endif %}<start_of_turn>{{ role }}\n{{ message['content'] | trim }}"
    "<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}")


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fill(template, row):
    out = template
    for k, v in row.items():
        out = out.replace("{" + k + "}", v or "")
    return out


def chat_prompt(user_text):
    return "<start_of_turn>user\n" + user_text.strip() + "<end_of_turn>\n<start_of_turn>model\n"


def train_tokenizer(rows, template, out_dir, vocab, seed):
    corpus = os.path.join(out_dir, "_spm_corpus.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(fill(template, r).replace("\n", " ") + "\n")
            f.write(r["text"] + "\n")
    prefix = os.path.join(out_dir, "tokenizer")
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=prefix, vocab_size=vocab, model_type="bpe", byte_fallback=True,
        character_coverage=1.0, pad_id=0, eos_id=1, bos_id=2, unk_id=3,
        pad_piece="<pad>", eos_piece="<eos>", bos_piece="<bos>", unk_piece="<unk>",
        user_defined_symbols=["<start_of_turn>", "<end_of_turn>", "\n"], add_dummy_prefix=False,
        normalization_rule_name="identity", remove_extra_whitespaces=False, split_digits=True,
        allow_whitespace_only_pieces=True, num_threads=16, input_sentence_size=200000,
        shuffle_input_sentence=True, minloglevel=2)
    os.remove(corpus)
    os.remove(prefix + ".vocab")
    return spm.SentencePieceProcessor(model_file=prefix + ".model")


def encode_example(sp, template, row, max_len):
    prompt_ids = [2] + sp.encode(chat_prompt(fill(template, row)))
    answer_ids = sp.encode(row["text"].strip() + "<end_of_turn>\n")
    ids = (prompt_ids + answer_ids)[:max_len]
    labels = ([-100] * len(prompt_ids) + answer_ids)[:max_len]
    return ids, labels


def batches(examples, batch_size, rng):
    order = list(range(len(examples)))
    while True:
        rng.shuffle(order)
        for i in range(0, len(order) - batch_size + 1, batch_size):
            chunk = [examples[j] for j in order[i:i + batch_size]]
            t = max(len(ids) for ids, _ in chunk)
            ids = torch.zeros(len(chunk), t, dtype=torch.long)
            lab = torch.full((len(chunk), t), -100, dtype=torch.long)
            att = torch.zeros(len(chunk), t, dtype=torch.long)
            for k, (a, b) in enumerate(chunk):
                ids[k, :len(a)] = torch.tensor(a)
                lab[k, :len(b)] = torch.tensor(b)
                att[k, :len(a)] = 1
            yield ids, lab, att


def write_hf_files(out, sp, vocab, args):
    # transformers-4 key style, as most published checkpoints (MedGemma's included) are written.
    n_layers = args.layers
    config = {
        "architectures": ["Gemma3ForCausalLM"], "model_type": "gemma3_text",
        "vocab_size": vocab, "hidden_size": args.hidden, "intermediate_size": args.intermediate,
        "num_hidden_layers": n_layers, "num_attention_heads": 6, "num_key_value_heads": 2, "head_dim": 64,
        "hidden_activation": "gelu_pytorch_tanh", "max_position_embeddings": 2048, "rms_norm_eps": 1e-6,
        "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0, "rope_scaling": None,
        "query_pre_attn_scalar": 64, "sliding_window": 128, "sliding_window_pattern": 6,
        "layer_types": ["sliding_attention" if (i + 1) % 6 else "full_attention" for i in range(n_layers)],
        "final_logit_softcapping": None, "attn_logit_softcapping": None, "attention_bias": False,
        "attention_dropout": 0.0, "tie_word_embeddings": True, "pad_token_id": 0, "eos_token_id": [1, 5],
        "bos_token_id": 2, "initializer_range": 0.02, "use_cache": True, "torch_dtype": "bfloat16",
        "transformers_version": transformers.__version__,
    }
    return config


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-csv", required=True)
    ap.add_argument("--data-dir", default="resources/demo/data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--vocab", type=int, default=2048)
    ap.add_argument("--hidden", type=int, default=384)
    ap.add_argument("--intermediate", type=int, default=1024)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--max-len", type=int, default=320)
    ap.add_argument("--eval-generate", type=int, default=200)
    args = ap.parse_args()

    t_start = time.time()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    template = open(os.path.join(args.data_dir, "prompt.txt"), encoding="utf-8").read().strip()
    train_rows = read_rows(args.train_csv)
    eval_rows = read_rows(os.path.join(args.data_dir, "eval.csv"))
    sp = train_tokenizer(train_rows, template, args.out, args.vocab, args.seed)
    vocab = sp.get_piece_size()
    sot, eot = sp.piece_to_id("<start_of_turn>"), sp.piece_to_id("<end_of_turn>")
    assert (sot, eot) == (4, 5), (sot, eot)

    config_dict = write_hf_files(args.out, sp, vocab, args)
    kwargs = {k: v for k, v in config_dict.items()
              if k not in ("architectures", "model_type", "torch_dtype", "transformers_version", "rope_scaling",
                           "rope_theta", "rope_local_base_freq", "sliding_window_pattern")}
    # transformers 5 takes the rope bases per layer type.
    kwargs["rope_parameters"] = {"full_attention": {"rope_type": "default", "rope_theta": 1000000.0},
                                 "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0}}
    cfg = transformers.Gemma3TextConfig(**kwargs)
    dev = "cuda"
    model = transformers.Gemma3ForCausalLM(cfg).to(dev)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"params {n_params/1e6:.2f} M, vocab {vocab}", flush=True)

    train_ex = [encode_example(sp, template, r, args.max_len) for r in train_rows]
    eval_ex = [encode_example(sp, template, r, args.max_len) for r in eval_rows]
    rng = random.Random(args.seed)
    it = batches(train_ex, args.batch, rng)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    warm = 200
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / args.steps))))
    model.train()
    losses = []
    for step in range(args.steps):
        ids, lab, att = (t.to(dev) for t in next(it))
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = model(input_ids=ids, attention_mask=att, labels=lab).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.item())
        if step % 250 == 0 or step == args.steps - 1:
            print(f"step {step} loss {sum(losses[-50:]) / len(losses[-50:]):.4f} ({time.time() - t_start:.0f} s)",
                  flush=True)
    train_seconds = time.time() - t_start

    # Save in bf16 with the transformers-4 style config.
    model.eval()
    model_bf16 = model.to(torch.bfloat16)
    state = {k: v.detach().cpu().contiguous() for k, v in model_bf16.state_dict().items() if k != "lm_head.weight"}
    save_file(state, os.path.join(args.out, "model.safetensors"), metadata={"format": "pt"})
    json.dump(config_dict, open(os.path.join(args.out, "config.json"), "w"), indent=2)
    json.dump({"bos_token_id": 2, "eos_token_id": [1, 5], "pad_token_id": 0, "do_sample": False,
               "max_new_tokens": 256, "transformers_version": transformers.__version__},
              open(os.path.join(args.out, "generation_config.json"), "w"), indent=2)
    special = {"bos_token": "<bos>", "eos_token": "<end_of_turn>", "pad_token": "<pad>", "unk_token": "<unk>",
               "additional_special_tokens": ["<start_of_turn>", "<end_of_turn>"]}
    json.dump(special, open(os.path.join(args.out, "special_tokens_map.json"), "w"), indent=2)
    added = {str(i): {"content": sp.id_to_piece(i), "lstrip": False, "normalized": False, "rstrip": False,
                      "single_word": False, "special": True} for i in range(6)}
    json.dump({"tokenizer_class": "GemmaTokenizer", "add_bos_token": True, "add_eos_token": False,
               "bos_token": "<bos>", "eos_token": "<end_of_turn>", "pad_token": "<pad>", "unk_token": "<unk>",
               "added_tokens_decoder": added, "additional_special_tokens": ["<start_of_turn>", "<end_of_turn>"],
               "chat_template": CHAT_TEMPLATE, "model_max_length": 2048, "padding_side": "left",
               "spaces_between_special_tokens": False, "clean_up_tokenization_spaces": False},
              open(os.path.join(args.out, "tokenizer_config.json"), "w"), indent=2)
    open(os.path.join(args.out, "chat_template.jinja"), "w").write(CHAT_TEMPLATE)

    # Reload exactly what was saved, in fp32 on CPU, for the reference values.
    # Built in its stored dtype, then upcast, as the fixtures are (Gemma keeps sqrt(hidden) rounded to bf16).
    ref = transformers.Gemma3ForCausalLM.from_pretrained(args.out).float().eval()
    # Held-out perplexity over the answer tokens (bf16 weights, fp32 compute), on GPU.
    ref_gpu = ref.to(dev)
    torch.backends.cuda.matmul.allow_tf32 = False
    nll, count = 0.0, 0
    with torch.no_grad():
        for ids, lab in eval_ex:
            out = ref_gpu(input_ids=torch.tensor([ids], device=dev))
            logits = out.logits[0, :-1].float()
            target = torch.tensor(lab[1:], device=dev)
            mask = target != -100
            nll += torch.nn.functional.cross_entropy(logits[mask], target[mask], reduction="sum").item()
            count += int(mask.sum())
    ppl = math.exp(nll / count)
    print(f"held-out perplexity {ppl:.3f} over {count} answer tokens", flush=True)

    # Greedy reports for label agreement.
    def generate(model, row, max_new=200):
        prompt = [2] + sp.encode(chat_prompt(fill(template, row)))
        out = model.generate(torch.tensor([prompt], device=model.device), do_sample=False, max_new_tokens=max_new,
                             eos_token_id=[1, 5], pad_token_id=0)
        new = out[0, len(prompt):].tolist()
        return prompt, new

    tp = fp = fn = 0
    per_obs = {o: [0, 0, 0] for o in OBSERVATIONS}
    samples = []
    rows = eval_rows[:args.eval_generate]
    with torch.no_grad():
        for b in range(0, len(rows), 50):
            chunk = rows[b:b + 50]
            prompts = [[2] + sp.encode(chat_prompt(fill(template, r))) for r in chunk]
            t = max(len(p) for p in prompts)
            ids = torch.tensor([[0] * (t - len(p)) + p for p in prompts], device=dev)
            att = torch.tensor([[0] * (t - len(p)) + [1] * len(p) for p in prompts], device=dev)
            out = ref_gpu.generate(input_ids=ids, attention_mask=att, do_sample=False, max_new_tokens=200,
                                   eos_token_id=[1, 5], pad_token_id=0)
            for row, seq in zip(chunk, out[:, t:].tolist()):
                new = []
                for tok in seq:
                    if tok in (0, 1, 5):
                        break
                    new.append(tok)
                text = sp.decode(new)
                got = report_labels.label_report(text)
                for o in OBSERVATIONS:
                    t_pos = (row.get(o) or "").strip() in ("1", "1.0")
                    g_pos = got.get(o) == 1
                    tp += t_pos and g_pos
                    fp += g_pos and not t_pos
                    fn += t_pos and not g_pos
                    per_obs[o][0] += t_pos and g_pos
                    per_obs[o][1] += g_pos and not t_pos
                    per_obs[o][2] += t_pos and not g_pos
                if len(samples) < 5:
                    samples.append({"prompt": fill(template, row), "reference": row["text"], "generated": text})
    micro_f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    print(f"label micro F1 (positive) {micro_f1:.3f} over {args.eval_generate} eval reports", flush=True)

    # Reference values for the C++ runtime: fp32 CPU, 20 eval prompts.
    ref_cpu = ref.to("cpu")
    expected = {"prompts": [], "transformers_version": transformers.__version__, "torch_version": torch.__version__}
    last_logits = []
    with torch.no_grad():
        for i, row in enumerate(eval_rows[:20]):
            prompt, new = generate(ref_cpu, row, max_new=160)
            logits = ref_cpu(input_ids=torch.tensor([prompt])).logits[0].float()
            last_logits.append(logits[-1])
            if i == 0:
                full0 = logits.contiguous()
            expected["prompts"].append({"subject_id": row["subject_id"], "text": chat_prompt(fill(template, row)),
                                        "input_ids": prompt, "greedy_new_ids": new})
    save_file({"first_prompt_logits": full0.unsqueeze(0), "last_position_logits": torch.stack(last_logits)},
              os.path.join(os.path.dirname(args.report), "demo_expected_logits.safetensors"))
    json.dump(expected, open(os.path.join(os.path.dirname(args.report), "demo_expected.json"), "w"))

    report = {"seed": args.seed, "train_rows": len(train_rows), "train_tokens_per_epoch": sum(len(i) for i, _ in train_ex),
              "steps": args.steps, "batch": args.batch, "lr": args.lr, "final_train_loss": sum(losses[-100:]) / 100,
              "train_seconds": train_seconds, "parameters": n_params, "vocab": vocab,
              "heldout_perplexity": ppl, "heldout_answer_tokens": count, "label_micro_f1_positive": micro_f1,
              "label_counts_tp_fp_fn": [tp, fp, fn], "per_observation_tp_fp_fn": per_obs,
              "eval_reports_generated": args.eval_generate, "samples": samples,
              "transformers_version": transformers.__version__, "torch_version": torch.__version__,
              "device": torch.cuda.get_device_name(0)}
    json.dump(report, open(args.report, "w"), indent=2)
    print(json.dumps({k: v for k, v in report.items() if k not in ("samples", "per_observation_tp_fp_fn")}))


if __name__ == "__main__":
    main()
