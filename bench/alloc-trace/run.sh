#!/usr/bin/env bash
# Traces one perf row's heap on both sides (bench/perf/perf.cs and bench/reference/perf.py) with alloctrace.so and prints
# extent.py's per-step account of each: how far glibc's main heap extends against the bytes live, and what raised it.
#   bench/alloc-trace/run.sh ROW [MIN_BYTES=1] [STEPS=3]
# Needs gcc and Python with numpy and sortedcontainers (Debian: python3-numpy python3-sortedcontainers); writes traces
# (~200 MB each for a child step) under bench/tmp/alloc-trace.
set -euo pipefail
cd "$(dirname "$0")/.."
row=$1 min=${2:-1} steps=${3:-3}
out=tmp/alloc-trace && mkdir -p "$out"
gcc -O2 -shared -fPIC -o "$out/alloctrace.so" alloc-trace/alloctrace.c
export OMP_NUM_THREADS=${THREADS:-2} PERF_MARK=1 ALLOCTRACE_MIN=$min
dotnet build -c Release perf/perf.cs > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet build-server shutdown > /dev/null 2>&1 || true
(cd perf && ALLOCTRACE_OUT="$PWD/../$out/nassharp-$row.bin" LD_PRELOAD="$PWD/../$out/alloctrace.so" \
  dotnet run -c Release --no-build perf.cs -- "$row" --steps "$steps" --warmup 1)
(cd perf && ALLOCTRACE_OUT="$PWD/../$out/pytorch-$row.bin" LD_PRELOAD="$PWD/../$out/alloctrace.so" \
  /usr/bin/python3 ../reference/perf.py "$row" --steps "$steps" --warmup 1)
for side in nassharp pytorch; do echo "== $side"; /usr/bin/python3 alloc-trace/extent.py "$out/$side-$row.bin"; done
