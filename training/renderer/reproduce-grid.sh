#!/bin/sh
# The GRID s1 renderer in models/renderers/, from the clips in ../shared/data/video/grid-s1 (GRID corpus,
# talker s1: Cooke, Barker, Cunningham & Shao 2006, CC BY 4.0). Run from the repository root after
# `npm ci` and `pip install -r training/requirements-neural.txt`. On 2 CPU cores: tracking ~22 min,
# 256² pairs ~8 min (3.3 GB). The shipped one trained 6 minutes on one H200 (LIMIT="--minutes 6");
# on a CPU the same network needs days for that, so bound it with LIMIT="--cpu-minutes N".
# Pairs made here and trained elsewhere: `python3 training/renderer/pack.py pack $WORK/data P --cond-crf 2
# --only train` (32 MB), copy P over, `pack.py unpack P data` there, train there, and bring back the run.
set -e
clips=../shared/data/video/grid-s1/clips
work=${WORK:-work/grid-s1}
mkdir -p "$work"
node bin/musicface.js track $clips/*.mpg --out "$work/tracked"
node bin/musicface.js neural-data $clips/*.mpg --fits "$work/tracked" --out "$work/data" --size "${SIZE:-256}"
sh training/renderer/train-and-ship.sh "$work" grid-s1 "${LIMIT:---minutes 6}" \
  "GRID audio-visual speech corpus, talker s1: Cooke, M., Barker, J., Cunningham, S., & Shao, X. (2006), doi:10.5281/zenodo.3625687, CC BY 4.0"
