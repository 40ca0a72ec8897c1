#!/usr/bin/env bash
# Corpus → shards → the four variants of the paper's Table 1 (+ the shipped fine-tune) → export → eval,
# in one command.
# Usage: scripts/reproduce-generator.sh [WORK_DIR] [EPOCHS]
#   WORK_DIR  where the corpus, shards and runs go (default ./work; ~6 GB for the default corpus)
#   EPOCHS    training epochs per variant (default 30, as shipped)
# Needs: scripts/install-corpus-deps.sh (Debian), pip install -r training/requirements.txt, npm ci.
# Time on 2 CPU cores: corpus ~15 min, shards ~10 min, each variant ~30 min (one thread each, two at a
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

python3 training/export_run.py --run "$work/runs/full-swap" --name musicface-full --out models --card training/musicface-full.card.json --shards "$work/shards"
for variant in single two atm full; do
  python3 training/export_run.py --run "$work/runs/$variant" --name "ablation-$variant" --out "$work/ablations" --reference-out "" --shards "$work/shards"
done

node bin/musicface.js eval --corpus "$work/corpus" \
  --models "$work/ablations/ablation-single.json,$work/ablations/ablation-two.json,$work/ablations/ablation-atm.json,$work/ablations/ablation-full.json,musicface-full" \
  --out "$work/eval"
