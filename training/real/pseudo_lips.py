"""Pseudo-labels for real lead vocals: a small network that maps the level-free acoustics of a clean vocal
(training/real/acoustics.py) to the teacher's lip and jaw weights, fitted on the synthetic corpus where both
are known exactly (the clean vocal stem and the teacher face), then run on a real song's lead stem.

  python3 training/real/pseudo_lips.py fit --corpus corpus --out work/pseudo-lips.pt

The fit reports, on the corpus's validation songs, the correlation of each lip column with the teacher and
jawOpen's distribution in sung frames beside the teacher's. `label(x)` gives the labels of one vocal; the
sung-frame jaw is mapped onto the teacher's distribution (quantile mapping) so that a real singer's mouth
opens as far as the teacher's does — the issue's 'a singer's amplitude'.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from acoustics import DIM, SR, active, describe, frame_rms_db  # noqa: E402
from losses import LIP_COLUMNS  # noqa: E402
from multitracks import decode  # noqa: E402

CONTEXT = 5  # frames each side (±167 ms: a syllable)
COLS = list(LIP_COLUMNS.values())
JAW = COLS.index(LIP_COLUMNS['jawOpen'])
REST_JAW = 0.04  # the teacher's jawOpen ceiling where the singer is silent (src/corpus/teacher/lips.ts)


def stack(desc):
    T = len(desc)
    pad = np.pad(desc, ((CONTEXT, CONTEXT), (0, 0)), mode='edge')
    return np.concatenate([pad[i : i + T] for i in range(2 * CONTEXT + 1)], 1)


class LipNet(torch.nn.Module):
    def __init__(self, hidden=128):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Linear(DIM * (2 * CONTEXT + 1), hidden),
            torch.nn.GELU(),
            torch.nn.Linear(hidden, hidden),
            torch.nn.GELU(),
            torch.nn.Linear(hidden, len(COLS)),
            torch.nn.Sigmoid(),
        )

    def forward(self, x):
        return self.net(x)


def read_song(d):
    # The lead alone where the corpus has it (lead.wav: no harmonies, doubles or reverb), else the vocal stem.
    lead = os.path.join(d, 'lead.wav')
    x = decode(lead if os.path.exists(lead) else os.path.join(d, 'vocals.wav'), SR, 1)[0]
    with open(os.path.join(d, 'track.json')) as f:
        tr = json.load(f)
    y = np.asarray(tr['expression'], np.float32)[:, COLS]
    T = len(y)
    return stack(describe(x, T)), y, active(frame_rms_db(x, T))


def load_split(corpus, split, limit):
    with open(os.path.join(corpus, 'manifest.json')) as f:
        songs = [s for s in json.load(f)['songs'] if s.get('split', 'train') == split][:limit]
    xs, ys, acts = zip(*(read_song(os.path.join(corpus, 'songs', s['id'])) for s in songs), strict=True)
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(acts)


def fit(args):
    torch.manual_seed(0)
    xtr, ytr, atr = load_split(args.corpus, 'train', args.songs)
    xva, yva, ava = load_split(args.corpus, 'val', 40)
    print(f'{len(xtr)} training frames, {len(xva)} validation frames', flush=True)
    net = LipNet()
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    X, Y = torch.from_numpy(xtr), torch.from_numpy(ytr)
    rng = np.random.default_rng(0)
    for epoch in range(args.epochs):
        perm = rng.permutation(len(X))
        for i in range(0, len(X), 512):
            j = perm[i : i + 512]
            loss = torch.nn.functional.mse_loss(net(X[j]), Y[j])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            p = net(torch.from_numpy(xva)).numpy()
        print(
            f'epoch {epoch}: train mse {loss.item():.4f}, val mse {np.mean((p - yva) ** 2):.4f}, '
            f'jaw r {np.corrcoef(p[:, JAW], yva[:, JAW])[0, 1]:.3f}',
            flush=True,
        )
    with torch.no_grad():
        p = net(torch.from_numpy(xva)).numpy()
    r = {name: round(float(np.corrcoef(p[:, k], yva[:, k])[0, 1]), 3) for k, name in enumerate(LIP_COLUMNS)}
    teacher_jaw = ytr[atr, JAW]
    report = {
        'validation_correlation': r,
        'validation_jaw_sung': {'teacher': stats(yva[ava, JAW]), 'predicted': stats(p[ava, JAW])},
        'train_frames': int(len(xtr)),
        'val_frames': int(len(xva)),
    }
    print(json.dumps(report, indent=1))
    torch.save(
        {
            'net': net.state_dict(),
            'teacher_jaw_quantiles': np.quantile(teacher_jaw, np.linspace(0, 1, 101)).tolist(),
            'report': report,
        },
        args.out,
    )


def stats(j):
    return {
        'mean': round(float(j.mean()), 3),
        'median': round(float(np.median(j)), 3),
        'p90': round(float(np.percentile(j, 90)), 3),
        'open': round(float((j > 0.1).mean()), 3),
    }


class PseudoLips:
    def __init__(self, path):
        ck = torch.load(path, map_location='cpu')
        self.net = LipNet()
        self.net.load_state_dict(ck['net'])
        self.net.eval()
        self.teacher_q = np.asarray(ck['teacher_jaw_quantiles'])

    def label(self, x16k, frame_count, match_teacher=True):
        """Lip columns (frame_count × 13, LIP_COLUMNS order) and the sung frames of one clean vocal."""
        with torch.no_grad():
            y = self.net(torch.from_numpy(stack(describe(x16k, frame_count)))).numpy()
        sung = active(frame_rms_db(x16k, frame_count))
        if match_teacher and sung.any():
            # quantile mapping of the sung frames' jaw onto the teacher's; the other jaw-driven columns keep
            # their ratio to the jaw
            jaw = y[:, JAW].copy()
            ranks = np.searchsorted(np.sort(jaw[sung]), jaw[sung], side='right') / sung.sum()
            mapped = np.interp(ranks, np.linspace(0, 1, len(self.teacher_q)), self.teacher_q)
            ratio = np.where(jaw[sung] > 1e-3, mapped / np.maximum(jaw[sung], 1e-3), 1.0)
            y[sung, JAW] = mapped
            for name in ('mouthLowerDownLeft', 'mouthLowerDownRight'):
                k = COLS.index(LIP_COLUMNS[name])
                y[sung, k] = np.clip(y[sung, k] * ratio, 0, 1)
        # silent frames: the teacher's rest (jaw ≤ REST_JAW, the rest scaled with it)
        rest = ~sung & (y[:, JAW] > REST_JAW)
        y[rest] *= (REST_JAW / y[rest, JAW])[:, None]
        return y, sung


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    f = sub.add_parser('fit')
    f.add_argument('--corpus', required=True)
    f.add_argument('--out', required=True)
    f.add_argument('--songs', type=int, default=160)
    f.add_argument('--epochs', type=int, default=8)
    args = ap.parse_args()
    fit(args)


if __name__ == '__main__':
    main()
