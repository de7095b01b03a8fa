#!/usr/bin/env python3
"""Golden fixtures for memtrace's GPT-NeoX training engine, from PyTorch autograd and optimizer.

The model is tools/lm_reference.py's independent GPT-NeoX (no transformers); gradients come from
torch autograd, the optimizer is torch.optim.AdamW with torch.nn.utils.clip_grad_norm_, and the
learning-rate schedule is memtrace's documented one (linear warm-up, cosine to min_lr).

    /usr/bin/python3 tools/train_fixtures.py memtrace-core/src/test/resources/io/memtrace/model/training

Each fixture NAME/ is a Hugging Face model directory (config.json, model.safetensors with the
initial weights, tokenizer.json) plus NAME.golden.safetensors: rows [steps, batch, length] (int32),
loss [steps] (the loss before each step's update), grad.<tensor> (gradients at the initial
weights, before clipping), final.<tensor> (weights after all steps); its metadata holds the
hyper-parameters.
"""

import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lm_fixtures as fx  # noqa: E402
import lm_reference as ref  # noqa: E402

HYPER = {"steps": 4, "warmup": 2, "max_lr": 1e-2, "min_lr": 1e-3, "weight_decay": 0.1,
         "beta1": 0.9, "beta2": 0.95, "eps": 1e-8, "clip": 0.5}
BATCH, LENGTH = 3, 10

FIXTURES = [
    ("neox-train-parallel", {"use_parallel_residual": True, "hidden_act": "gelu"}),
    ("neox-train-sequential", {"use_parallel_residual": False, "hidden_act": "gelu_new"}),
]


def lr_at(step):
    h = HYPER
    if step < h["warmup"]:
        return h["max_lr"] * (step + 1) / h["warmup"]
    p = (step - h["warmup"]) / max(1, h["steps"] - h["warmup"])
    return h["min_lr"] + (h["max_lr"] - h["min_lr"]) * 0.5 * (1 + math.cos(math.pi * min(1, p)))


def decays(name):
    return name.endswith(".weight") and "layernorm" not in name and "layer_norm" not in name


def main(root):
    for seed, (name, extra) in enumerate(FIXTURES):
        config = {"architectures": ["GPTNeoXForCausalLM"], "model_type": "gpt_neox",
                  "vocab_size": 48, "hidden_size": 32, "num_attention_heads": 4,
                  "num_hidden_layers": 2, "intermediate_size": 64, "rotary_pct": 0.5,
                  "rotary_emb_base": 10000, "max_position_embeddings": 64,
                  "layer_norm_eps": 1e-5, "tie_word_embeddings": False, "eos_token_id": 0,
                  "bos_token_id": 0, **extra}
        weights = fx.gpt_neox(fx.Init(2000 + seed), config)
        weights["embed_out.weight"] = weights["embed_out.weight"] / 6
        out_dir = os.path.join(root, name)
        fx.write_model(out_dir, config, weights, torch.float32, 1)
        model = ref.load_model(out_dir)
        params = {k: v.clone().requires_grad_(True) for k, v in model.w.items()}
        model.w = params
        g = torch.Generator().manual_seed(3000 + seed)
        rows = torch.randint(0, config["vocab_size"], (HYPER["steps"], BATCH, LENGTH), generator=g)
        groups = [{"params": [p for n, p in params.items() if decays(n)],
                   "weight_decay": HYPER["weight_decay"]},
                  {"params": [p for n, p in params.items() if not decays(n)],
                   "weight_decay": 0.0}]
        opt = torch.optim.AdamW(groups, lr=HYPER["max_lr"],
                                betas=(HYPER["beta1"], HYPER["beta2"]), eps=HYPER["eps"])
        golden, losses = {}, []
        for step in range(HYPER["steps"]):
            batch = rows[step]
            logits, _ = model.forward(batch[:, :-1])
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, config["vocab_size"]), batch[:, 1:].reshape(-1))
            opt.zero_grad()
            loss.backward()
            if step == 0:
                for n, p in params.items():
                    golden["grad." + n] = p.grad.detach().clone()
            torch.nn.utils.clip_grad_norm_(list(params.values()), HYPER["clip"])
            for group in opt.param_groups:
                group["lr"] = lr_at(step)
            opt.step()
            losses.append(loss.item())
        for n, p in params.items():
            golden["final." + n] = p.detach().clone()
        golden["rows"] = rows.to(torch.int32)
        golden["loss"] = torch.tensor(losses, dtype=torch.float32)
        ref.write_safetensors(os.path.join(root, name + ".golden.safetensors"), golden, HYPER)
        print(f"{name}: losses {[round(x, 4) for x in losses]}")


if __name__ == "__main__":
    main(sys.argv[1])
