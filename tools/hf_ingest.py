#!/usr/bin/env python3
"""Reference ingest with Hugging Face `tokenizers` (Python), the way Megatron's preprocess_data.py
tokenizes a JSONL corpus: encode each document without special tokens, append EOS, write a Megatron
MMapIndexedDataset (.bin/.idx, uint16 when the vocabulary fits, else int32).

`memtrace bench ingest` runs it side by side with memtrace's own ingest on the same input and the
same tokenizer.json, checks the two stores are identical, and reports both throughputs.

usage: hf_ingest.py TOKENIZER_JSON INPUT_JSONL OUT_PREFIX [--eos ID] [--threads N] [--field text]
prints one JSON line: {"documents": D, "tokens": T, "seconds": S}
Needs: numpy, tokenizers (pip install tokenizers)."""
import argparse, json, os, struct, sys, time

p = argparse.ArgumentParser()
p.add_argument("tokenizer"); p.add_argument("input"); p.add_argument("out")
p.add_argument("--eos", type=int); p.add_argument("--threads", type=int, default=os.cpu_count())
p.add_argument("--field", default="text"); p.add_argument("--batch", type=int, default=1024)
a = p.parse_args()
os.environ["RAYON_NUM_THREADS"] = str(a.threads)  # read by tokenizers when its pool starts
import numpy as np
from tokenizers import Tokenizer

start = time.perf_counter()
tok = Tokenizer.from_file(a.tokenizer)
dtype, code = (np.uint16, 8) if tok.get_vocab_size(with_added_tokens=True) <= 65536 else (np.int32, 4)
sizes = []
with open(a.input, encoding="utf-8") as f, open(a.out + ".bin", "wb") as out:
    def flush(batch):
        for enc in tok.encode_batch(batch, add_special_tokens=False):
            ids = enc.ids + ([a.eos] if a.eos is not None else [])
            out.write(np.asarray(ids, dtype=dtype).tobytes()); sizes.append(len(ids))
    batch = []
    for line in f:
        if not line.strip():
            continue
        text = json.loads(line)[a.field]
        if text:
            batch.append(text)
        if len(batch) >= a.batch:
            flush(batch); batch = []
    flush(batch)
sz = np.asarray(sizes, dtype=np.int32)
ptr = np.zeros(len(sizes), dtype=np.int64)
ptr[1:] = np.cumsum(sz[:-1], dtype=np.int64) * np.dtype(dtype).itemsize
with open(a.out + ".idx", "wb") as f:
    f.write(b"MMIDIDX\x00\x00" + struct.pack("<QBQQ", 1, code, len(sizes), len(sizes) + 1))
    f.write(sz.tobytes()); f.write(ptr.tobytes())
    f.write(np.arange(len(sizes) + 1, dtype=np.int64).tobytes())
print(json.dumps({"documents": len(sizes), "tokens": int(sz.sum()),
                  "seconds": time.perf_counter() - start}))
