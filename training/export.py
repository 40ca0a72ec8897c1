"""Export a trained (or fixture) generator to the ONNX contract that src/generator/ checks.

Two graphs per model:
  <name>.onnx            vocals, accompaniment (or mixture), style -> per-frame outputs
  <name>.direction.onnx  one step of the pose-direction LSTM (eq. 7), stepped from TypeScript
and <name>.json, the model card (contract + data + metrics).
"""

import inspect
import json
import os

import torch
import torch.nn as nn

from model import FRAME_MULTIPLE, MFCC_DIM, POSE_DIM, WINDOW, Generator

# torch ≥ 2.5 defaults to the dynamo exporter; the TorchScript one makes the graphs the runtime checks.
# torch 1.13 (Debian's python3-torch) has only that one and no `dynamo` argument.
TORCHSCRIPT_EXPORTER = {'dynamo': False} if 'dynamo' in inspect.signature(torch.onnx.export).parameters else {}

OPSET = 17


class FrameGraph(nn.Module):
    def __init__(self, g: Generator):
        super().__init__()
        self.g = g

    def forward(self, *inputs):
        if self.g.cfg.variant == 'single':
            mixture, style = inputs
            r = self.g.frame_outputs(mixture, None, style)
        else:
            vocals, accompaniment, style = inputs
            r = self.g.frame_outputs(vocals, accompaniment, style)
        outs = [torch.clamp(r['expression'], 0, 1), torch.clamp(r['eye_long'], 0, 1)]
        if self.g.cfg.variant == 'full':
            outs += [r['pose_speed'], r['pose_features']]
        else:
            outs += [r['pose']]
        if self.g.use_atm:
            outs += [r['att']['expression'], r['att']['pose'], r['att']['eye']]
        return tuple(outs)


class DirectionStep(nn.Module):
    def __init__(self, g: Generator):
        super().__init__()
        self.g = g

    def forward(self, features, prev_pose, prev_velocity, h, c):
        return self.g.direction_step(features, prev_pose, prev_velocity, h, c)


def io_names(g: Generator):
    ins = ['mixture', 'style'] if g.cfg.variant == 'single' else ['vocals', 'accompaniment', 'style']
    outs = ['expression', 'eye_long'] + (['pose_speed', 'pose_features'] if g.cfg.variant == 'full' else ['pose'])
    if g.use_atm:
        outs += ['att_expression', 'att_pose', 'att_eye']
    return ins, outs


def export(g: Generator, out_dir: str, name: str, card: dict, frames: int = 96):
    g = g.eval()
    os.makedirs(out_dir, exist_ok=True)
    ins, outs = io_names(g)
    S = g.cfg.styles
    feats = [torch.randn(1, frames, WINDOW, MFCC_DIM) for _ in ins[:-1]]
    style = torch.zeros(1, S)
    style[0, 0] = 1
    dyn = {n: {1: 'T'} for n in ins[:-1]}
    dyn.update({n: {1: 'T'} for n in outs})
    path = os.path.join(out_dir, name + '.onnx')
    with torch.no_grad():
        torch.onnx.export(
            FrameGraph(g),
            tuple(feats + [style]),
            path,
            input_names=ins,
            output_names=outs,
            dynamic_axes=dyn,
            opset_version=OPSET,
            **TORCHSCRIPT_EXPORTER,
        )
    graphs = {'frame': os.path.basename(path)}
    if g.cfg.variant == 'full':
        F = g.cfg.feat * 2 + S
        H = g.cfg.lstm
        dpath = os.path.join(out_dir, name + '.direction.onnx')
        with torch.no_grad():
            torch.onnx.export(
                DirectionStep(g),
                (
                    torch.randn(1, F),
                    torch.zeros(1, POSE_DIM),
                    torch.zeros(1, POSE_DIM),
                    torch.zeros(1, H),
                    torch.zeros(1, H),
                ),
                dpath,
                input_names=['features', 'prev_pose', 'prev_velocity', 'h', 'c'],
                output_names=['direction', 'h_out', 'c_out'],
                opset_version=OPSET,
                **TORCHSCRIPT_EXPORTER,
            )
        graphs['direction'] = os.path.basename(dpath)
    contract = {
        'variant': g.cfg.variant,
        'fps': 30,
        'window': WINDOW,
        'featureDim': MFCC_DIM,
        'frameMultiple': FRAME_MULTIPLE,
        'inputs': ins,
        'outputs': outs,
        'styleCount': S,
        'graphs': graphs,
    }
    if g.cfg.variant == 'full':
        contract['direction'] = {'featureDim': g.cfg.feat * 2 + S, 'hidden': g.cfg.lstm}
    card = dict(card)
    card['contract'] = {**contract, **card.get('contract', {})}
    card['config'] = g.cfg.dict()
    with open(os.path.join(out_dir, name + '.json'), 'w') as f:
        json.dump(card, f, indent=2)
        f.write('\n')
    return path
