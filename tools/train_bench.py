#!/usr/bin/env python3
"""PyTorch CPU eager side of `memtrace bench train`: GPT-NeoX training steps (forward, cross-entropy,
backward, gradient clipping, AdamW) in float32, written as a PyTorch user would (torch.nn.functional
layer_norm / linear / gelu, causal softmax attention with partial rotary, torch.optim.AdamW).

    /usr/bin/python3 tools/train_bench.py CONFIG.json --batch 16 --length 129 --threads 2 --steps 5 --warmup 2

CONFIG.json holds vocab_size, hidden_size, num_hidden_layers, num_attention_heads,
intermediate_size, rotary_pct. Prints one JSON line per timed step ({"seconds": s, "loss": l}).
"""

import argparse
import json
import math
import time

import torch
import torch.nn.functional as F


def make(c, g):
    d, i, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    def w(*shape):
        return (torch.randn(*shape, generator=g) * 0.02).requires_grad_(True)
    def z(n):
        return torch.zeros(n).requires_grad_(True)
    def one(n):
        return torch.ones(n).requires_grad_(True)
    p = {"embed": w(v, d), "head": w(v, d), "lnf_w": one(d), "lnf_b": z(d), "layers": []}
    for _ in range(c["num_hidden_layers"]):
        p["layers"].append({"ln1_w": one(d), "ln1_b": z(d), "ln2_w": one(d), "ln2_b": z(d),
                            "qkv_w": w(3 * d, d), "qkv_b": z(3 * d), "o_w": w(d, d), "o_b": z(d),
                            "up_w": w(i, d), "up_b": z(i), "down_w": w(d, i), "down_b": z(d)})
    return p


def params(p):
    out = [p["embed"], p["head"], p["lnf_w"], p["lnf_b"]]
    for layer in p["layers"]:
        out += list(layer.values())
    return out


def forward(c, p, ids, cos, sin):
    b, t = ids.shape
    d, h = c["hidden_size"], c["num_attention_heads"]
    hd = d // h
    rot = int(hd * c["rotary_pct"])
    mask = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
    x = F.embedding(ids, p["embed"])
    for L in p["layers"]:
        a_in = F.layer_norm(x, (d,), L["ln1_w"], L["ln1_b"], 1e-5)
        qkv = F.linear(a_in, L["qkv_w"], L["qkv_b"]).view(b, t, h, 3 * hd).transpose(1, 2)
        q, k, v = qkv.split(hd, dim=-1)

        def rope(y):
            r, rest = y[..., :rot], y[..., rot:]
            half = rot // 2
            turned = torch.cat([-r[..., half:], r[..., :half]], -1)
            return torch.cat([r * cos + turned * sin, rest], -1)

        q, k = rope(q), rope(k)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        att = s.masked_fill(mask, float("-inf")).softmax(-1) @ v
        a = F.linear(att.transpose(1, 2).reshape(b, t, d), L["o_w"], L["o_b"])
        m_in = F.layer_norm(x, (d,), L["ln2_w"], L["ln2_b"], 1e-5)
        m = F.linear(F.gelu(F.linear(m_in, L["up_w"], L["up_b"])), L["down_w"], L["down_b"])
        x = m + a + x
    x = F.layer_norm(x, (d,), p["lnf_w"], p["lnf_b"], 1e-5)
    return F.linear(x, p["head"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("config")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--length", type=int, default=129)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1, help="untimed steps before the timed ones")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    with open(a.config) as f:
        c = json.load(f)
    g = torch.Generator().manual_seed(0)
    p = make(c, g)
    ps = params(p)
    decay = [x for x in ps if x.dim() == 2]
    rest = [x for x in ps if x.dim() != 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": rest, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.95), eps=1e-8)
    t = a.length - 1
    hd = c["hidden_size"] // c["num_attention_heads"]
    rot = int(hd * c["rotary_pct"])
    inv = 1.0 / (10000 ** (torch.arange(0, rot, 2).float() / rot))
    ang = torch.arange(t).float()[:, None] * inv[None, :]
    cos, sin = torch.cat([ang, ang], -1).cos(), torch.cat([ang, ang], -1).sin()
    for step in range(a.warmup + a.steps):
        ids = torch.randint(0, c["vocab_size"], (a.batch, a.length), generator=g)
        t0 = time.perf_counter()
        logits = forward(c, p, ids[:, :-1], cos, sin)
        loss = F.cross_entropy(logits.reshape(-1, c["vocab_size"]), ids[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(ps, 1.0)
        opt.step()
        if step >= a.warmup:
            print(json.dumps({"seconds": time.perf_counter() - t0, "loss": loss.item()}),
                  flush=True)


if __name__ == "__main__":
    main()
