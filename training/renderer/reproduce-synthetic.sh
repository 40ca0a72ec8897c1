#!/bin/sh
# A renderer for the synthetic subject (the default head with skin, light and a backdrop, driven by a
# known track): 60 s rendered at 832² (a sharp source: the face crop is 513 px, so the renderer works at
# 512²), cut into 12 clips of 5 s, tracked, turned into pairs (2 clips held out), trained and evaluated
# like the GRID one. Because its truth is known, it separates what the renderer gets wrong from what the
# tracker gets wrong. Run from the repository root after `npm ci` and
# `pip install -r training/requirements-neural.txt`; needs Chromium. On 2 CPU cores: render 1.5 min,
# tracking 2.5 min, 512² pairs 5.5 min (2.8 GB). The shipped one trained 3.5 minutes on one H200
# (LIMIT="--minutes 3.5" NET="... --batch 8"); pairs packed for that with `pack.py pack --cond-crf 6`.
set -e
work=${WORK:-work/synthetic-subject}
mkdir -p "$work/clips"
node -e "
const s = require('./dist/src/tracking/synthetic-subject');
s.renderSyntheticSubject(s.syntheticTrack({ seconds: 60 }), '$work/subject.mp4', { size: ${VIDEO:-832} }).catch((e) => { console.error(e); process.exit(1); });
"
ffmpeg=$(node -e "console.log(require('@ffmpeg-installer/ffmpeg').path)")
for k in 0 1 2 3 4 5 6 7 8 9 10 11; do
  "$ffmpeg" -v error -y -ss $((k * 5)) -t 5 -i "$work/subject.mp4" -c:v libx264 -crf 16 -pix_fmt yuv420p "$work/clips/clip$(printf %02d $k).mp4"
done
node bin/musicface.js track "$work"/clips/*.mp4 --out "$work/tracked" --front --no-identity -q
node bin/musicface.js neural-data "$work"/clips/*.mp4 --fits "$work/tracked" --out "$work/data" --size "${SIZE:-512}" --holdout-every 6 -q
NET=${NET:---ngf 32 --n-down 3 --n-blocks 3 --ndf 64 --num-d 3 --batch 8 --bf16} \
  sh training/renderer/train-and-ship.sh "$work" synthetic-subject "${LIMIT:---minutes 3.5}" \
  "MusicFace default head (synthetic subject), rendered by training/renderer/reproduce-synthetic.sh"
