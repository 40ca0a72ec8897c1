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
sh training/renderer/train-and-ship.sh "$work" grid-s1 "${CPU_MINUTES:-30}" \
  "GRID audio-visual speech corpus, talker s1: Cooke, M., Barker, J., Cunningham, S., & Shao, X. (2006), doi:10.5281/zenodo.3625687, CC BY 4.0"
