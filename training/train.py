"""Train one generator variant (paper 4.1): Adam, 128-frame windows, linear LR decay over the last 60% of
epochs, λ1 = 1, λ2 = 0.1 (learning rate 1e-3 rather than the paper's 1e-4: see --lr). Runs on CPU here
and unchanged on CUDA.

  python3 training/train.py --shards shards --variant full --epochs 20 --out runs/full
Resumable: rerun the same command and it continues from runs/<name>/checkpoint.pt.
"""
import argparse
import json
import os
import time
import numpy as np
import torch
import torch.nn.functional as F

from model import Config, Generator, Discriminator, VARIANTS
from data import Shards, pose_stats, pose_range, feature_stats
from losses import regression_losses, lip_invariance_loss, LIP_COLUMNS, WEIGHTS


def audio_summary(batch, G):
    """Per-frame mean of each stream's (standardised) MFCC window: the audio the discriminator sees."""
    if G.cfg.variant == 'single':
        pairs = [('mixture', G.enc_v)]
    else:
        pairs = [('vocals', G.enc_v), ('accompaniment', G.enc_b)]
    return torch.cat([(batch[s].mean(2) - enc.mean) / enc.std for s, enc in pairs], -1)     # B,T,26·streams


def inputs(batch, variant):
    return (batch['mixture'], None) if variant == 'single' else (batch['vocals'], batch['accompaniment'])


def teacher_ratio(epoch, epochs):
    """Scheduled sampling: ground-truth previous pose fed to the LSTM with probability 1 → 0 over the
    first half of training, then the model always sees its own previous pose (as at inference)."""
    return max(0.0, 1.0 - epoch / max(1, epochs * 0.5))


def lr_at(epoch, epochs, base):
    start = int(epochs * 0.4)
    if epoch < start:
        return base
    return base * max(0.0, 1.0 - (epoch - start) / max(1, epochs - start))


def jaw_l1(expression, labels):
    j = LIP_COLUMNS['jawOpen']
    return F.l1_loss(expression[..., j], labels[..., j]).item()


@torch.no_grad()
def validate(G, val, args, ps, vs, dev, seed, batches=6):
    """Free-running (no teacher forcing) regression losses on the same validation windows every epoch."""
    G.eval()
    rng = np.random.default_rng(seed)
    sums = {}
    for _ in range(batches):
        b = {k: v.to(dev) for k, v in val.batch(rng, args.batch, args.window).items()}
        a, bb = inputs(b, args.variant)
        res = G(a, bb, b['style'], b['pose0'], b['vel0'])
        _, parts = regression_losses(res, b['labels'], ps, vs)
        jaw = jaw_l1(res['expression'], b['labels'])
        if args.variant != 'single':   # the same voices over another song's band: do the lips hold?
            sw = G(a, bb.roll(1, 0), b['style'], b['pose0'], b['vel0'])
            parts['swap_jaw_l1'] = jaw_l1(sw['expression'], b['labels'])
        for k, v in {**parts, 'jaw_l1': jaw}.items():
            sums['val_' + k] = sums.get('val_' + k, 0.0) + v / batches
    G.train()
    return {k: round(v, 5) for k, v in sums.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shards', default='shards')
    ap.add_argument('--variant', default='full', choices=VARIANTS)
    ap.add_argument('--epochs', type=int, default=20)
    ap.add_argument('--steps-per-epoch', type=int, default=0, help='default: one pass over the training frames')
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--window', type=int, default=128)
    # The paper uses 1e-4 for 50 epochs over 40 h of video on two GPUs. Our budget is ~3k CPU steps:
    # at 1e-4 the lip loss had not left the constant-prediction baseline after 560 steps; 1e-3 (same
    # Adam, same linear decay over the last 60% of epochs) learns it in a few hundred.
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--threads', type=int, default=0)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', default=None)
    ap.add_argument('--width', type=float, default=1.0, help='scale every layer width')
    ap.add_argument('--no-adv', action='store_true')
    ap.add_argument('--swap-accompaniment', type=float, default=0.0,
                    help='weight of the lip loss on voices paired with another song\'s band (losses.lip_invariance_loss; 0 = paper)')
    ap.add_argument('--att-weight', type=float, default=WEIGHTS['att'], help='weight of L_att (paper: 1)')
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    # Pose terms in radians give tiny gradients; denormal floats are ~100× slower on CPUs.
    torch.set_flush_denormal(True)
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    out = args.out or os.path.join('runs', args.variant)
    os.makedirs(out, exist_ok=True)

    train = Shards(args.shards, 'train')
    val = Shards(args.shards, 'val')
    val_rng_seed = 12345
    pose_scale, vel_scale, limits = pose_stats(train)
    W = lambda n: max(4, int(round(n * args.width)))
    cfg = Config(variant=args.variant, styles=len(train.styles), enc_channels=W(16), feat=W(64), unet=W(64),
                 hidden=W(128), lstm=W(64))
    G = Generator(cfg, pose_scale, vel_scale, feature_stats(train)).to(dev)
    D = Discriminator(streams=1 if args.variant == 'single' else 2).to(dev)
    opt_g = torch.optim.Adam(G.parameters(), lr=args.lr)
    opt_d = torch.optim.Adam(D.parameters(), lr=args.lr)
    ps = torch.tensor(pose_scale, device=dev)
    vs = torch.tensor(vel_scale, device=dev)
    weights = {**WEIGHTS, 'att': args.att_weight}
    steps = args.steps_per_epoch or max(1, train.frames // (args.batch * args.window))
    ckpt_path = os.path.join(out, 'checkpoint.pt')
    start_epoch, log = 0, []
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=dev)
        G.load_state_dict(ck['G']); D.load_state_dict(ck['D'])
        opt_g.load_state_dict(ck['opt_g']); opt_d.load_state_dict(ck['opt_d'])
        start_epoch, log = ck['epoch'] + 1, ck['log']
        rng = np.random.default_rng(args.seed + start_epoch)
        print(f'resumed at epoch {start_epoch}', flush=True)
    params = sum(p.numel() for p in G.parameters())
    print(f'{args.variant}: {params} parameters, {len(train.songs)} songs, {train.frames} frames, '
          f'{steps} steps/epoch on {dev}', flush=True)
    t_start = time.time()
    for epoch in range(start_epoch, args.epochs):
        lr = lr_at(epoch, args.epochs, args.lr)
        for o in (opt_g, opt_d):
            for gparam in o.param_groups:
                gparam['lr'] = lr
        tf = teacher_ratio(epoch, args.epochs)
        sums, t0 = {}, time.time()
        for step in range(steps):
            b = {k: v.to(dev) for k, v in train.batch(rng, args.batch, args.window).items()}
            a, bb = inputs(b, args.variant)
            res = G(a, bb, b['style'], b['pose0'], b['vel0'], gt_pose=b['labels'][..., 52:58], teacher=tf)
            summ = audio_summary(b, G)
            lreg, parts = regression_losses(res, b['labels'], ps, vs, weights)
            loss = WEIGHTS['lambda1'] * lreg
            if args.swap_accompaniment > 0 and args.variant != 'single':
                swapped = G(b['vocals'], b['accompaniment'].roll(1, 0), b['style'], b['pose0'], b['vel0'],
                            gt_pose=b['labels'][..., 52:58], teacher=tf)
                inv = lip_invariance_loss(swapped['expression'], b['labels'])
                loss = loss + args.swap_accompaniment * inv
                parts['swap'] = inv.item()
            if not args.no_adv:
                fake = D(res['pose'] / ps, res['eye_long'], summ)
                adv = F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))
                loss = loss + WEIGHTS['lambda2'] * adv
                parts['adv'] = adv.item()
            opt_g.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(G.parameters(), 5.0)
            opt_g.step()
            if not args.no_adv:
                real = D(b['labels'][..., 52:58] / ps, b['labels'][..., 58:59], summ)
                fake = D(res['pose'].detach() / ps, res['eye_long'].detach(), summ)
                ld = F.binary_cross_entropy_with_logits(real, torch.ones_like(real)) + \
                    F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
                opt_d.zero_grad(set_to_none=True)
                ld.backward()
                opt_d.step()
                parts['d'] = ld.item()
            for k, v in parts.items():
                sums[k] = sums.get(k, 0.0) + v
            if step % 50 == 49:
                print(f'  step {step + 1}/{steps} {time.time() - t0:.0f} s', flush=True)
        rec = {'epoch': epoch, 'lr': lr, 'teacher': tf, 'seconds': round(time.time() - t0, 1),
               **{k: round(v / steps, 5) for k, v in sums.items()}}
        rec.update(validate(G, val, args, ps, vs, dev, val_rng_seed))
        log.append(rec)
        print(json.dumps(rec), flush=True)
        torch.save({'G': G.state_dict(), 'D': D.state_dict(), 'opt_g': opt_g.state_dict(),
                    'opt_d': opt_d.state_dict(), 'epoch': epoch, 'log': log, 'cfg': cfg.dict(),
                    'pose_scale': pose_scale, 'vel_scale': vel_scale, 'limits': limits,
                    'pose_range': pose_range(train),
                    'styles': train.styles}, ckpt_path + '.tmp')
        os.replace(ckpt_path + '.tmp', ckpt_path)
    print(f'trained in {time.time() - t_start:.0f} s', flush=True)


if __name__ == '__main__':
    main()
