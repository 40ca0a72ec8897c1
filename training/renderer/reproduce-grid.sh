#!/bin/sh
# The GRID s1 renderer in models/renderers/, from the clips in ../shared/data/video/grid-s1 (GRID corpus,
# talker s1: Cooke, Barker, Cunningham & Shao 2006, CC BY 4.0). Run from the repository root after
# `npm ci` and `pip install -r training/requirements-neural.txt`. On 2 shared CPU cores: tracking ~16 min,
# pairs ~3 min, training as long as --cpu-minutes says (30 here; a GPU trains much longer in that time).
set -e
clips=../shared/data/video/grid-s1/clips
work=${WORK:-work/grid-s1}
mkdir -p "$work"
node bin/musicface.js track $clips/*.mpg --out "$work/tracked"
node bin/musicface.js neural-data $clips/*.mpg --fits "$work/tracked" --out "$work/data" --size 128
python3 training/renderer/train.py --data "$work/data" --out "$work/run" --ngf 16 --n-down 3 --n-blocks 4 \
  --ndf 32 --num-d 2 --batch 4 --threads 2 --cpu-minutes ${CPU_MINUTES:-30}
python3 training/renderer/export.py "$work/run" -o "$work/run/grid-s1.renderer.onnx"
python3 training/renderer/evaluate.py "$work/run/grid-s1.renderer.onnx" --data "$work/data" --run "$work/run" \
  --strip docs/neural/grid-s1-heldout.png
python3 training/renderer/export.py "$work/run" -o models/renderers/grid-s1.renderer.onnx \
  --credit "GRID audio-visual speech corpus, talker s1: Cooke, M., Barker, J., Cunningham, S., & Shao, X. (2006), doi:10.5281/zenodo.3625687, CC BY 4.0"
