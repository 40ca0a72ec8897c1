"""Trains the lead-voice detector (src/generator/lead-voice.ts) and writes models/lead-voice.json.

    npm run build && nice -n 10 node dist/bench/lead-voice-data.js --out work/lead-voice \
        --corpus corpus --corpus-songs 60
    OMP_NUM_THREADS=1 python3 training/lead_voice/train_lead_voice.py --data work/lead-voice

Why: the built-in separator hands a band's centred synths and backing vocals to the vocal stream at about
the sung level, so the generator's lips open where nobody sings; timbre tells them apart where level cannot.
Data (written by bench/lead-voice-data.ts with the inference code): per video frame, features of the
separated streams' MFCC rows, labelled 1 where the lead sings. Real frames: the CC0 multitracks not held
out (one act); synthetic frames: corpus train songs (14 Festival voices), so other voices count as singing.
Real and synthetic halves weighted 0.75 / 0.25, classes balanced within each. One hidden ReLU layer (32),
Adam, 30 epochs, seed 0, one thread (about a minute). The gate's threshold is chosen without the held-out song:
each training multitrack in turn is left out, a detector fitted on the rest, and on the left-out song the
share of lead-sung frames with the mouth open is measured at thresholds 0.3…0.7; the threshold is the highest
whose mean loss there, against no gate, is at most one point (a gate that shuts more of the band's and the
backing vocals' frames, at a cost the singer's frames barely show). The table goes in the card.
Scores (the card's `heldOut`): the held-out multitrack's open-while-the-lead-sings / no-voice / backing-only
with and without the gate (the generator's jaw from the data), the Francium excerpt's vocal-silent frames
closed, and on 20 corpus test songs the share of lead-sung frames the gate would shut (below half).
"""

import argparse
import glob
import json
import os

import numpy as np
import torch

FEATURES = 117
HIDDEN = 32
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
MAX_LEAD_LOSS = 1.0  # points of lead-sung frames open, cross-validated
SMOOTH_FRAMES = 5
CORPUS_WEIGHT = 0.25


def load(data):
    songs = {}
    for meta in sorted(glob.glob(os.path.join(data, '*.json'))):
        name = os.path.basename(meta)[:-5]
        j = json.load(open(meta))
        x = np.fromfile(os.path.join(data, name + '.x.f32'), dtype=np.float32).reshape(-1, FEATURES)
        songs[name] = dict(
            x=x,
            lead=np.array(j['lead'], bool),
            backing=np.array(j['backing'], bool),
            jaw=np.array(j['jaw'], np.float32),
            real=j['real'],
            role=j['role'],
        )
    return songs


def training_set(songs):
    xs, ys, ws = [], [], []
    groups = [(True, 1 - CORPUS_WEIGHT), (False, CORPUS_WEIGHT)]
    for real, weight in groups:
        part = [s for s in songs.values() if s['role'] == 'train' and s['real'] == real]
        if not part:
            continue
        y = np.concatenate([s['lead'] for s in part])
        pos = y.mean()
        ws.append(np.where(y, 0.5 / pos, 0.5 / (1 - pos)) * weight)
        ys.append(y)
        xs.append(np.vstack([s['x'] for s in part]))
    return np.vstack(xs), np.concatenate(ys).astype(np.float32), np.concatenate(ws).astype(np.float32)


def smooth(p, sigma):
    """As track/eye-state.ts gaussianSmooth: radius 3σ, renormalised at the ends."""
    r = int(np.ceil(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    return np.convolve(p, k, 'same') / np.convolve(np.ones_like(p), k, 'same')


def fit(songs):
    """The detector on the training songs: returns prob(song) (smoothed, with .net/.mean/.std) and the labels."""
    torch.manual_seed(0)
    x, y, w = training_set(songs)
    mean = x.mean(0)
    std = x.std(0) + 1e-6
    xt = torch.tensor((x - mean) / std)
    yt = torch.tensor(y)
    wt = torch.tensor(w)
    net = torch.nn.Sequential(torch.nn.Linear(FEATURES, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 1))
    opt = torch.optim.Adam(net.parameters(), 1e-3, weight_decay=1e-4)
    for _ in range(30):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), 512):
            b = perm[i : i + 512]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xt[b]).squeeze(1), yt[b], reduction='none')
            loss = (loss * wt[b]).sum() / wt[b].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()

    def prob(s):
        with torch.no_grad():
            p = torch.sigmoid(net(torch.tensor((s['x'] - mean) / std))).squeeze(1).numpy()
        return smooth(p, SMOOTH_FRAMES)

    prob.net, prob.mean, prob.std = net, mean, std
    return prob, y


def gate_of(p, threshold):
    return np.clip((p - threshold / 2) / (threshold / 2), 0, 1)


def pct(mask, where):
    return round(100 * float(mask[where].mean()), 1) if where.any() else None


def open_shares(s, jaw):
    """Percent of frames with the mouth open (jawOpen >= 0.1) where the lead sings, where no voice sings and
    where only backing vocals sing."""
    open_ = jaw >= 0.1
    return dict(
        lead=pct(open_, s['lead']),
        noVoice=pct(open_, ~s['lead'] & ~s['backing']),
        backingOnly=pct(open_, ~s['lead'] & s['backing']),
    )


def choose_threshold(songs):
    """Leave each training multitrack out in turn (see the module doc): the highest threshold whose mean
    loss of lead-sung open frames on the left-out songs is at most MAX_LEAD_LOSS points."""
    names = sorted(n for n, s in songs.items() if s['role'] == 'train' and s['real'])
    loss = {th: [] for th in THRESHOLDS}
    table = {}
    for name in names:
        prob, _ = fit({n: s for n, s in songs.items() if n != name})
        s = songs[name]
        p = prob(s)
        ungated = open_shares(s, s['jaw'])['lead']
        table[name] = {}
        for th in THRESHOLDS:
            row = open_shares(s, s['jaw'] * gate_of(p, th))
            table[name][str(th)] = row
            loss[th].append(ungated - row['lead'])
    ok = [th for th in THRESHOLDS if np.mean(loss[th]) <= MAX_LEAD_LOSS]
    return (max(ok) if ok else min(THRESHOLDS)), table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', '..', 'models', 'lead-voice.json'))
    args = ap.parse_args()
    torch.set_num_threads(1)
    songs = load(args.data)
    threshold, table = choose_threshold(songs)
    prob, y = fit(songs)

    def gate(s):
        return gate_of(prob(s), threshold)

    held = {}
    for name, s in songs.items():
        if s['role'] == 'held-out':
            held[name] = dict(ungated=open_shares(s, s['jaw']), gated=open_shares(s, s['jaw'] * gate(s)))
        elif s['role'] == 'excerpt':
            silent = ~s['lead']
            held['francium-excerpt-vocal-silent-closed'] = dict(
                ungated=pct(s['jaw'] < 0.1, silent), gated=pct(s['jaw'] * gate(s) < 0.1, silent)
            )
    checks = [s for s in songs.values() if s['role'] == 'check']
    if checks:
        sung = sum(int(s['lead'].sum()) for s in checks)
        shut = sum(int((prob(s)[s['lead']] < 0.75 * threshold).sum()) for s in checks)
        held['synthetic-test-lead-frames-shut'] = dict(
            songs=len(checks), frames=sung, percent=round(100 * shut / sung, 1)
        )
    lin1, lin2 = prob.net[0], prob.net[2]
    mean, std = prob.mean, prob.std
    r6 = lambda a: [round(float(v), 6) for v in np.asarray(a).ravel()]  # noqa: E731
    model = {
        'format': 'musicface.lead-voice',
        'mean': r6(mean),
        'std': r6(std),
        'hiddenWeights': r6(lin1.weight.detach().numpy()),
        'hiddenBias': r6(lin1.bias.detach().numpy()),
        'outputWeights': r6(lin2.weight.detach().numpy()),
        'outputBias': round(float(lin2.bias.item()), 6),
        'threshold': threshold,
        'smoothFrames': SMOOTH_FRAMES,
        'card': {
            'trainedOn': {
                'multitracks': sorted(n for n, s in songs.items() if s['role'] == 'train' and s['real']),
                'syntheticSongs': sum(1 for s in songs.values() if s['role'] == 'train' and not s['real']),
                'frames': int(len(y)),
            },
            'heldOut': held,
            'threshold': {'maxLeadLoss': MAX_LEAD_LOSS, 'leaveOneOut': table},
            'command': 'python3 training/lead_voice/train_lead_voice.py --data DATA (bench/lead-voice-data.ts)',
        },
    }
    with open(args.out, 'w') as f:
        json.dump(model, f, separators=(',', ':'))
        f.write('\n')
    print(json.dumps(model['card'], indent=1))


if __name__ == '__main__':
    main()
