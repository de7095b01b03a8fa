#!/usr/bin/env python3
"""Writes a Megatron token store (PREFIX.bin, PREFIX.idx) as Megatron-LM's
MMapIndexedDatasetBuilder does for preprocess_data.py without sentence splitting: one sequence per
document, document boundaries after every sequence. Standard library only, and no code shared with
memtrace, so a store it writes is an independent input for memtrace's tests.

    python3 tools/megatron_write.py PREFIX < documents.json

documents.json: {"dtype": "u16" | "i32", "documents": [[token, ...], ...]}
"""

import array
import json
import struct
import sys

HEADER = b"MMIDIDX\x00\x00"
CODES = {"u16": (8, "H"), "i32": (4, "i")}


def write(prefix, dtype, documents):
    code, typecode = CODES[dtype]
    itemsize = array.array(typecode).itemsize
    lengths, pointers, offset = [], [], 0
    with open(prefix + ".bin", "wb") as data:
        for doc in documents:
            values = array.array(typecode, doc)
            if sys.byteorder != "little":
                values.byteswap()
            data.write(values.tobytes())
            pointers.append(offset)
            lengths.append(len(doc))
            offset += len(doc) * itemsize
    doc_idx = list(range(len(documents) + 1))
    with open(prefix + ".idx", "wb") as idx:
        idx.write(HEADER)
        idx.write(struct.pack("<Q", 1))
        idx.write(struct.pack("<B", code))
        idx.write(struct.pack("<Q", len(lengths)))
        idx.write(struct.pack("<Q", len(doc_idx)))
        idx.write(struct.pack("<%di" % len(lengths), *lengths))
        idx.write(struct.pack("<%dq" % len(pointers), *pointers))
        idx.write(struct.pack("<%dq" % len(doc_idx), *doc_idx))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: megatron_write.py PREFIX < documents.json")
    spec = json.load(sys.stdin)
    write(sys.argv[1], spec["dtype"], spec["documents"])
