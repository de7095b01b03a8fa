#!/usr/bin/env python3
"""The 1-billion-token benchmark store: seeds 0-9 of the canonical corpus (../shared/bench/
make_corpus.py, 100M tokens each) concatenated into one Megatron store, and the numpy count of a
bigram within documents to check `memtrace index count` against.

usage: billion_corpus.py MAKE_CORPUS_PY PREFIX [A B]   (default bigram: 17 3)
Writes PREFIX.bin / PREFIX.idx (uint16) through PREFIX.partN temporaries, then prints the
documents, the tokens and the bigram's count. Needs numpy."""
import os, struct, subprocess, sys
import numpy as np

make, prefix = sys.argv[1], sys.argv[2]
a, b = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (17, 3)
sizes = []
with open(prefix + ".bin.tmp", "wb") as out:
    for seed in range(10):
        part = f"{prefix}.part{seed}"
        subprocess.run([sys.executable, make, part, "100000000", str(seed)], check=True)
        with open(part + ".bin", "rb") as f:
            while chunk := f.read(1 << 26):
                out.write(chunk)
        with open(part + ".idx", "rb") as f:
            count = struct.unpack("<QBQQ", f.read(34)[9:])[2]
            sizes.append(np.frombuffer(f.read(4 * count), np.int32))
        os.remove(part + ".bin"); os.remove(part + ".idx")
lens = np.concatenate(sizes).astype(np.int64)
ptrs = np.zeros(len(lens), np.int64); ptrs[1:] = np.cumsum(lens[:-1]) * 2
with open(prefix + ".idx.tmp", "wb") as f:
    f.write(b"MMIDIDX\x00\x00" + struct.pack("<QBQQ", 1, 8, len(lens), len(lens) + 1))
    f.write(lens.astype(np.int32).tobytes()); f.write(ptrs.tobytes())
    f.write(np.arange(len(lens) + 1, dtype=np.int64).tobytes())
os.replace(prefix + ".bin.tmp", prefix + ".bin"); os.replace(prefix + ".idx.tmp", prefix + ".idx")
t = np.memmap(prefix + ".bin", np.uint16, "r")
hits = np.flatnonzero((t[:-1] == a) & (t[1:] == b))
ends = np.cumsum(lens)
within = hits + 1 < ends[np.searchsorted(ends, hits, side="right")]
print(f"{prefix}: {len(lens)} documents, {int(lens.sum())} tokens; ({a}, {b}) within documents: {int(within.sum())}")
