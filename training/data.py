"""Training shards written by `musicface dataset build` (TypeScript, the same feature code as inference).

shards/index.json lists songs; per song <id>.<stream>.f32 holds 100 fps MFCC+delta rows (n × 26) of the
separated vocals, accompaniment and the mixture, <id>.widx.i32 the T × 39 window indices (made by the
TypeScript windowing code), <id>.labels.f32 the T × D targets, whose columns index.json names in
labelColumns (written by src/dataset/shard-format.ts; label_columns reads them).
"""

import json
import os

import numpy as np
import torch

from model import N_ARKIT, POSE_DIM

# The labels training reads, with the widths the model's heads need (the shards also hold 'eyes').
LABEL_WIDTHS = {'expression': N_ARKIT, 'pose': POSE_DIM, 'eyeLong': 1, 'vocal': 1}


def label_columns(root, index):
    """Named column slices of a labels.f32 row, from the labelColumns `musicface dataset build` writes into
    index.json, e.g. {'expression': slice(0, 52), 'pose': slice(52, 58), ...}."""
    cols = index.get('labelColumns')
    if cols is None:
        raise SystemExit(
            f'{root}: index.json has no labelColumns (shards written before the label layout was '
            'recorded): rebuild with musicface dataset build'
        )
    out = {name: slice(int(a), int(b)) for name, (a, b) in cols.items()}
    for name, width in LABEL_WIDTHS.items():
        if name not in out or out[name].stop - out[name].start != width:
            raise SystemExit(
                f'{root}: index.json labelColumns has no {width}-column {name!r} label '
                f'(has {cols}): rebuild with musicface dataset build'
            )
    return out


def to_device(batch, dev):
    """A batch (tensors, and the dict of label tensors) on device dev."""
    return {k: to_device(v, dev) if isinstance(v, dict) else v.to(dev) for k, v in batch.items()}


class Song:
    def __init__(self, root, entry, label_dim):
        self.id = entry['id']
        self.style = entry['styleIndex']
        self.frames = entry['frames']
        base = os.path.join(root, entry['id'])
        self.mfcc = {
            s: np.fromfile(f'{base}.{s}.f32', dtype=np.float32).reshape(-1, 26)
            for s in ('vocals', 'accompaniment', 'mixture')
        }
        self.widx = np.fromfile(f'{base}.widx.i32', dtype=np.int32).reshape(self.frames, 39)
        self.labels = np.fromfile(f'{base}.labels.f32', dtype=np.float32).reshape(self.frames, label_dim)


class Shards:
    def __init__(self, root, split, split_key='split'):
        with open(os.path.join(root, 'index.json')) as f:
            self.index = json.load(f)
        self.styles = self.index['styles']
        self.columns = label_columns(root, self.index)
        label_dim = max(c.stop for c in self.columns.values())
        self.songs = [Song(root, e, label_dim) for e in self.index['songs'] if e[split_key] == split]
        if not self.songs:
            raise SystemExit(f'{root}: no songs in split {split!r}')
        lens = np.array([s.frames for s in self.songs], dtype=np.float64)
        self.weights = lens / lens.sum()
        self.frames = int(lens.sum())

    def window(self, song, start, length):
        """Features (B=1 slices) and labels of frames start … start+length−1 of one song."""
        idx = song.widx[start : start + length]
        feats = {s: song.mfcc[s][idx] for s in song.mfcc}  # length × 39 × 26
        return feats, song.labels[start : start + length]

    def batch(self, rng, batch, length):
        """batch windows of length frames, songs drawn by length; 'labels' maps each label name to a tensor."""
        feats = {s: [] for s in ('vocals', 'accompaniment', 'mixture')}
        labels, styles, prev = [], [], []
        for _ in range(batch):
            song = self.songs[rng.choice(len(self.songs), p=self.weights)]
            start = int(rng.integers(2, max(3, song.frames - length)))
            f, lab = self.window(song, start, length)
            for s in feats:
                feats[s].append(f[s])
            labels.append(lab)
            styles.append(song.style)
            prev.append(song.labels[start - 2 : start, self.columns['pose']])  # p_{t-2}, p_{t-1}
        out = {s: torch.from_numpy(np.stack(v)) for s, v in feats.items()}
        labels = np.stack(labels)
        out['labels'] = {name: torch.from_numpy(labels[..., c]) for name, c in self.columns.items()}
        out['style'] = torch.nn.functional.one_hot(torch.tensor(styles), len(self.styles)).float()
        prev = torch.from_numpy(np.stack(prev))
        out['pose0'] = prev[:, 1]
        out['vel0'] = prev[:, 1] - prev[:, 0]
        return out


def pose_stats(shards):
    """Per-dimension spread of pose and of its per-frame velocity over the training set."""
    pose = shards.columns['pose']
    poses = np.concatenate([s.labels[:, pose] for s in shards.songs])
    vel = np.concatenate([np.diff(s.labels[:, pose], axis=0) for s in shards.songs])
    pose_scale = np.maximum(poses.std(0), 1e-4)
    vel_scale = np.maximum(np.abs(vel).mean(0), 1e-6)
    limits = np.abs(poses).max(0) * 1.5
    return pose_scale.tolist(), vel_scale.tolist(), limits.tolist()


def pose_range(shards):
    """Per-dimension 99th percentile of |pose|: where the runtime's integrator turns the head back."""
    poses = np.concatenate([s.labels[:, shards.columns['pose']] for s in shards.songs])
    return np.percentile(np.abs(poses), 99, axis=0).tolist()


def feature_stats(shards):
    """Per-dimension mean and spread of each stream's MFCC rows over the training songs."""
    out = {}
    for stream in ('vocals', 'accompaniment', 'mixture'):
        rows = np.concatenate([s.mfcc[stream] for s in shards.songs])
        out[stream] = (rows.mean(0).tolist(), np.maximum(rows.std(0), 1e-3).tolist())
    return out
