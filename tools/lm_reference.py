#!/usr/bin/env python3
"""Reference causal language models in plain PyTorch, for checking memtrace's Java engine.

Written from the architectures' descriptions (GPT-NeoX/Pythia, Llama, GPT-2, OLMo 1) and the
Hugging Face weight layouts, not from transformers' modeling code, which this module never
imports. It reads and writes safetensors by hand (8-byte little-endian header size, JSON header,
raw little-endian data), so it needs only torch and numpy (Debian: apt-get install python3-torch).

    load_model(dir) -> Model      forward(ids) -> (logits [T, V], hidden [L + 2, T, D])
    greedy(model, prompt, max_new, min_length, eos) -> generated ids (no cache: full recompute)

Hidden-state numbering: 0 embedding output, 1..L block outputs, L + 1 final norm output.
Everything runs in float32; F16 and BF16 weights are widened on load.
"""

import json
import math
import os
import struct

import numpy as np
import torch

DTYPES = {
    "F32": (torch.float32, 4),
    "F16": (torch.float16, 2),
    "BF16": (torch.bfloat16, 2),
    "I32": (torch.int32, 4),
    "I64": (torch.int64, 8),
}
NAMES = {v[0]: k for k, v in DTYPES.items()}


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype, size = DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        raw = bytearray(data[begin:end])
        if dtype == torch.bfloat16:
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(entry["shape"]).clone()
    return out, header.get("__metadata__", {})


def write_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    chunks = []
    offset = 0
    for name, t in tensors.items():
        t = t.contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 \
            else t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def load_weights(model_dir):
    single = os.path.join(model_dir, "model.safetensors")
    if os.path.exists(single):
        return read_safetensors(single)[0]
    with open(os.path.join(model_dir, "model.safetensors.index.json")) as f:
        weight_map = json.load(f)["weight_map"]
    out = {}
    for shard in sorted(set(weight_map.values())):
        out.update(read_safetensors(os.path.join(model_dir, shard))[0])
    return out


# ---- shared pieces -------------------------------------------------------------------------

def rotate(x, positions, dims, base):
    """Rotate-half rotary embedding on the first `dims` entries of the last axis of x [T, H, d]."""
    inv_freq = 1.0 / (base ** (torch.arange(0, dims, 2, dtype=torch.int64).float() / dims))
    angles = positions.float()[:, None] * inv_freq[None, :]  # [T, dims/2]
    cos = torch.cat([angles, angles], -1).cos()[:, None, :]
    sin = torch.cat([angles, angles], -1).sin()[:, None, :]
    r, rest = x[..., :dims], x[..., dims:]
    half = dims // 2
    turned = torch.cat([-r[..., half:], r[..., :half]], -1)
    return torch.cat([r * cos + turned * sin, rest], -1)


def causal_attention(q, k, v):
    """q [..., T, H, d], k and v [..., T, G, d] with H a multiple of G; returns [..., T, H * d]."""
    t, h, d = q.shape[-3:]
    g = k.shape[-2]
    k = k.repeat_interleave(h // g, dim=-2)
    v = v.repeat_interleave(h // g, dim=-2)
    scores = torch.einsum("...thd,...shd->...hts", q, k) / math.sqrt(d)
    mask = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
    scores = scores.masked_fill(mask, float("-inf"))
    out = torch.einsum("...hts,...shd->...thd", scores.softmax(-1), v)
    return out.reshape(*q.shape[:-2], h * d)


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y


def rms_norm(x, weight, eps):
    return weight * (x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps))


def act(name, x):
    if name == "gelu":
        return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))
    if name in ("gelu_new", "gelu_pytorch_tanh", "gelu_fast"):
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    if name in ("silu", "swish"):
        return x * torch.sigmoid(x)
    if name == "relu":
        return torch.relu(x)
    raise ValueError(name)


def linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


# ---- architectures -------------------------------------------------------------------------

class Model:
    def __init__(self, config, weights):
        self.c = config
        self.w = {k: v.float() for k, v in weights.items()}

    def get(self, name):
        return self.w.get(name)


class GptNeoX(Model):
    def forward(self, ids):
        """ids [T], or [B, T] for rows of equal length."""
        c, w = self.c, self.w
        dim, heads = c["hidden_size"], c["num_attention_heads"]
        hd = dim // heads
        rot = int(hd * c.get("rotary_pct", 0.25))
        base = c.get("rotary_emb_base", 10000)
        eps = c.get("layer_norm_eps", 1e-5)
        bias = c.get("attention_bias", True)
        pos = torch.arange(ids.shape[-1])
        x = w["gpt_neox.embed_in.weight"][ids]
        hidden = [x]
        for l in range(c["num_hidden_layers"]):
            p = f"gpt_neox.layers.{l}."
            h = layer_norm(x, w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"], eps)
            qkv = linear(h, w[p + "attention.query_key_value.weight"],
                         w[p + "attention.query_key_value.bias"] if bias else None)
            qkv = qkv.view(*ids.shape, heads, 3 * hd)
            q, k, v = qkv[..., :hd], qkv[..., hd:2 * hd], qkv[..., 2 * hd:]
            q, k = rotate(q, pos, rot, base), rotate(k, pos, rot, base)
            a = linear(causal_attention(q, k, v), w[p + "attention.dense.weight"],
                       w[p + "attention.dense.bias"] if bias else None)

            def mlp(y):
                up = linear(y, w[p + "mlp.dense_h_to_4h.weight"], w[p + "mlp.dense_h_to_4h.bias"])
                return linear(act(c.get("hidden_act", "gelu"), up),
                              w[p + "mlp.dense_4h_to_h.weight"], w[p + "mlp.dense_4h_to_h.bias"])

            ln2 = (w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"])
            if c.get("use_parallel_residual", True):
                x = mlp(layer_norm(x, *ln2, eps)) + a + x
            else:
                x = a + x
                x = mlp(layer_norm(x, *ln2, eps)) + x
            hidden.append(x)
        x = layer_norm(x, w["gpt_neox.final_layer_norm.weight"],
                       w["gpt_neox.final_layer_norm.bias"], eps)
        hidden.append(x)
        head = w["gpt_neox.embed_in.weight"] if c.get("tie_word_embeddings", False) \
            else w["embed_out.weight"]
        return x @ head.T, torch.stack(hidden)


class Llama(Model):
    """Llama; OLMo 1 differs only in its norms and the optional clipping of q, k and v."""

    def norm(self, x, name):
        return rms_norm(x, self.w[name], self.c.get("rms_norm_eps", 1e-6))

    def forward(self, ids):
        c, w = self.c, self.w
        dim, heads = c["hidden_size"], c["num_attention_heads"]
        kv = c.get("num_key_value_heads", heads)
        hd = c.get("head_dim", dim // heads)
        base = c.get("rope_theta", 10000)
        clip = c.get("clip_qkv")
        pos = torch.arange(len(ids))
        x = w["model.embed_tokens.weight"][ids]
        hidden = [x]
        for l in range(c["num_hidden_layers"]):
            p = f"model.layers.{l}."
            h = self.norm(x, p + "input_layernorm.weight")
            q, k, v = (linear(h, w[p + f"self_attn.{n}_proj.weight"],
                              w.get(p + f"self_attn.{n}_proj.bias")) for n in "qkv")
            if clip:
                q, k, v = (t.clamp(-clip, clip) for t in (q, k, v))
            q = rotate(q.view(len(ids), heads, hd), pos, hd, base)
            k = rotate(k.view(len(ids), kv, hd), pos, hd, base)
            v = v.view(len(ids), kv, hd)
            a = linear(causal_attention(q, k, v), w[p + "self_attn.o_proj.weight"],
                       w.get(p + "self_attn.o_proj.bias"))
            x = x + a
            h = self.norm(x, p + "post_attention_layernorm.weight")
            gate = act(c.get("hidden_act", "silu"),
                       linear(h, w[p + "mlp.gate_proj.weight"], w.get(p + "mlp.gate_proj.bias")))
            up = linear(h, w[p + "mlp.up_proj.weight"], w.get(p + "mlp.up_proj.bias"))
            x = x + linear(gate * up, w[p + "mlp.down_proj.weight"], w.get(p + "mlp.down_proj.bias"))
            hidden.append(x)
        x = self.norm(x, "model.norm.weight")
        hidden.append(x)
        head = w["model.embed_tokens.weight"] if c.get("tie_word_embeddings", False) \
            else w["lm_head.weight"]
        return x @ head.T, torch.stack(hidden)


class Olmo(Llama):
    def norm(self, x, name):
        return layer_norm(x, None, None, 1e-5)


class Gpt2(Model):
    def forward(self, ids):
        c, w = self.c, self.w
        dim, heads = c["n_embd"], c["n_head"]
        hd = dim // heads
        eps = c.get("layer_norm_epsilon", 1e-5)
        x = w["transformer.wte.weight"][ids] + w["transformer.wpe.weight"][torch.arange(len(ids))]
        hidden = [x]
        for l in range(c["n_layer"]):
            p = f"transformer.h.{l}."
            h = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
            # Conv1D: weight stored (in, out), y = x W + b
            qkv = h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
            q, k, v = (t.reshape(len(ids), heads, hd) for t in qkv.split(dim, -1))
            a = causal_attention(q, k, v) @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
            x = x + a
            h = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
            up = act(c.get("activation_function", "gelu_new"),
                     h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
            x = x + up @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
            hidden.append(x)
        x = layer_norm(x, w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)
        hidden.append(x)
        return x @ w["transformer.wte.weight"].T, torch.stack(hidden)


ARCHITECTURES = {"GPTNeoXForCausalLM": GptNeoX, "LlamaForCausalLM": Llama,
                 "GPT2LMHeadModel": Gpt2, "OlmoForCausalLM": Olmo}


def load_model(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        config = json.load(f)
    return ARCHITECTURES[config["architectures"][0]](config, load_weights(model_dir))


@torch.no_grad()
def forward(model, ids):
    return model.forward(torch.tensor(ids, dtype=torch.int64))


@torch.no_grad()
def greedy(model, prompt, max_new, min_length, eos):
    """Greedy decoding by full recomputation; eos suppressed while the sequence is shorter than
    min_length (transformers' min_length); stops after eos."""
    seq = list(prompt)
    out = []
    for _ in range(max_new):
        logits = forward(model, seq)[0][-1].clone()
        if len(seq) < min_length:
            logits[eos] = float("-inf")
        token = int(torch.argmax(logits))
        seq.append(token)
        out.append(token)
        if token == eos:
            break
    return out
