#!/bin/sh
# The README's gaze strip and demo: 8 s of the CC0 Francium excerpt (20–28 s, ../shared/data) animated
# with seed 1 and rendered on the default head at 384², six frames tiled into a strip.
#   sh docs/generator/make-gaze-strip.sh     (from the repository root, after npm run build; needs ffmpeg)
set -e
SONG=../shared/data/audio/francium-55-115s-mixture.flac
TMP=$(mktemp -d)
ffmpeg -v error -ss 20 -t 8 -i "$SONG" "$TMP/clip.wav"
node bin/musicface.js animate "$TMP/clip.wav" -o "$TMP/clip.json" --seed 1 -q
node bin/musicface.js render "$TMP/clip.wav" --track "$TMP/clip.json" --size 384 -q -o docs/generator/gaze-demo.mp4
i=0
for t in 0.2 1.0 2.3 3.9 5.0 6.5; do
  # The face's band of the frame (rows 40–328), at 224 × 168.
  ffmpeg -v error -ss "$t" -i docs/generator/gaze-demo.mp4 -frames:v 1 -vf "crop=384:288:0:40,scale=224:168" "$TMP/f$i.png"
  i=$((i + 1))
done
ffmpeg -v error -y -i "$TMP/f0.png" -i "$TMP/f1.png" -i "$TMP/f2.png" -i "$TMP/f3.png" -i "$TMP/f4.png" -i "$TMP/f5.png" \
  -filter_complex hstack=inputs=6 "$TMP/strip.png"
python3 -c "from PIL import Image; import sys; Image.open(sys.argv[1]).quantize(256).save(sys.argv[2], optimize=True)" "$TMP/strip.png" docs/generator/gaze-strip.png
rm -rf "$TMP"
echo "wrote docs/generator/gaze-demo.mp4 docs/generator/gaze-strip.png"
