#!/usr/bin/env python3
"""Prints a Megatron MMapIndexedDataset (PREFIX.bin + PREFIX.idx) as JSON.

    python3 tools/megatron_read.py PREFIX

Output: {"dtype": "u16", "sizes": [...], "pointers": [...], "doc_idx": [...], "sequences": [[...]]}.
Standard library only, written from the published format (Megatron-LM's _IndexReader), sharing
nothing with memtrace, so memtrace's tests can check the stores it writes against it.
"""

import json
import struct
import sys

INDEX_HEADER = b"MMIDIDX\x00\x00"
# code -> (name, struct format character, bytes per token)
DTYPES = {1: ("u8", "B", 1), 2: ("i8", "b", 1), 3: ("i16", "h", 2), 4: ("i32", "i", 4),
          5: ("i64", "q", 8), 8: ("u16", "H", 2)}


def read(prefix):
    with open(prefix + ".idx", "rb") as f:
        idx = f.read()
    if idx[:9] != INDEX_HEADER:
        raise ValueError(prefix + ".idx: bad magic")
    version, = struct.unpack_from("<Q", idx, 9)
    if version != 1:
        raise ValueError("%s.idx: unsupported version %d" % (prefix, version))
    code, = struct.unpack_from("<B", idx, 17)
    name, char, width = DTYPES[code]
    count, doc_count = struct.unpack_from("<QQ", idx, 18)
    offset = 34
    sizes = list(struct.unpack_from("<%di" % count, idx, offset))
    offset += 4 * count
    pointers = list(struct.unpack_from("<%dq" % count, idx, offset))
    offset += 8 * count
    doc_idx = list(struct.unpack_from("<%dq" % doc_count, idx, offset))
    offset += 8 * doc_count
    if offset != len(idx):
        raise ValueError("%s.idx: %d bytes, expected %d" % (prefix, len(idx), offset))
    with open(prefix + ".bin", "rb") as f:
        data = f.read()
    sequences = [list(struct.unpack_from("<%d%s" % (size, char), data, pointer))
                 for size, pointer in zip(sizes, pointers)]
    return {"dtype": name, "sizes": sizes, "pointers": pointers, "doc_idx": doc_idx,
            "sequences": sequences}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: megatron_read.py PREFIX")
    json.dump(read(sys.argv[1]), sys.stdout)
    sys.stdout.write("\n")
