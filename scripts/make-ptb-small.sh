#!/usr/bin/env bash
# Builds NasSharp's built-in `ptb-small` corpus (src/NasSharp/Data/Text/Ptb/): the first lines of each Penn Treebank
# file, unchanged, so the zero-set-up path and the tests have real text without ../shared/data.
# Usage: scripts/make-ptb-small.sh [ptb-folder] [output-folder]
# Defaults: ../shared/data/ptb relative to the repository root, src/NasSharp/Data/Text/Ptb.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$root/../shared/data/ptb}
out=${2:-$root/src/NasSharp/Data/Text/Ptb}
TRAIN_LINES=4000
EVAL_LINES=400
mkdir -p "$out"
head -n $TRAIN_LINES "$src/ptb.train.txt" > "$out/ptb.train.txt"
head -n $EVAL_LINES "$src/ptb.valid.txt" > "$out/ptb.valid.txt"
head -n $EVAL_LINES "$src/ptb.test.txt" > "$out/ptb.test.txt"
(cd "$out" && sha256sum ptb.train.txt ptb.valid.txt ptb.test.txt && wc -lw ptb.train.txt ptb.valid.txt ptb.test.txt)
