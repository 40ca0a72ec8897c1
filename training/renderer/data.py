"""Training pairs written by `musicface neural-data`: per clip <name>.cond.npy and <name>.real.npy
(T × S × S × 3 uint8), split.json (train/test clip names) and person.json.

A sample is frame t of one clip with the conditioning frames t−stack+1 … t of the SAME clip stacked
(clips are separate takes: a stack never reaches into another clip); before the clip's first frame
the first frame is repeated, as inference does at the start of a song.
"""
import json
import os

import numpy as np
import torch


class Clips:
    def __init__(self, root, names, stack):
        self.stack = stack
        self.cond = [np.load(os.path.join(root, f"{n}.cond.npy"), mmap_mode="r") for n in names]
        self.real = [np.load(os.path.join(root, f"{n}.real.npy"), mmap_mode="r") for n in names]
        self.index = [(c, t) for c, arr in enumerate(self.cond) for t in range(arr.shape[0])]

    def __len__(self):
        return len(self.index)

    def sample(self, i):
        c, t = self.index[i]
        frames = [self.cond[c][max(0, t - k)] for k in range(self.stack - 1, -1, -1)]  # oldest first
        cond = np.concatenate(frames, axis=2)  # S × S × 3·stack
        return cond, self.real[c][t]

    def batch(self, ids):
        conds, reals = zip(*(self.sample(i) for i in ids))
        to = lambda a: torch.from_numpy(np.stack(a)).permute(0, 3, 1, 2).float() / 255.0
        return to(conds), to(reals)


def load_split(root):
    with open(os.path.join(root, "split.json")) as f:
        split = json.load(f)
    with open(os.path.join(root, "person.json")) as f:
        person = json.load(f)
    return split, person
