"""Training shards written by `musicface dataset build` (TypeScript, the same feature code as inference).

shards/index.json lists songs; per song <id>.<stream>.f32 holds 100 fps MFCC+delta rows (n × 26) of the
separated vocals, accompaniment and the mixture, <id>.widx.i32 the T × 39 window indices (made by the
TypeScript windowing code), <id>.labels.f32 the T × LABEL_DIM targets.
"""
import json
import os
import numpy as np
import torch

N_ARKIT = 52
LABELS = {'expression': (0, 52), 'pose': (52, 58), 'eye_long': (58, 59), 'eyes': (59, 61), 'vocal': (61, 62)}
LABEL_DIM = 62


class Song:
    def __init__(self, root, entry):
        self.id = entry['id']
        self.style = entry['styleIndex']
        self.frames = entry['frames']
        base = os.path.join(root, entry['id'])
        self.mfcc = {s: np.fromfile(f'{base}.{s}.f32', dtype=np.float32).reshape(-1, 26)
                     for s in ('vocals', 'accompaniment', 'mixture')}
        self.widx = np.fromfile(f'{base}.widx.i32', dtype=np.int32).reshape(self.frames, 39)
        self.labels = np.fromfile(f'{base}.labels.f32', dtype=np.float32).reshape(self.frames, LABEL_DIM)


class Shards:
    def __init__(self, root, split, split_key='split'):
        with open(os.path.join(root, 'index.json')) as f:
            self.index = json.load(f)
        self.styles = self.index['styles']
        self.songs = [Song(root, e) for e in self.index['songs'] if e[split_key] == split]
        if not self.songs:
            raise SystemExit(f'{root}: no songs in split {split!r}')
        lens = np.array([s.frames for s in self.songs], dtype=np.float64)
        self.weights = lens / lens.sum()
        self.frames = int(lens.sum())

    def window(self, song, start, length):
        """Features (B=1 slices) and labels of frames start … start+length−1 of one song."""
        idx = song.widx[start:start + length]
        feats = {s: song.mfcc[s][idx] for s in song.mfcc}                 # length × 39 × 26
        return feats, song.labels[start:start + length]

    def batch(self, rng, batch, length):
        feats = {s: [] for s in ('vocals', 'accompaniment', 'mixture')}
        labels, styles, prev = [], [], []
        for _ in range(batch):
            song = self.songs[rng.choice(len(self.songs), p=self.weights)]
            start = int(rng.integers(2, max(3, song.frames - length)))
            f, l = self.window(song, start, length)
            for s in feats:
                feats[s].append(f[s])
            labels.append(l)
            styles.append(song.style)
            prev.append(song.labels[start - 2:start, 52:58])             # p_{t-2}, p_{t-1}
        out = {s: torch.from_numpy(np.stack(v)) for s, v in feats.items()}
        out['labels'] = torch.from_numpy(np.stack(labels))
        out['style'] = torch.nn.functional.one_hot(torch.tensor(styles), len(self.styles)).float()
        prev = torch.from_numpy(np.stack(prev))
        out['pose0'] = prev[:, 1]
        out['vel0'] = prev[:, 1] - prev[:, 0]
        return out


def pose_stats(shards):
    """Per-dimension spread of pose and of its per-frame velocity over the training set."""
    poses = np.concatenate([s.labels[:, 52:58] for s in shards.songs])
    vel = np.concatenate([np.diff(s.labels[:, 52:58], axis=0) for s in shards.songs])
    pose_scale = np.maximum(poses.std(0), 1e-4)
    vel_scale = np.maximum(np.abs(vel).mean(0), 1e-6)
    limits = np.abs(poses).max(0) * 1.5
    return pose_scale.tolist(), vel_scale.tolist(), limits.tolist()


def pose_range(shards):
    """Per-dimension 99th percentile of |pose|: where the runtime's integrator turns the head back."""
    poses = np.concatenate([s.labels[:, 52:58] for s in shards.songs])
    return np.percentile(np.abs(poses), 99, axis=0).tolist()


def feature_stats(shards):
    """Per-dimension mean and spread of each stream's MFCC rows over the training songs."""
    out = {}
    for stream in ('vocals', 'accompaniment', 'mixture'):
        rows = np.concatenate([s.mfcc[stream] for s in shards.songs])
        out[stream] = (rows.mean(0).tolist(), np.maximum(rows.std(0), 1e-3).tolist())
    return out
