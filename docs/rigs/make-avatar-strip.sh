#!/bin/sh
# Renders the skinned full-body test avatar (tests/render/test-avatar.ts: T-posed Ready Player Me-style
# skeleton, skinned head mesh with the 52 ARKit shapes, teeth and eyes) with `musicface render --rig`
# singing the Slow Motion Dream excerpt (CC BY 3.0, ../shared/data), and tiles frames into a strip:
# one frame with --framing full (arms lowered from the T), one with bust, four with face (the default).
#   sh docs/rigs/make-avatar-strip.sh     (from the repository root, after npm run build; needs ffmpeg)
set -e
OUT=docs/rigs/test-avatar-strip.png
SONG=../shared/data/audio/slow-motion-dream-excerpt.mp3
TMP=$(mktemp -d)
MUSICFACE_TEST_IMAGES=$TMP npx jest tests/render/skinned-avatar.test.ts -t 'skinned full-body' > /dev/null 2>&1
for framing in full bust face; do
  node bin/musicface.js render "$SONG" --rig "$TMP/avatar.glb" --framing $framing --size 256 -q -o "$TMP/$framing.mp4"
done
ffmpeg -v error -ss 4 -i "$TMP/full.mp4" -frames:v 1 "$TMP/f0.png"
ffmpeg -v error -ss 4 -i "$TMP/bust.mp4" -frames:v 1 "$TMP/f1.png"
i=2
for t in 2.80 4.00 7.33 9.13; do  # the four widest jaw openings of the track, a second apart
  ffmpeg -v error -ss "$t" -i "$TMP/face.mp4" -frames:v 1 "$TMP/f$i.png"
  i=$((i + 1))
done
ffmpeg -v error -y -i "$TMP/f0.png" -i "$TMP/f1.png" -i "$TMP/f2.png" -i "$TMP/f3.png" -i "$TMP/f4.png" -i "$TMP/f5.png" \
  -filter_complex hstack=inputs=6 "$OUT"
rm -rf "$TMP"
echo "wrote $OUT"
