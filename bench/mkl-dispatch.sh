#!/usr/bin/env bash
# MKL's AVX-512 kernels on a non-Intel CPU (Runtime/MklCpuDispatch, the default since 2026-12-03): the perf suite's NasSharp rows that
# multiply matrices, each run with the switch (NASSHARP_MKL_AVX512=1, as unset) and without it (=0), alternating, one
# process per run, ROUNDS rounds (default 2). Prints one line per run: mode, then perf.cs's JSON line. Run from anywhere
# on an idle machine:
#   bench/mkl-dispatch.sh [ROUNDS]
# README's main job, the workload that keeps it opt-in, is timed by hand, one run each, back to back:
#   time NASSHARP_MKL_AVX512=1 dotnet run --project src/NasSharp.Cli -c Release -- search --strategy enas \
#     --space enas-micro --preset cpu-small --out /tmp/enas-mkl      (and the same without the variable)
# Measured 2026-12-03 (AMD EPYC with AVX-512, 2 threads, libtorch 2.10): see bench/README.md, "MKL on AMD".
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
rows=${ROWS:-"matmul-peak enas-rnn-shared-step child-step infer-1 infer-64 petridish-step"}
export OMP_NUM_THREADS=${THREADS:-2} DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release bench/perf/perf.cs > /tmp/nassharp-mkl-dispatch-build.log 2>&1 || { cat /tmp/nassharp-mkl-dispatch-build.log; exit 1; }
dotnet build-server shutdown > /dev/null 2>&1 || true # no compiler server left running beside the timed processes
run() { # mode row
  local n=10 w=2
  case "$2" in enas-*|petridish-*) n=5; w=1 ;; esac
  if [ "$1" = avx512 ]; then
    NASSHARP_MKL_AVX512=1 dotnet run -c Release --no-build bench/perf/perf.cs -- "$2" --steps "$n" --warmup "$w" | tail -n 1
  else
    NASSHARP_MKL_AVX512=0 dotnet run -c Release --no-build bench/perf/perf.cs -- "$2" --steps "$n" --warmup "$w" | tail -n 1
  fi
}
for r in $(seq 1 "$rounds"); do
  for row in $rows; do
    first=avx512 second=mkl-default
    [ $(( r % 2 )) -eq 0 ] && first=mkl-default second=avx512
    echo "round $r $first $(run $first "$row")"
    echo "round $r $second $(run $second "$row")"
  done
done
