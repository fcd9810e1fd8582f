#!/usr/bin/env bash
# Gradients allocated before the first forward (Training/GradientBuffers, the default) against gradients allocated by
# libtorch's first backward (NASSHARP_GRADIENT_BUFFERS=0): the perf suite's NasSharp training rows, alternating, one
# process per run, ROUNDS rounds (default 2), with PERF_LIVE=1 (glibc's peak live bytes and heap size beside the peak
# resident memory). Prints one line per run: mode, then perf.cs's JSON line. Run from anywhere on an idle machine:
#   bench/gradient-buffers.sh [ROUNDS]
# Measured 2026-12-03 (AMD EPYC, 2 threads, libtorch 2.10): see bench/README.md, "Gradient buffers".
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
rows=${ROWS:-"child-step petridish-step enas-micro-step bats-supernet-step darts-supernet-step"}
export OMP_NUM_THREADS=${THREADS:-2} DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PERF_LIVE=1
dotnet build -c Release bench/perf/perf.cs > /tmp/nassharp-gradient-buffers-build.log 2>&1 || { cat /tmp/nassharp-gradient-buffers-build.log; exit 1; }
dotnet build-server shutdown > /dev/null 2>&1 || true # no compiler server left running beside the timed processes
run() { # mode row
  local n=6 w=2
  case "$2" in enas-*|petridish-*) n=4; w=1 ;; *-supernet-*) n=3; w=1 ;; esac
  local v=1; [ "$1" = first-backward ] && v=0
  NASSHARP_GRADIENT_BUFFERS=$v dotnet run -c Release --no-build bench/perf/perf.cs -- "$2" --steps "$n" --warmup "$w" | tail -n 1
}
for r in $(seq 1 "$rounds"); do
  for row in $rows; do
    first=buffers second=first-backward
    [ $(( r % 2 )) -eq 0 ] && first=first-backward second=buffers
    echo "round $r $first $(run $first "$row")"
    echo "round $r $second $(run $second "$row")"
  done
done
