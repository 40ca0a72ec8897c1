#!/bin/sh
# Train → export → evaluate on the held-out clips (strip in docs/neural/) → export again into
# models/renderers/ so the card carries the held-out metrics. Shared by the reproduce-*.sh scripts.
# Usage: train-and-ship.sh WORK NAME CPU_MINUTES CREDIT   (WORK holds data/ from musicface neural-data)
set -e
work=$1 name=$2 minutes=$3 credit=$4
python3 training/renderer/train.py --data "$work/data" --out "$work/run" --ngf 16 --n-down 3 --n-blocks 4 \
  --ndf 32 --num-d 2 --batch 4 --threads 2 --cpu-minutes "$minutes"
python3 training/renderer/export.py "$work/run" -o "$work/run/$name.renderer.onnx"
python3 training/renderer/evaluate.py "$work/run/$name.renderer.onnx" --data "$work/data" --run "$work/run" \
  --strip "docs/neural/$name-heldout.png"
python3 training/renderer/export.py "$work/run" -o "models/renderers/$name.renderer.onnx" --credit "$credit"
