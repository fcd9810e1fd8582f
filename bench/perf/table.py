"""The performance suite's table (bench/perf/run.sh): per row, the median over rounds of each side's median step time,
the ratio NasSharp/PyTorch, each side's largest peak resident memory, and achieved GFLOP/s (the PyTorch side's analytic
FLOP count of the row's step, which both sides compute, over each side's time) as a share of that side's measured
matrix-multiply peak (row matmul-peak)."""
import json
import platform
import statistics
import subprocess
import sys
from collections import defaultdict


def cpu_name():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def main(path, threads):
    runs = defaultdict(list)
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            runs[(r["row"], r["side"])].append(r)
    rows = list(dict.fromkeys(row for row, _ in runs))
    median = {key: statistics.median(r["median_ms"] for r in rs) for key, rs in runs.items()}
    peak_mb = {key: max(r["peak_rss_mb"] for r in rs) for key, rs in runs.items()}
    flops = {row: runs[(row, "pytorch")][0].get("flops", 0) for row in rows if (row, "pytorch") in runs}
    ceiling = {side: flops.get("matmul-peak", 0) / median[("matmul-peak", side)] / 1e6
               for side in ("nassharp", "pytorch") if ("matmul-peak", side) in median}
    # The two sides must build the same models: a row whose parameter counts differ is not a comparison.
    mismatched = [row for row in rows
                  if len({r["params"] for side in ("nassharp", "pytorch") for r in runs.get((row, side), [])}) > 1]
    avx512 = "avx512f" in open("/proc/cpuinfo").read()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"Machine: {cpu_name()} ({'with' if avx512 else 'without'} AVX-512), {threads} threads both sides; "
          f"commit {commit}; rounds {len(next(iter(runs.values())))}.")
    print()
    print("| row | NasSharp ms | PyTorch ms | ratio | NasSharp peak MB | PyTorch peak MB | NasSharp GFLOP/s (% of peak) | PyTorch GFLOP/s (% of peak) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        ours, theirs = median.get((row, "nassharp")), median.get((row, "pytorch"))
        ratio = f"{ours / theirs:.2f}" if ours and theirs else "—"

        def rate(side, ms):
            if not ms or not flops.get(row):
                return "—"
            g = flops[row] / ms / 1e6
            share = f" ({100 * g / ceiling[side]:.0f}%)" if ceiling.get(side) else ""
            return f"{g:.1f}{share}"

        def cell(value, fmt):
            return fmt.format(value) if value is not None else "—"

        name = f"{row} (PARAMETER COUNTS DIFFER)" if row in mismatched else row
        print(f"| {name} | {cell(ours, '{:.1f}')} | {cell(theirs, '{:.1f}')} | {ratio} | "
              f"{cell(peak_mb.get((row, 'nassharp')), '{:.0f}')} | {cell(peak_mb.get((row, 'pytorch')), '{:.0f}')} | "
              f"{rate('nassharp', ours)} | {rate('pytorch', theirs)} |")


    if mismatched:
        print(f"\nerror: the sides' parameter counts differ on {', '.join(mismatched)}: fix bench/reference first",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "?")
