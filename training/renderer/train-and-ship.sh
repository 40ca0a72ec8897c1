#!/bin/sh
# Train → export → evaluate on the held-out clips (strip in docs/neural/) → export again into
# models/renderers/ so the card carries the held-out metrics. Shared by the reproduce-*.sh scripts.
# Usage: train-and-ship.sh WORK NAME LIMIT CREDIT   (WORK holds data/ from musicface neural-data;
# LIMIT bounds this session's training, e.g. "--minutes 6" on a GPU or "--cpu-minutes 30" on a CPU)
# The network is the shipped renderers' (4.4 M parameters, 17.5 MB); NET overrides it, e.g.
# NET="--ngf 16 --n-blocks 4 --ndf 32 --num-d 2 --batch 4" for a CPU-sized one.
set -e
work=$1 name=$2 limit=$3 credit=$4
net=${NET:---ngf 32 --n-down 3 --n-blocks 3 --ndf 64 --num-d 3 --batch 16 --bf16}
# shellcheck disable=SC2086
python3 training/renderer/train.py --data "$work/data" --out "$work/run" $net --threads 2 $limit
python3 training/renderer/export.py "$work/run" -o "$work/run/$name.renderer.onnx"
python3 training/renderer/evaluate.py "$work/run/$name.renderer.onnx" --data "$work/data" --run "$work/run" \
  --strip "docs/neural/$name-heldout.png"
python3 training/renderer/export.py "$work/run" -o "models/renderers/$name.renderer.onnx" --credit "$credit"
