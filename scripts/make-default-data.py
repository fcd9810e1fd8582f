#!/usr/bin/env python3
"""Builds NasSharp's built-in `default` dataset (src/NasSharp/Data/Default/) from Fashion-MNIST.

A balanced subset: the first 1,000 training images of each class and the first 200 test images of each
class, in file order (the original relative order is kept). Written as gzipped IDX files with an empty
file name and mtime 0 in the gzip header, so the output is byte-for-byte reproducible.

Usage: python3 scripts/make-default-data.py [fashion-mnist-folder] [output-folder]
Defaults: ../shared/data/fashion-mnist relative to the repository root, src/NasSharp/Data/Default.
Only the Python 3 standard library is used.
"""
import gzip
import hashlib
import os
import struct
import sys

TRAIN_PER_CLASS = 1000
TEST_PER_CLASS = 200
CLASSES = 10


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got_magic, count = struct.unpack(">ii", data[:8])
    if got_magic != magic:
        sys.exit(f"{path}: magic {got_magic}, expected {magic}")
    if magic == 2051:
        rows, cols = struct.unpack(">ii", data[8:16])
        size = rows * cols
        payload = data[16:]
        items = [payload[i * size:(i + 1) * size] for i in range(count)]
        return items, (rows, cols)
    return list(data[8:8 + count]), None


def write_gz(path, raw):
    with open(path, "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
            gz.write(raw)


def subset(src, dst, prefix, per_class):
    images, (rows, cols) = read_idx(os.path.join(src, f"{prefix}-images-idx3-ubyte.gz"), 2051)
    labels, _ = read_idx(os.path.join(src, f"{prefix}-labels-idx1-ubyte.gz"), 2049)
    taken = [0] * CLASSES
    keep = []
    for i, label in enumerate(labels):
        if taken[label] < per_class:
            taken[label] += 1
            keep.append(i)
    if any(t != per_class for t in taken):
        sys.exit(f"{prefix}: not enough images per class: {taken}")
    n = len(keep)
    img = struct.pack(">iiii", 2051, n, rows, cols) + b"".join(images[i] for i in keep)
    lab = struct.pack(">ii", 2049, n) + bytes(labels[i] for i in keep)
    write_gz(os.path.join(dst, f"{prefix}-images-idx3-ubyte.gz"), img)
    write_gz(os.path.join(dst, f"{prefix}-labels-idx1-ubyte.gz"), lab)
    print(f"{prefix}: {n} images ({per_class} per class)")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "fashion-mnist")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "src", "NasSharp", "Data", "Default")
    os.makedirs(dst, exist_ok=True)
    subset(src, dst, "train", TRAIN_PER_CLASS)
    subset(src, dst, "t10k", TEST_PER_CLASS)
    for name in sorted(os.listdir(dst)):
        if name.endswith(".gz"):
            with open(os.path.join(dst, name), "rb") as f:
                print(f"{hashlib.sha256(f.read()).hexdigest()}  {name}")


if __name__ == "__main__":
    main()
