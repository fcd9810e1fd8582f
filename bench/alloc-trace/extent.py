"""Reads an alloctrace.so trace (bench/alloc-trace) of a perf row run with PERF_MARK=1 and prints, per step, how far the
main heap extends (the end of the highest live block above the lowest address ever allocated) against the bytes live,
and which allocations raised that extent after the first step, symbolized; then what was allocated in one step and
freed in the next. The main heap is taken as every address below 0x7000_0000_0000 (brk memory; thread arenas and mmapped
chunks sit higher).
  python3 extent.py TRACE [RAISES_SHOWN=3]"""
import bisect
import os
import subprocess
import sys
from collections import defaultdict

import numpy as np
from sortedcontainers import SortedList

EVENT = np.dtype([("t", "<u8"), ("p", "<u8"), ("size", "<u8"), ("op", "<u4"), ("main", "<u4"), ("bt", "<u8", 16)])
MARK = 777777
HEAP_END = 0x700000000000


def symbolizer(maps_file):
    maps = []
    for line in open(maps_file):
        parts = line.split()
        if len(parts) >= 6 and parts[5].startswith("/"):
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            maps.append((lo, hi, int(parts[2], 16), parts[5]))
    maps.sort()
    starts = [m[0] for m in maps]
    tables, names = {}, {}

    def table(path):
        if path not in tables:
            rows = []
            for flag in ("-D", ""):
                out = subprocess.run(["nm", "--defined-only"] + ([flag] if flag else []) + [path], capture_output=True, text=True).stdout
                rows += [(int(a, 16), n) for a, k, n in (l.split(None, 2) for l in out.splitlines() if len(l.split(None, 2)) == 3) if k in "TtWw"]
            rows.sort()
            tables[path] = ([a for a, _ in rows], [n for _, n in rows])
        return tables[path]

    def name(address):
        i = bisect.bisect_right(starts, address) - 1
        if address == 0 or i < 0 or address >= maps[i][1]:
            return "?"
        lo, _, offset, path = maps[i]
        addresses, symbols = table(path)
        j = bisect.bisect_right(addresses, address - lo + offset) - 1
        symbol = symbols[j] if j >= 0 else "?"
        if symbol not in names:
            names[symbol] = subprocess.run(["c++filt", symbol], capture_output=True, text=True).stdout.strip()[:120]
        return os.path.basename(path) + ": " + names[symbol]
    return name


def main():
    path = sys.argv[1]
    shown = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    e = np.fromfile(path, dtype=EVENT)
    name = symbolizer(path + ".maps")
    marks = list(np.nonzero((e["size"] == MARK) & (e["op"] == 1))[0]) + [len(e)]
    if len(marks) < 3:
        sys.exit(f"{path}: fewer than 2 step marks (run the row with PERF_MARK=1)")
    heap = (e["p"] < HEAP_END) & (e["p"] > 0)
    base = int(e["p"][heap].min())
    ends, live, live_bytes, extent = SortedList(), {}, 0, 0
    born = {}
    crossing = defaultdict(list)
    for k in range(len(marks) - 1):
        raises, peak = [], 0
        for i in range(marks[k], marks[k + 1]):
            p, s = int(e["p"][i]), int(e["size"][i])
            if p >= HEAP_END:
                continue
            if e["op"][i] == 1:
                live[p] = s
                born[p] = (i, k)
                ends.add(p + s)
                live_bytes += s
                if p + s - base > extent:
                    extent = p + s - base
                    raises.append((i, s, live_bytes))
            elif p in live:
                s = live.pop(p)
                ends.remove(p + s)
                live_bytes -= s
                b, bk = born.pop(p)
                if bk == k - 1 and k >= 2:
                    crossing[tuple(int(a) for a in e["bt"][b][2:7])].append(s)
            peak = max(peak, live_bytes)
        print(f"step {k}: heap extent {extent / 2**20:.0f} MB, peak live {peak / 2**20:.0f} MB, extent raised {len(raises)} times")
        if k >= 1:
            for i, s, at in raises[-shown:]:
                print(f"   {s / 2**20:.2f} MB at {(i - marks[k]) / (marks[k + 1] - marks[k]):.0%} of the step, {at / 2**20:.0f} MB live:")
                for a in e["bt"][i][2:8]:
                    print("       ", name(int(a)))
    print("allocated in one step, freed in the next (steps 1+), by call site:")
    for key, sizes in sorted(crossing.items(), key=lambda kv: -len(kv[1]))[:shown * 2]:
        print(f"   {len(sizes)} blocks of {sorted(set(sizes))[:4]} bytes:")
        for a in key:
            print("       ", name(a))


if __name__ == "__main__":
    main()
