#!/usr/bin/env bash
# The performance suite: NasSharp (bench/perf/perf.cs) against PyTorch (bench/reference/perf.py) on the same models,
# one process per row and side, the two sides interleaved row by row and round by round, then one table of medians
# (bench/perf/table.py). Run from anywhere on an otherwise idle machine:
#   bench/perf/run.sh [ROUNDS] [STEPS]        (defaults: 3 rounds of 10 timed steps after 2 warm-up steps; the
#                                              DARTS/BATS supernet rows at most 3 after 1, the recurrent row at most 5 after 1,
#                                              infer-1 20x as many after 20, infer-64 3x after 5)
# Environment: THREADS (default 2, both sides), ROWS (default: every row). Writes bench/perf/results.jsonl (every
# process's line) and bench/perf/latest.md (the table), and prints the table.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
steps=${2:-10}
rows=${ROWS:-"matmul-peak darts-supernet-step darts-alpha-step bats-supernet-step enas-micro-step enas-rnn-shared-step petridish-step child-step infer-1 infer-64 data-decode data-augment"}
export OMP_NUM_THREADS=${THREADS:-2} DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# PyTorch: Debian's python3-torch, run with /usr/bin/python3 (a pyenv python3 earlier on PATH does not see it), with
# OpenBLAS: without it Debian's torch multiplies matrices with netlib's reference BLAS (2.1 vs 50.9 GFLOP/s measured
# here on a 2048x2048 product), which would make every PyTorch row unfairly slow.
if ! /usr/bin/python3 -c "import torch" 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 ]; then
  echo "installing Debian's python3-torch and OpenBLAS (the PyTorch reference) ..."
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torch libopenblas0-openmp > /dev/null
fi
echo "building bench/perf/perf.cs (Release) ..."
dotnet build -c Release bench/perf/perf.cs > /tmp/nassharp-perf-build.log 2>&1 || { cat /tmp/nassharp-perf-build.log; exit 1; }

out=bench/perf/results.jsonl
: > "$out"
run_side() { # side row
  # The supernet rows take 5-50 s a step and up to 9 GB here, the ENAS and Petridish rows 2-10 s: fewer steps for them.
  local n=$steps w=2
  case "$2" in
    # Three steps, not two: one slow step (16.0 s against 10.3-11.3 s the same hour) moved BATS's median of two to 1.13x.
    darts-*|bats-*) n=$(( steps < 3 ? steps : 3 )); w=1 ;;
    enas-*|petridish-*) n=$(( steps < 5 ? steps : 5 )); w=1 ;;
    # Inference calls take 5-10 ms (batch 1) and 60-80 ms (batch 64): a median of 10 of them moved by 1.5x between
    # processes, and oneDNN's primitive caches fill over the first calls. More of them, and a longer warm-up.
    infer-1) n=$(( steps * 20 )); w=20 ;;
    infer-64) n=$(( steps * 3 )); w=5 ;;
  esac
  if [ "$1" = nassharp ]; then
    dotnet run -c Release --no-build bench/perf/perf.cs -- "$2" --steps "$n" --warmup "$w" | tail -n 1
  else
    /usr/bin/python3 bench/reference/perf.py "$2" --steps "$n" --warmup "$w" | tail -n 1
  fi
}
for round in $(seq 1 "$rounds"); do
  for row in $rows; do
    # Alternate which side goes first, so neither always runs on a machine the other just warmed.
    if [ $((round % 2)) -eq 1 ]; then order="nassharp pytorch"; else order="pytorch nassharp"; fi
    for side in $order; do
      # A row that fails is reported, not fatal: the table shows a dash for it.
      line=$(run_side "$side" "$row") || true
      case "$line" in "{"*) ;; *) echo "round $round/$rounds $row $side: failed (exit status or no JSON line)" >&2; continue ;; esac
      echo "$line" >> "$out"
      echo "round $round/$rounds $row $side: $line"
    done
  done
done
/usr/bin/python3 bench/perf/table.py "$out" "$OMP_NUM_THREADS" | tee bench/perf/latest.md
