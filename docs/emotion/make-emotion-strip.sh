#!/bin/sh
# The README's emotion strip: the same sung frame as neutral, joy, sadness and anger at intensity 1, on the
# default head. 4 s of the CC0 Francium excerpt from 20 s (../shared/data), animated once per emotion and
# rendered with the song; frame 88 of each render, side by side.
#   sh docs/emotion/make-emotion-strip.sh     (from the repository root, after npm run build; needs ffmpeg)
set -e
OUT=docs/emotion/emotion-strip.png
SONG=../shared/data/audio/francium-55-115s-mixture.flac
TMP=$(mktemp -d)
ffmpeg -v error -ss 20 -t 4 -i "$SONG" "$TMP/clip.wav"
for e in neutral joy sadness anger; do
  node bin/musicface.js animate "$TMP/clip.wav" -q -o "$TMP/$e.json" --emotion $e --intensity 1
  node bin/musicface.js render "$TMP/clip.wav" --track "$TMP/$e.json" --size 384 -q -o "$TMP/$e.mp4"
  ffmpeg -v error -i "$TMP/$e.mp4" -vf "select=eq(n\,88)" -frames:v 1 "$TMP/$e.png"
done
ffmpeg -v error -y -i "$TMP/neutral.png" -i "$TMP/joy.png" -i "$TMP/sadness.png" -i "$TMP/anger.png" \
  -filter_complex "hstack=inputs=4,scale=1152:-2" "$OUT"
rm -rf "$TMP"
echo "wrote $OUT"
