#!/usr/bin/env bash
# Reproduces README's DARTS/BATS measurements (issue 11), one run after another on this machine's threads:
# the cpu-small BATS searches at T = 0.2 and T = 1 and the DARTS search on the full Fashion-MNIST, each derived cell
# trained fully binary the same way (two stages), and DARTS first and second order on NAS-Bench-201 (CIFAR-10 JPEG).
# Usage: scripts/darts-bats.sh [output folder, default runs/darts-bats]   (several hours on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/darts-bats}
mkdir -p "$out"
dotnet build src/NasSharp.Cli -c Release > /dev/null
nas() { dotnet run --project src/NasSharp.Cli -c Release --no-build -- "$@"; }
fm=../shared/data/fashion-mnist
cifar=../shared/data/cifar-10-jpeg-q75
nas search --strategy bats  --space darts --preset cpu-small --data $fm --retrain 0 --out "$out/bats-t02" | tee "$out/bats-t02.log"
nas search --strategy bats  --space darts --preset cpu-small --data $fm --retrain 0 --temperature 1 --out "$out/bats-t1" | tee "$out/bats-t1.log"
nas search --strategy darts --space darts --preset cpu-small --data $fm --retrain 0 --out "$out/darts" | tee "$out/darts.log"
for run in bats-t02 darts; do
  nas train --arch "$(cat "$out/$run/genotypes/best.txt")" --data $fm --binary --channels 12 --binary-groups 4 --layers 5 \
    --epochs 3 --stage2-epochs 3 --batch-size 64 --train-limit 10000 --out "$out/train-$run" | tee "$out/train-$run.log"
done
nas search --strategy darts --space nb201 --preset cpu-small --data $cifar --out "$out/nb201-first" | tee "$out/nb201-first.log"
nas search --strategy darts --space nb201 --preset cpu-small --unrolled true --data $cifar --out "$out/nb201-second" | tee "$out/nb201-second.log"
