#!/usr/bin/env bash
# Corpus → shards → the four variants of the paper's Table 1 (+ the shipped fine-tunes) → export → eval,
# in one command.
# Usage: scripts/reproduce-generator.sh [WORK_DIR] [EPOCHS]
#   WORK_DIR  where the corpus, shards and runs go (default ./work; ~6 GB for the default corpus)
#   EPOCHS    training epochs per variant (default 30, as shipped)
# Needs: scripts/install-corpus-deps.sh (Debian), pip install -r training/requirements.txt, npm ci.
# Time on 2 CPU cores: corpus ~5 min, shards ~5 min per set, each variant 15–60 min (one thread each, two at a
# time: one thread per run is faster than two, which contend), eval ~10 min.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-work}
epochs=${2:-30}
songs=${SONGS:-320}
seconds=${SECONDS_PER_SONG:-45}
mkdir -p "$work"
npm run build --silent

node bin/musicface.js corpus synth --songs "$songs" --seconds "$seconds" --out "$work/corpus" --seed 1
node bin/musicface.js dataset build --corpus "$work/corpus" --out "$work/shards"

train() { python3 training/train.py --shards "$work/shards" --variant "$1" --epochs "$epochs" --threads 1 --out "$work/runs/$1"; }
train full & a=$!; train single & b=$!; wait $a; wait $b
train two & a=$!; train atm & b=$!; wait $a; wait $b
# The shipped model: Full, then 10 more epochs with the lip loss on voices over another song's band
# (training/losses.py lip_invariance_loss).
mkdir -p "$work/runs/full-swap" && cp "$work/runs/full/checkpoint.pt" "$work/runs/full-swap/"
python3 training/train.py --shards "$work/shards" --variant full --epochs $((epochs + 10)) --threads 1 \
  --swap-accompaniment 1 --out "$work/runs/full-swap"

# Then, on a 52-epoch schedule (epochs + 22), 5 epochs with the speed branch supervised directly and the
# collapsed pose attention reopened, and 7 more that also show it the separator's output for each song's
# band alone (shards built from a copy of the corpus whose mixtures are the accompaniments).
mkdir -p "$work/runs/full-st" && cp "$work/runs/full-swap/checkpoint.pt" "$work/runs/full-st/"
python3 training/train.py --shards "$work/shards" --variant full --epochs $((epochs + 22)) --until $((epochs + 15)) \
  --threads 1 --swap-accompaniment 1 --speed-target 0.1 --reset-attention pose --out "$work/runs/full-st"
mkdir -p "$work/corpus-bandonly/songs" && cp "$work/corpus/manifest.json" "$work/corpus-bandonly/"
for d in "$work"/corpus/songs/*/; do
  id=$(basename "$d"); mkdir -p "$work/corpus-bandonly/songs/$id"
  for f in "$d"*; do ln -sf "$(realpath "$f")" "$work/corpus-bandonly/songs/$id/"; done
  ln -sf "$(realpath "$d/accompaniment.wav")" "$work/corpus-bandonly/songs/$id/mixture.wav"
done
node bin/musicface.js dataset build --corpus "$work/corpus-bandonly" --out "$work/shards-bandonly"
mkdir -p "$work/runs/full-stb" && cp "$work/runs/full-st/checkpoint.pt" "$work/runs/full-stb/"
python3 training/train.py --shards "$work/shards" --variant full --epochs $((epochs + 22)) \
  --threads 1 --swap-accompaniment 1 --speed-target 0.1 --band-only "$work/shards-bandonly" --out "$work/runs/full-stb"

# Then, restarted from the exported weights (a fresh discriminator and Adam state, as shipped), 18 epochs with
# the band-alone loss weighted 3, 6 and 12, the eye attention reopened at the first.
python3 training/export_run.py --run "$work/runs/full-stb" --name full-stb --out "$work/stb" --reference-out ""
python3 training/init_from_model.py --model "$work/stb/full-stb" --out "$work/runs/full-band"
band_stage() {
  python3 training/train.py --shards "$work/shards" --variant full --epochs "$1" --threads 1 --swap-accompaniment 1 \
    --speed-target 0.1 --band-only "$work/shards-bandonly" --band-only-weight "$2" ${3:+--reset-attention "$3"} --out "$work/runs/full-band"
}
band_stage $((epochs + 28)) 3 eye
band_stage $((epochs + 34)) 6
band_stage $((epochs + 40)) 12

# Then real voices (training/real/): a small network fitted on the corpus maps a clean vocal's level-free
# acoustics to the teacher's lips; it labels the lead stems of the CC0 multitracks (STEMS, default
# ../shared/data/stems), which are remixed (own band, other bands, synthetic bands; synthetic voices over real
# bands; half the real leads resung by other voices, voice_variants.py; balance, EQ, reverb, −20…+6 dB) into a
# corpus whose songs train the lips only, and the real bands alone (lips shut). 7.Francium is held out.
stems=${STEMS:-../shared/data/stems}
python3 training/real/pseudo_lips.py fit --corpus "$work/corpus" --out "$work/pseudo-lips.pt" --songs 120 --epochs 8
real_corpus() { python3 training/real/make_real_corpus.py --stems "$stems" --corpus "$work/corpus" --pseudo "$work/pseudo-lips.pt" --cache "$work/stem-cache" "$@"; }
real_corpus --out "$work/real-corpus" --songs 240 --val-songs 24
real_corpus --out "$work/real-band-corpus" --band-alone --songs 80 --val-songs 10
node bin/musicface.js dataset build --corpus "$work/real-corpus" --out "$work/real-shards"
node bin/musicface.js dataset build --corpus "$work/real-band-corpus" --out "$work/real-band-shards"
python3 training/export_run.py --run "$work/runs/full-band" --name full-band --out "$work/band" --reference-out ""
python3 training/init_from_model.py --model "$work/band/full-band" --out "$work/runs/full-real"
real_stage() {
  python3 training/train.py --shards "$work/shards" --variant full --epochs "$1" --steps-per-epoch 150 --lr 3e-3 --threads 1 \
    --swap-accompaniment 1 --speed-target 0.1 --real "$work/real-shards" --real-weight 3 --out "$work/runs/full-real" "${@:2}"
}
real_stage $((epochs + 46))
real_stage $((epochs + 58)) --until $((epochs + 52))
real_stage $((epochs + 61)) --band-only "$work/real-band-shards" --band-only-weight 6
# Then, restarted from those weights, 12 epochs with the real bands alone weighted 8: the shipped model. (As
# shipped, the three stages above read a real corpus built before voice_variants.py; this one read it.)
python3 training/export_run.py --run "$work/runs/full-real" --name full-real --out "$work/real" --reference-out ""
python3 training/init_from_model.py --model "$work/real/full-real" --out "$work/runs/full-v2"
real_stage_v2() {
  python3 training/train.py --shards "$work/shards" --variant full --epochs $((epochs + 73)) --steps-per-epoch 150 --lr 3e-3 --threads 1 \
    --swap-accompaniment 1 --speed-target 0.1 --real "$work/real-shards" --real-weight 3 \
    --band-only "$work/real-band-shards" --band-only-weight 8 --out "$work/runs/full-v2"
}
real_stage_v2
# Then, restarted from those weights, 12 epochs with the real bands alone weighted 10: the shipped model. (As
# shipped, every stage before this one read a build of the corpus with two singers, kal and ked; this one read
# the 14-singer build that `corpus synth` makes today, with the pseudo-labeller refitted and the real corpus
# rebuilt on it. This script builds the 14-singer corpus once and uses it throughout.)
# restart FROM TO EPOCHS SHARDS_PREFIX THREADS: export runs/FROM, start runs/TO from its weights (fresh discriminator
# and Adam state) and train it to EPOCHS on SHARDS_PREFIX{shards,real-shards,real-band-shards}, real bands weighted 10.
restart() {
  python3 training/export_run.py --run "$work/runs/$1" --name "$1" --out "$work/export-$1" --reference-out ""
  python3 training/init_from_model.py --model "$work/export-$1/$1" --out "$work/runs/$2"
  python3 training/train.py --shards "$work/${4}shards" --variant full --epochs "$3" --steps-per-epoch 150 --lr 3e-3 --threads "$5" \
    --swap-accompaniment 1 --speed-target 0.1 --real "$work/${4}real-shards" --real-weight 3 \
    --band-only "$work/${4}real-band-shards" --band-only-weight 10 --out "$work/runs/$2"
}
restart full-v2 full-v3 $((epochs + 85)) "" 1

# Then, restarted from those weights, 10 epochs on every stream as the learned separator hands it over (the
# default separator since this stage): the corpus, the real corpus and the real bands alone rebuilt with
# `--separator learned`, the same losses and weights.
for set in corpus real-corpus real-band-corpus; do
  node bin/musicface.js dataset build --corpus "$work/$set" --out "$work/learned-${set/corpus/shards}" --separator learned
done
restart full-v3 full-learned $((epochs + 95)) learned- 2

python3 training/export_run.py --run "$work/runs/full-learned" --name musicface-full --out models --card training/musicface-full.card.json --shards "$work/learned-shards"
# The lead-voice gate (models/lead-voice.json), on features made through the same separator by the shipped
# generator's inference code (the card, training/musicface-full.card.json, turns the gate on).
node dist/bench/lead-voice-data.js --out "$work/lead-voice" --corpus "$work/corpus" --corpus-songs 60 --separator learned
OMP_NUM_THREADS=1 python3 training/lead_voice/train_lead_voice.py --data "$work/lead-voice"
# The three ablations ship beside it (models/ablation-*.json), so that `musicface eval` reproduces Table 1.
for variant in single two atm; do
  python3 training/export_run.py --run "$work/runs/$variant" --name "ablation-$variant" --out models --reference-out "" --shards "$work/shards"
done

# Table 1: the ablations with the separator they learned (built-in); the shipped Full with its own (the default).
node bin/musicface.js eval --corpus "$work/corpus" --models ablation-single,ablation-two,ablation-atm --separator builtin --out "$work/eval-ablations"
node bin/musicface.js eval --corpus "$work/corpus" --models musicface-full --out "$work/eval"
