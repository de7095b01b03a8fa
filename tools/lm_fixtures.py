#!/usr/bin/env python3
"""Writes the tiny random checkpoints and golden outputs that memtrace's model tests read.

Regenerate (from the repository root; needs torch, e.g. Debian's python3-torch):

    /usr/bin/python3 tools/lm_fixtures.py memtrace-core/src/test/resources/io/memtrace/model

Each fixture is a Hugging Face model directory NAME/ (config.json, model.safetensors or shards
with model.safetensors.index.json, a byte-level tokenizer.json) plus NAME.golden.safetensors
with what lm_reference.py computes from it:

    score.tokens.R   I32 [T]            rows scored teacher-forced
    score.logits.R   F32 [T, V]         logits at every position
    score.hidden.R   F32 [L + 2, T, D]  hidden states (0 embeddings .. L + 1 final norm)
    greedy.prompt.R  I32                prompts
    greedy.min.R     I32                max_new greedy tokens, EOS suppressed throughout
    greedy.free.R    I32                greedy tokens without suppression (ends at EOS)

The config's eos_token_id is the token the model picks first after prompt 0, so suppression
changes what row 0 decodes. Weights are seeded: the same command writes the same bytes.
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lm_reference as ref  # noqa: E402

VOCAB = 260  # 256 bytes + <|endoftext|> + 3 unused ids
MAX_NEW = 8


def byte_tokenizer():
    """GPT-2's byte-to-unicode alphabet as a BPE vocabulary without merges; id 0 is EOS."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) \
        + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    alphabet = dict(zip(bs, map(chr, cs)))
    vocab = {"<|endoftext|>": 0}
    for b in range(256):
        vocab[alphabet[b]] = b + 1
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                  "use_regex": True}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": 0, "content": "<|endoftext|>", "single_word": False,
                          "lstrip": False, "rstrip": False, "normalized": False,
                          "special": True}],
        "normalizer": None, "pre_tokenizer": byte_level, "post_processor": byte_level,
        "decoder": byte_level,
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": None, "end_of_word_suffix": None,
                  "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": []},
    }


class Init:
    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)

    def normal(self, *shape, std=1.0, mean=0.0):
        return torch.randn(*shape, generator=self.g) * std + mean

    def linear(self, out, inp, gain=1.5):
        return self.normal(out, inp, std=gain / inp ** 0.5)

    def norm(self, n):
        return self.normal(n, std=0.1, mean=1.0), self.normal(n, std=0.1)


def gpt_neox(init, c):
    d, i, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    w = {"gpt_neox.embed_in.weight": init.normal(v, d)}
    for l in range(c["num_hidden_layers"]):
        p = f"gpt_neox.layers.{l}."
        w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"] = init.norm(d)
        w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"] = \
            init.norm(d)
        w[p + "attention.query_key_value.weight"] = init.linear(3 * d, d)
        w[p + "attention.query_key_value.bias"] = init.normal(3 * d, std=0.1)
        w[p + "attention.dense.weight"] = init.linear(d, d)
        w[p + "attention.dense.bias"] = init.normal(d, std=0.1)
        w[p + "mlp.dense_h_to_4h.weight"] = init.linear(i, d)
        w[p + "mlp.dense_h_to_4h.bias"] = init.normal(i, std=0.1)
        w[p + "mlp.dense_4h_to_h.weight"] = init.linear(d, i)
        w[p + "mlp.dense_4h_to_h.bias"] = init.normal(d, std=0.1)
    w["gpt_neox.final_layer_norm.weight"], w["gpt_neox.final_layer_norm.bias"] = init.norm(d)
    w["embed_out.weight"] = init.linear(v, d, gain=6)
    return w


def llama(init, c, parametric_norms=True):
    d, i, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    heads = c["num_attention_heads"]
    kv = c.get("num_key_value_heads", heads)
    hd = d // heads
    w = {"model.embed_tokens.weight": init.normal(v, d)}
    for l in range(c["num_hidden_layers"]):
        p = f"model.layers.{l}."
        if parametric_norms:
            w[p + "input_layernorm.weight"] = init.norm(d)[0]
            w[p + "post_attention_layernorm.weight"] = init.norm(d)[0]
        w[p + "self_attn.q_proj.weight"] = init.linear(heads * hd, d)
        w[p + "self_attn.k_proj.weight"] = init.linear(kv * hd, d)
        w[p + "self_attn.v_proj.weight"] = init.linear(kv * hd, d)
        w[p + "self_attn.o_proj.weight"] = init.linear(d, heads * hd)
        w[p + "mlp.gate_proj.weight"] = init.linear(i, d)
        w[p + "mlp.up_proj.weight"] = init.linear(i, d)
        w[p + "mlp.down_proj.weight"] = init.linear(d, i)
    if parametric_norms:
        w["model.norm.weight"] = init.norm(d)[0]
    if not c.get("tie_word_embeddings", False):
        w["lm_head.weight"] = init.linear(v, d, gain=6)
    return w


def gpt2(init, c):
    d, i, v = c["n_embd"], c["n_inner"] or 4 * c["n_embd"], c["vocab_size"]
    w = {"transformer.wte.weight": init.normal(v, d, std=0.5),
         "transformer.wpe.weight": init.normal(c["n_positions"], d, std=0.3)}
    for l in range(c["n_layer"]):
        p = f"transformer.h.{l}."
        w[p + "ln_1.weight"], w[p + "ln_1.bias"] = init.norm(d)
        w[p + "ln_2.weight"], w[p + "ln_2.bias"] = init.norm(d)
        w[p + "attn.c_attn.weight"] = init.linear(3 * d, d).T.contiguous()  # Conv1D: (in, out)
        w[p + "attn.c_attn.bias"] = init.normal(3 * d, std=0.1)
        w[p + "attn.c_proj.weight"] = init.linear(d, d).T.contiguous()
        w[p + "attn.c_proj.bias"] = init.normal(d, std=0.1)
        w[p + "mlp.c_fc.weight"] = init.linear(i, d).T.contiguous()
        w[p + "mlp.c_fc.bias"] = init.normal(i, std=0.1)
        w[p + "mlp.c_proj.weight"] = init.linear(d, i).T.contiguous()
        w[p + "mlp.c_proj.bias"] = init.normal(d, std=0.1)
    w["transformer.ln_f.weight"], w["transformer.ln_f.bias"] = init.norm(d)
    return w


FIXTURES = [
    # name, config, weights, dtype, shards
    ("pythia-tiny", {
        "architectures": ["GPTNeoXForCausalLM"], "model_type": "gpt_neox", "hidden_size": 40,
        "num_attention_heads": 4, "num_hidden_layers": 2, "intermediate_size": 136,
        "vocab_size": VOCAB, "rotary_pct": 0.4, "rotary_emb_base": 10000,
        "use_parallel_residual": True, "hidden_act": "gelu", "max_position_embeddings": 64,
        "layer_norm_eps": 1e-5, "tie_word_embeddings": False, "bos_token_id": 0},
     gpt_neox, torch.float32, 1),
    ("pythia-tiny-sequential-bf16", {
        "architectures": ["GPTNeoXForCausalLM"], "model_type": "gpt_neox", "hidden_size": 48,
        "num_attention_heads": 4, "num_hidden_layers": 3, "intermediate_size": 100,
        "vocab_size": VOCAB, "rotary_pct": 0.5, "rotary_emb_base": 500,
        "use_parallel_residual": False, "hidden_act": "gelu", "max_position_embeddings": 64,
        "layer_norm_eps": 1e-5, "tie_word_embeddings": False, "torch_dtype": "bfloat16"},
     gpt_neox, torch.bfloat16, 2),
    ("llama-tiny-f16", {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 40,
        "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 2,
        "intermediate_size": 72, "vocab_size": VOCAB, "rms_norm_eps": 1e-6,
        "rope_theta": 10000.0, "hidden_act": "silu", "max_position_embeddings": 64,
        "tie_word_embeddings": False, "torch_dtype": "float16"},
     llama, torch.float16, 1),
    ("gpt2-tiny", {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 40, "n_head": 4,
        "n_layer": 2, "n_inner": None, "n_positions": 32, "vocab_size": VOCAB,
        "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5},
     gpt2, torch.float32, 1),
    ("olmo-tiny", {
        "architectures": ["OlmoForCausalLM"], "model_type": "olmo", "hidden_size": 40,
        "num_attention_heads": 4, "num_key_value_heads": 4, "num_hidden_layers": 2,
        "intermediate_size": 72, "vocab_size": VOCAB, "rope_theta": 10000.0,
        "hidden_act": "silu", "max_position_embeddings": 64, "clip_qkv": 1.5,
        "tie_word_embeddings": True},
     lambda init, c: llama(init, c, parametric_norms=False), torch.float32, 1),
]

SCORE_ROWS = [[5, 200, 17, 99, 3, 3, 41, 250, 128, 7, 64, 1],
              [0, 33, 77, 101, 2, 180, 19, 55, 230, 8, 9, 10, 11, 250, 77, 3, 91, 42, 6],
              [120, 255]]
PROMPTS = [[72, 101, 108, 108, 111], [1, 2], [44, 45, 46, 47, 48, 49, 50, 51, 52]]


def write_model(out_dir, config, weights, dtype, shards):
    os.makedirs(out_dir, exist_ok=True)
    weights = {k: v.to(dtype) for k, v in weights.items()}
    names = list(weights)
    if shards == 1:
        ref.write_safetensors(os.path.join(out_dir, "model.safetensors"), weights,
                              {"format": "pt"})
    else:
        weight_map = {}
        per = (len(names) + shards - 1) // shards
        for s in range(shards):
            file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
            part = {n: weights[n] for n in names[s * per:(s + 1) * per]}
            ref.write_safetensors(os.path.join(out_dir, file), part, {"format": "pt"})
            weight_map.update({n: file for n in part})
        with open(os.path.join(out_dir, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {}, "weight_map": weight_map}, f, indent=2)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out_dir, "tokenizer.json"), "w") as f:
        json.dump(byte_tokenizer(), f, ensure_ascii=False)


def main(root):
    for seed, (name, config, make, dtype, shards) in enumerate(FIXTURES):
        out_dir = os.path.join(root, name)
        weights = make(Init(1000 + seed), config)
        write_model(out_dir, config, weights, dtype, shards)
        model = ref.load_model(out_dir)
        eos = ref.greedy(model, PROMPTS[0], 1, 0, -1)[0]
        config["eos_token_id"] = eos
        write_model(out_dir, config, weights, dtype, shards)
        model = ref.load_model(out_dir)
        golden = {}
        for r, row in enumerate(SCORE_ROWS):
            logits, hidden = ref.forward(model, row)
            golden[f"score.tokens.{r}"] = torch.tensor(row, dtype=torch.int32)
            golden[f"score.logits.{r}"] = logits.contiguous()
            golden[f"score.hidden.{r}"] = hidden.contiguous()
        for r, prompt in enumerate(PROMPTS):
            golden[f"greedy.prompt.{r}"] = torch.tensor(prompt, dtype=torch.int32)
            golden[f"greedy.min.{r}"] = torch.tensor(
                ref.greedy(model, prompt, MAX_NEW, len(prompt) + MAX_NEW, eos), dtype=torch.int32)
            golden[f"greedy.free.{r}"] = torch.tensor(
                ref.greedy(model, prompt, MAX_NEW, 0, eos), dtype=torch.int32)
        ref.write_safetensors(os.path.join(root, name + ".golden.safetensors"), golden,
                              {"max_new": MAX_NEW, "eos": eos})
        size = sum(os.path.getsize(os.path.join(out_dir, f)) for f in os.listdir(out_dir))
        print(f"{name}: eos {eos}, {size} bytes, greedy row 0 {golden['greedy.min.0'].tolist()}"
              f" / free {golden['greedy.free.0'].tolist()}")


if __name__ == "__main__":
    main(sys.argv[1])
