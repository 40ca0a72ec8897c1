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
        conds, reals = zip(*(self.sample(i) for i in ids), strict=True)

        def to(a):
            return torch.from_numpy(np.stack(a)).permute(0, 3, 1, 2).float() / 255.0

        return to(conds), to(reals)


class DeviceClips:
    """The same samples as `Clips`, with every frame held on the device as uint8 and the stacks gathered
    there: on a GPU, stacking 10 frames per sample in numpy is slower than the training step."""

    def __init__(self, clips, device):
        self.stack = clips.stack
        lengths = [arr.shape[0] for arr in clips.cond]
        offsets = np.cumsum([0] + lengths[:-1])
        self.cond = torch.from_numpy(np.concatenate([np.asarray(a) for a in clips.cond])).to(device)
        self.real = torch.from_numpy(np.concatenate([np.asarray(a) for a in clips.real])).to(device)
        # Per frame, the index of its clip's first frame: a stack repeats it rather than reach across a cut.
        self.first = torch.from_numpy(np.repeat(offsets, lengths)).to(device)
        self.back = torch.arange(self.stack - 1, -1, -1, device=device)  # oldest first
        self.device = device

    def __len__(self):
        return self.cond.shape[0]

    def batch(self, ids):
        ids = torch.as_tensor(np.asarray(ids), device=self.device)
        frames = torch.maximum(ids[:, None] - self.back[None, :], self.first[ids][:, None])  # B × stack
        cond = self.cond[frames]  # B × stack × S × S × 3
        b, k, s = cond.shape[0], cond.shape[1], cond.shape[2]
        cond = cond.permute(0, 1, 4, 2, 3).reshape(b, k * 3, s, s).float() / 255.0
        return cond, self.real[ids].permute(0, 3, 1, 2).float() / 255.0


def load_split(root):
    with open(os.path.join(root, "split.json")) as f:
        split = json.load(f)
    with open(os.path.join(root, "person.json")) as f:
        person = json.load(f)
    return split, person
