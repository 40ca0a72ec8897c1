"""Export a trained run to models/: the two ONNX graphs, the model card, and a PyTorch reference
(inputs and outputs) that tests/generator checks onnxruntime-node against (1e-4).

  python3 training/export_run.py --run runs/full --name musicface-full [--out models]
"""

import argparse
import json
import os

import torch

from data import Shards, pose_range
from export import export
from make_fixture import reference_for
from model import Config, Generator

HERE = os.path.dirname(os.path.abspath(__file__))


def pose_range_of(ck, shards):
    if 'pose_range' in ck:
        return ck['pose_range']
    if not shards:
        raise SystemExit('this checkpoint predates pose_range: pass --shards DIR (the shards it trained on)')
    return pose_range(Shards(shards, 'train'))


def separator_spec(name):
    """The spec that recreates a local separator from the name the shards record (None for others)."""
    if name == 'builtin-centre-harmonic-mask':
        return 'builtin'
    if name == 'learned:separator-learned.onnx':
        return 'learned'
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True)
    ap.add_argument('--name', required=True)
    ap.add_argument('--out', default=os.path.join(HERE, '..', 'models'))
    ap.add_argument('--reference-out', default=os.path.join(HERE, '..', 'tests', 'fixtures', 'generator'))
    ap.add_argument('--card', default=None, help='JSON with extra card fields (data, training, metrics)')
    ap.add_argument(
        '--shards', default=None, help='for runs saved before checkpoints kept pose_range: the shards it trained on'
    )
    args = ap.parse_args()
    ck = torch.load(os.path.join(args.run, 'checkpoint.pt'), map_location='cpu')
    cfg = Config(**ck['cfg'])
    g = Generator(cfg, ck['pose_scale'], ck['vel_scale'])
    g.load_state_dict(ck['G'])
    g.eval()
    with open(os.path.join(HERE, 'feature_params.json')) as f:
        features = json.load(f)
    card = {
        'id': args.name,
        'kind': 'musicface-generator',
        'description': f'MusicFace generator, {cfg.variant} variant (paper section 3)',
        'styles': ck['styles'],
        'features': features,
        'poseLimits': [round(float(x), 4) for x in ck['limits']],
        'poseRange': [round(float(x), 4) for x in pose_range_of(ck, args.shards)],
        'eyes': {
            'blinkInterval': [1.2, 2.0],
            'blinkDuration': [0.1, 0.45],
            'longThreshold': 0.3,
            'smoothingSigma': 1.0,
        },
        'training': {
            'epochs': ck['epoch'] + 1,
            'log': ck['log'][-1],
            'seconds': round(sum(r['seconds'] for r in ck['log'])),
        },
    }
    if ck.get('levels'):
        card['levels'] = ck['levels']  # the shards' level normalisation: the runtime applies the same
    spec = separator_spec(ck.get('separator'))
    if spec:
        card['separator'] = spec  # the streams it learned: animate and eval default to this separator
    if args.card:
        with open(args.card) as f:
            extra = json.load(f)
        for k, v in extra.items():  # merge one level deep: the run's own training record stays
            card[k] = {**card[k], **v} if isinstance(v, dict) and isinstance(card.get(k), dict) else v
    export(g, args.out, args.name, card)
    if args.reference_out:
        with open(os.path.join(args.reference_out, f'{args.name}.reference.json'), 'w') as f:
            json.dump(reference_for(g, ck['styles'], levels=ck.get('levels')), f)
    size = sum(os.path.getsize(os.path.join(args.out, n)) for n in os.listdir(args.out) if n.startswith(args.name))
    print(f'exported {args.name} ({size / 1e6:.2f} MB) to {args.out}')


if __name__ == '__main__':
    main()
