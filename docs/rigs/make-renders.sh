#!/bin/sh
# Renders the default head (neutral, head and shoulders, and a few ARKit shapes) for the README with
# Blender Cycles (CPU).
#   sh docs/rigs/make-renders.sh            (run from the repository root; needs blender and python3 with Pillow)
set -e
HEAD=rigs/default/head.glb
OUT=docs/rigs
TMP=$(mktemp -d)
FACE='"center_y":-0.04,"center_z":0.185,"distance":0.56'
BUST='"center_y":-0.02,"center_z":0.125,"distance":1.1'
render() { # name view weights-json [camera]
  blender -b --factory-startup --python tests/blender/render_head.py -- "$HEAD" "$TMP/$1.png" \
    "{\"size\":320,\"samples\":64,\"view\":\"$2\",${4:-$FACE},\"elevation\":4,\"weights\":$3}" > /dev/null 2>&1
}
# Head and shoulders for the two neutral views, the face alone for the shapes.
render neutral front '{}' "$BUST"
render neutral-3q three-quarter '{}' "$BUST"
render jawOpen front '{"jawOpen":0.8}'
render smile front '{"mouthSmileLeft":1,"mouthSmileRight":1,"cheekSquintLeft":0.5,"cheekSquintRight":0.5}'
render blink front '{"eyeBlinkLeft":1,"eyeBlinkRight":1}'
render surprise front '{"browInnerUp":1,"browOuterUpLeft":1,"browOuterUpRight":1,"eyeWideLeft":1,"eyeWideRight":1,"jawOpen":0.35}'
render funnel front '{"mouthFunnel":1,"jawOpen":0.2}'
render pucker front '{"mouthPucker":1}'
render frown front '{"mouthFrownLeft":1,"mouthFrownRight":1,"browDownLeft":1,"browDownRight":1}'
render tongue front '{"jawOpen":0.6,"tongueOut":1}'
python3 - "$TMP" "$OUT" <<'PY'
import sys
from PIL import Image, ImageDraw
tmp, out = sys.argv[1], sys.argv[2]
Image.open(f"{tmp}/neutral.png").save(f"{out}/neutral.png", optimize=True)
Image.open(f"{tmp}/neutral-3q.png").save(f"{out}/neutral-three-quarter.png", optimize=True)
names = [("jawOpen", "jawOpen 0.8"), ("smile", "mouthSmile L+R, cheekSquint"), ("blink", "eyeBlink L+R"), ("surprise", "browInnerUp, browOuterUp, eyeWide, jawOpen .35"),
         ("funnel", "mouthFunnel, jawOpen .2"), ("pucker", "mouthPucker"), ("frown", "mouthFrown L+R, browDown L+R"), ("tongue", "jawOpen .6, tongueOut")]
s = 240
sheet = Image.new("RGB", (4 * s, 2 * s), (40, 42, 50))
for k, (f, label) in enumerate(names):
    im = Image.open(f"{tmp}/{f}.png").resize((s, s), Image.LANCZOS)
    d = ImageDraw.Draw(im)
    d.rectangle([0, s - 18, s, s], fill=(20, 20, 26))
    d.text((6, s - 15), label, fill=(235, 235, 235))
    sheet.paste(im, ((k % 4) * s, (k // 4) * s))
sheet.save(f"{out}/shapes.png", optimize=True)
PY
rm -rf "$TMP"
echo "wrote $OUT/neutral.png $OUT/neutral-three-quarter.png $OUT/shapes.png"
