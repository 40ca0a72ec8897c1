#!/bin/sh
# Makes the tiny neural-renderer fixture the TypeScript tests load (tests/fixtures/neural/):
# a 2-second synthetic subject (the default head rendered over a backdrop), tracked, turned into
# 32-pixel training pairs, trained for a few steps and exported with a card marked "fixture".
# Needs: npm run build, Chromium, Python with requirements-neural.txt.  Run from the repository root.
set -e
work=$(mktemp -d)
node -e "
const s = require('./dist/src/tracking/synthetic-subject');
s.renderSyntheticSubject(s.syntheticTrack({ seconds: 2 }), '$work/subject.mp4', { size: 160 }).catch((e) => { console.error(e); process.exit(1); });
"
node bin/musicface.js track "$work/subject.mp4" --front --no-identity -q
node bin/musicface.js neural-data "$work/subject.mp4" --out "$work/data" --size 32 --holdout-every 2 -q
python3 training/renderer/train.py --data "$work/data" --out "$work/run" --steps 30 --batch 2 --ngf 8 --n-down 2 --n-blocks 1 --ndf 8 --num-d 1 --lr 1e-3 --log 10
mkdir -p tests/fixtures/neural
python3 training/renderer/export.py "$work/run" -o tests/fixtures/neural/tiny.renderer.onnx --fixture
rm -rf "$work"
