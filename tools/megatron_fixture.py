#!/usr/bin/env python3
"""Writes the Megatron token-store fixtures that memtrace's Java tests read.

Regenerate (from the repository root; needs numpy):

    python3 tools/megatron_fixture.py memtrace-core/src/test/resources/io/memtrace/tokens

It writes u16.bin/.idx, i32.bin/.idx and expected.json into that directory. The writer below
follows Megatron-LM's MMapIndexedDatasetBuilder (megatron/core/datasets/indexed_dataset.py):
add_item appends one sequence to the .bin and records its length, end_document records the
sequence count as the start of the next document, finalize writes the .idx with the pointers
computed from the lengths. It shares no code with memtrace, so the fixtures are an independent
truth for the Java reader.
"""

import json
import os
import struct
import sys

import numpy as np

INDEX_HEADER = b"MMIDIDX\x00\x00"
DTYPE_CODES = {np.uint8: 1, np.int8: 2, np.int16: 3, np.int32: 4, np.int64: 5,
               np.float64: 6, np.float32: 7, np.uint16: 8}


class Builder:
    """MMapIndexedDatasetBuilder: one .bin opened for appending, lengths and doc_idx in memory."""

    def __init__(self, bin_path, dtype):
        self.data_file = open(bin_path, "wb")
        self.dtype = dtype
        self.sequence_lengths = []
        self.document_indices = [0]

    def add_item(self, tokens):
        array = np.array(tokens, dtype=np.dtype(self.dtype).newbyteorder("<"))
        self.data_file.write(array.tobytes(order="C"))
        self.sequence_lengths.append(array.size)

    def end_document(self):
        self.document_indices.append(len(self.sequence_lengths))

    def finalize(self, idx_path):
        self.data_file.close()
        itemsize = np.dtype(self.dtype).itemsize
        pointers = []
        current = 0
        for length in self.sequence_lengths:
            pointers.append(current)
            current += length * itemsize
        with open(idx_path, "wb") as idx:
            idx.write(INDEX_HEADER)
            idx.write(struct.pack("<Q", 1))
            idx.write(struct.pack("<B", DTYPE_CODES[self.dtype]))
            idx.write(struct.pack("<Q", len(self.sequence_lengths)))
            idx.write(struct.pack("<Q", len(self.document_indices)))
            idx.write(np.array(self.sequence_lengths, dtype="<i4").tobytes(order="C"))
            idx.write(np.array(pointers, dtype="<i8").tobytes(order="C"))
            idx.write(np.array(self.document_indices, dtype="<i8").tobytes(order="C"))


def documents(rng, max_id, extremes):
    """Documents as lists of sequences: multi-sequence documents, an empty sequence, an empty
    document (no sequences: a repeated doc_idx entry), and the extreme ids of the type."""
    docs = [
        [list(extremes)],
        [rng.integers(0, max_id, 7).tolist(), [], rng.integers(0, max_id, 3).tolist()],
        [],
        [rng.integers(0, max_id, 1).tolist()],
    ]
    for _ in range(5):
        docs.append([rng.integers(0, max_id, int(rng.integers(0, 40))).tolist()
                     for _ in range(int(rng.integers(1, 4)))])
    return docs


def write_store(directory, name, dtype, docs):
    builder = Builder(os.path.join(directory, name + ".bin"), dtype)
    for doc in docs:
        for sequence in doc:
            builder.add_item(sequence)
        builder.end_document()
    builder.finalize(os.path.join(directory, name + ".idx"))
    return {
        "dtype": name,
        "sequences": [sequence for doc in docs for sequence in doc],
        "doc_idx": builder.document_indices,
    }


def main(directory):
    rng = np.random.default_rng(20260423)
    expected = {
        "u16": write_store(directory, "u16", np.uint16,
                           documents(rng, 1 << 16, [0, 1, 65535, 50277, 32768])),
        "i32": write_store(directory, "i32", np.int32,
                           documents(rng, 1 << 31, [0, 65536, 2147483647, 100000])),
    }
    with open(os.path.join(directory, "expected.json"), "w") as out:
        json.dump(expected, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: megatron_fixture.py OUTPUT_DIRECTORY")
    main(sys.argv[1])
