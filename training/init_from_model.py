"""Start a training run from a shipped model instead of from scratch: reads the generator's weights out
of its two ONNX graphs (models/NAME.onnx and NAME.direction.onnx) and writes runs/<out>/checkpoint.pt,
so that `train.py --out <out>` resumes from it (fine-tune on a studio's own takes, or continue ours).
The discriminator and both optimizers start fresh: the ONNX files do not carry them.

  python3 training/init_from_model.py --model models/musicface-full --out runs/my-singer
  python3 training/train.py --shards my-shards --variant full --epochs 60 --out runs/my-singer
"""

import argparse
import json
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from model import Config, Discriminator, Generator


def onnx_weights(path: str) -> dict:
    """Initializers by state-dict name. The exporter keeps parameter names ('g.<name>'), except for the
    Linear weights it stores transposed for a MatMul, which are named by the bias their output meets."""
    m = onnx.load(path)
    init = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    out = {k[2:]: v for k, v in init.items() if k.startswith('g.')}
    consumers = {}
    for node in m.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    for node in m.graph.node:
        if node.op_type != 'MatMul' or node.input[1] not in init or node.input[1].startswith('g.'):
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == 'Add']
        bias = next((i for n in adds for i in n.input if i.startswith('g.') and i.endswith('.bias')), None)
        if bias is None:
            raise SystemExit(f'{path}: cannot tell which layer {node.input[1]} belongs to')
        out[bias[2 : -len('.bias')] + '.weight'] = init[node.input[1]].T
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', required=True, help='path without extension: NAME.json, NAME.onnx, NAME.direction.onnx')
    ap.add_argument('--out', required=True, help='run directory to create')
    args = ap.parse_args()
    with open(args.model + '.json') as f:
        card = json.load(f)
    weights = onnx_weights(args.model + '.onnx')
    direction = args.model + '.direction.onnx'
    if os.path.exists(direction):
        weights.update(onnx_weights(direction))
    variant = (
        'full'
        if 'lstm.weight_hh' in weights
        else (
            'single'
            if 'enc_b.inp.weight' not in weights
            else 'atm'
            if 'atm.expression.unet.out.weight' in weights
            else 'two'
        )
    )
    # widths the variant has no layer for keep Config's defaults
    cfg = Config(
        variant=variant,
        styles=len(card['styles']),
        enc_channels=weights['enc_v.inp.weight'].shape[0],
        feat=weights['enc_v.proj.weight'].shape[0],
        hidden=weights['expression.0.weight'].shape[0],
        unet=weights['atm.expression.unet.e1.0.weight'].shape[0]
        if 'atm.expression.unet.e1.0.weight' in weights
        else Config.unet,
        lstm=weights['lstm.weight_hh'].shape[1] if variant == 'full' else Config.lstm,
    )
    g = Generator(cfg)
    missing = sorted(set(g.state_dict()) - set(weights))
    if missing:  # e.g. the ablations' graphs never read vel_scale, so their export drops it
        raise SystemExit(
            f'{args.model}: its ONNX graphs lack {", ".join(missing)}; only a model whose graphs use every tensor (the Full generator) can restart training'
        )
    g.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in weights.items()}, strict=True)
    d = Discriminator(streams=1 if variant == 'single' else 2)

    def opt(m):
        return torch.optim.Adam(m.parameters()).state_dict()

    training = card.get('training', {})
    epoch = int(training.get('epochs', 1)) - 1
    log = [training['log']] if 'log' in training else []
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, 'checkpoint.pt')
    if os.path.exists(path):
        raise SystemExit(f'{path} exists: choose another --out')
    torch.save(
        {
            'G': g.state_dict(),
            'D': d.state_dict(),
            'opt_g': opt(g),
            'opt_d': opt(d),
            'epoch': epoch,
            'log': log,
            'cfg': cfg.dict(),
            'pose_scale': g.pose_scale.tolist(),
            'vel_scale': g.vel_scale.tolist(),
            'limits': card['poseLimits'],
            'pose_range': card['poseRange'],
            'styles': card['styles'],
        },
        path,
    )
    print(f'{path}: {variant} generator from {args.model} (epoch {epoch}); discriminator and optimizers fresh')


if __name__ == '__main__':
    main()
