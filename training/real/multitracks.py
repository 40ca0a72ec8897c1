"""Real multitrack songs (a folder of stems per song) for training: which stem is the lead, which are backing
vocals, which are band — the same rules as `musicface eval --real` (src/eval/multitrack.ts) — and decoding
through FFmpeg into cached float32 arrays.

Layout: DIR/<song>/*.{wav,flac,mp3,m4a,...}; an optional DIR/<song>/stems.json {"lead": [...], "backing":
[...], "band": [...]} decides; otherwise a file whose name says vox/vocal/voice/singer is a vocal, the vocal
whose name says lead (or the only vocal) is the lead, the other vocals are backing, the rest is band.
"""

import json
import os
import re
import subprocess

import numpy as np

AUDIO = re.compile(r'\.(wav|flac|mp3|m4a|aac|ogg|opus)$', re.I)
VOCAL = re.compile(r'vox|vocal|voice|singer', re.I)
LEAD = re.compile(r'lead|main vocal|^vocals?\.', re.I)


def read_multitrack(d):
    name = os.path.basename(os.path.normpath(d))
    manifest = os.path.join(d, 'stems.json')
    if os.path.exists(manifest):
        with open(manifest) as f:
            m = json.load(f)
        parts = {k: [os.path.join(d, x) for x in m.get(k, [])] for k in ('lead', 'backing', 'band')}
        if not parts['lead']:
            raise SystemExit(f'{manifest}: names no "lead" stem')
        return {'name': name, **parts}
    files = sorted(f for f in os.listdir(d) if AUDIO.search(f))
    vocals = [f for f in files if VOCAL.search(f)]
    lead = [f for f in vocals if LEAD.search(f)] or (vocals if len(vocals) == 1 else [])
    if not lead:
        raise SystemExit(f'{d}: no lead vocal stem (name one with "lead" in it, or list it in stems.json)')

    def j(xs):
        return [os.path.join(d, x) for x in xs]

    return {
        'name': name,
        'lead': j(lead),
        'backing': j([f for f in vocals if f not in lead]),
        'band': j([f for f in files if f not in vocals]),
    }


def find_multitracks(root):
    songs = [
        os.path.join(root, e)
        for e in sorted(os.listdir(root))
        if os.path.isdir(os.path.join(root, e)) and any(AUDIO.search(f) for f in os.listdir(os.path.join(root, e)))
    ]
    if not songs:
        raise SystemExit(f'{root}: no song folders with audio stems in it')
    return [read_multitrack(s) for s in songs]


def decode(path, sr=44100, channels=2):
    """Any audio file → float32 array [channels, n] via the ffmpeg on PATH."""
    cmd = ['ffmpeg', '-v', 'error', '-nostdin', '-i', path, '-f', 'f32le', '-ac', str(channels), '-ar', str(sr), '-']
    raw = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
    return np.frombuffer(raw, dtype=np.float32).reshape(-1, channels).T.copy()


def sum_stems(files, sr, length):
    out = np.zeros((2, length), np.float32)
    for f in files:
        x = decode(f, sr)
        n = min(length, x.shape[1])
        out[:, :n] += x[:, :n]
    return out


def load_mixed(mt, cache, sr=44100):
    """{'lead','backing','band'} of one song as float32 [2, n] at sr, cached as .npy under cache/<name>/."""
    d = os.path.join(cache, mt['name'])
    files = {k: os.path.join(d, f'{k}.{sr}.npy') for k in ('lead', 'backing', 'band')}
    if all(os.path.exists(f) for f in files.values()):
        return {k: np.load(f, mmap_mode='r') for k, f in files.items()}
    os.makedirs(d, exist_ok=True)
    length = decode(mt['lead'][0], sr).shape[1]
    out = {k: sum_stems(mt[k], sr, length) for k in ('lead', 'backing', 'band')}
    for k, f in files.items():
        np.save(f + '.tmp.npy', out[k])
        os.replace(f + '.tmp.npy', f)
    return out
