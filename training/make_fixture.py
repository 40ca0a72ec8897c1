"""Export a generator with FIXED RANDOM weights as a named test fixture for the TypeScript runtime.

It is not a model anyone should use: its card says `"fixture": true` and the CLI refuses to ship it.
Usage: python3 training/make_fixture.py  (writes tests/fixtures/generator/fixture-random.*)
"""

import json
import os

import torch

from export import export
from model import Config, Generator

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'tests', 'fixtures', 'generator')
STYLES = ['style-a', 'style-b', 'style-c']


def main():
    torch.manual_seed(1234)
    cfg = Config(variant='full', styles=len(STYLES), enc_channels=8, feat=16, unet=16, hidden=32, lstm=16)
    g = Generator(
        cfg, pose_scale=[0.1, 0.15, 0.05, 0.01, 0.01, 0.01], vel_scale=[0.004, 0.006, 0.002, 0.0003, 0.0003, 0.0003]
    )
    with open(os.path.join(HERE, 'feature_params.json')) as f:
        features = json.load(f)
    card = {
        'id': 'fixture-random',
        'kind': 'musicface-generator',
        'fixture': True,
        'description': 'Random weights (seed 1234) for runtime tests. Not a trained model.',
        'styles': STYLES,
        'features': features,
    }
    export(g, OUT, 'fixture-random', card, frames=64)
    with open(os.path.join(OUT, 'fixture-random.reference.json'), 'w') as f:
        json.dump(reference(g.eval()), f)
    print('wrote', OUT)


def window_rows(n_mfcc, frames):
    """The DESIGN.md windowing rule, written independently of the TypeScript: frame i at i/30 s,
    MFCC frame j centred at j*0.01 + 0.0125 s, 39 rows around round((t - 0.0125)/0.01), edges clamped."""
    import numpy as np

    c = np.round((np.arange(frames) / 30 - 0.0125) / 0.01).astype(int)
    return np.clip(c[:, None] + np.arange(-19, 20)[None, :], 0, n_mfcc - 1)


def reference(g, frames=24):  # a multiple of 4 (FRAME_MULTIPLE)
    return reference_for(g, STYLES, frames)


def reference_for(g, styles, frames=24, levels=None):
    """PyTorch outputs of the fixture for fixed MFCC rows: the TypeScript runtime must reproduce them.
    With a card's `levels`, the rows are given already at the reference level (column 0's percentile moved
    there), so the runtime's normalisation (src/features/levels.ts) leaves them as they are."""
    import base64

    import numpy as np

    rng = np.random.default_rng(5)
    n = int(frames / 30 * 100) + 4
    mv = rng.standard_normal((n, 26)).astype(np.float32)
    ma = rng.standard_normal((n, 26)).astype(np.float32)
    if levels:
        for m in (mv, ma):
            loud = np.sort(m[:, 0])[int(np.floor(levels['percentile'] / 100 * (n - 1)))]
            m[:, 0] += np.float32(levels['reference'] - loud)
    idx = window_rows(n, frames)
    style = torch.zeros(1, len(styles))
    style[0, 1] = 1
    with torch.no_grad():
        if g.cfg.variant == 'single':
            r = g(torch.from_numpy(mv[idx])[None], None, style)
        else:
            r = g(torch.from_numpy(mv[idx])[None], torch.from_numpy(ma[idx])[None], style)

    def enc(a):
        return base64.b64encode(np.ascontiguousarray(a, dtype=np.float32).tobytes()).decode()

    return {
        'frames': frames,
        'mfccFrames': n,
        'styleIndex': 1,
        'vocals': enc(mv),
        'accompaniment': enc(ma),
        'expression': enc(torch.clamp(r['expression'], 0, 1)[0].numpy()),
        'eyeLong': enc(torch.clamp(r['eye_long'], 0, 1)[0].numpy()),
        'poseSpeed': enc(r['pose_speed'][0].numpy()) if 'pose_speed' in r else None,
        'pose': enc(r['pose'][0].numpy()),
    }


if __name__ == '__main__':
    main()
