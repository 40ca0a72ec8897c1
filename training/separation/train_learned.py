"""Trains the learned separator (learned_model.py) and exports models/separator-learned.onnx.

    python3 training/separation/train_learned.py --stems ../shared/data/stems --cache work/mt-cache \
        --corpus corpus --held-out 7.Francium --minutes 55 --threads 2 --work work/separator-learned

Data (licences allow it: the CC0 multitracks and the project's own synthetic corpus; no other model's
weights or outputs): 4-s clips remixed on the fly — a voice (lead + backing stems of a real multitrack,
or a corpus song's vocals), on 60 % of clips not over their own band played 0.84–1.19× as fast (±3
semitones, formants with them, as a tape: four real voices become many), over a band (the same song's,
another multitrack's, or a corpus song's accompaniment; a quarter of the time two bands at once),
voice-to-band level −16…+4 dB, a random EQ on each (tilt and two bells, ±6 dB), a synthetic room on the
voice (exponential noise tail, RT60 0.2–1.8 s, half the clips), band stereo width and side swaps, a small
voice pan, overall level −18…+6 dB, a few mono clips. The target is the voice as mixed (with its room),
the mask's ideal being the vocal share of the mixture.
Loss: L1 between compressed magnitudes (|·|^0.3) of the masked mixture and the true voice, and of the rest
and the true band, plus half the L1 of plain magnitudes of the voice (weighted by energy, as SDR is).
(A first run trained on minus the blocks' SDR learned to give up: a silent vocal stem scores 0 dB, above
what a leaky one scores on a quiet voice, and its mask fell to 0 on the held-out song.)
The held-out songs are never read in training; their whole-song SDR (on spectra) is logged every
--eval-minutes and at the end. Checkpoints every 5 minutes in --work (restart resumes). --threads CPU
threads; on a machine with CUDA the same code trains on the GPU.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import soundfile as sf
import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'real'))
from learned_model import BINS, CONTEXT_FRAMES, HOP, N_FFT, SR, LearnedSeparator  # noqa: E402
from multitracks import find_multitracks, load_mixed  # noqa: E402

CLIP = 4 * SR
# the same code trains on a GPU when there is one
DEVICE = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
WINDOW = torch.hann_window(N_FFT, periodic=True, device=DEVICE)


def stft(x):
    """[N, 2, n] → complex [N, 2, T, BINS] (no centring, as the runtime)."""
    n, c, s = x.shape
    z = torch.stft(x.reshape(n * c, s), N_FFT, HOP, window=WINDOW, center=False, return_complex=True)
    return z[:, :BINS].transpose(1, 2).reshape(n, c, -1, BINS)


def spec_input(z):
    """complex [N, 2, T, BINS] → the graph's input [N, 4, T, BINS]."""
    return torch.stack([z[:, 0].real, z[:, 0].imag, z[:, 1].real, z[:, 1].imag], 1)


class Sources:
    def __init__(self, args, rng):
        self.rng = rng
        held = set(args.held_out.split(',')) if args.held_out else set()
        self.real = []
        for mt in find_multitracks(args.stems):
            if mt['name'] in held:
                continue
            m = load_mixed(mt, args.cache)
            self.real.append((mt['name'], m))
        with open(os.path.join(args.corpus, 'manifest.json')) as f:
            manifest = json.load(f)
        self.synth = [os.path.join(args.corpus, 'songs', s['id']) for s in manifest['songs'] if s['split'] == 'train']
        print(f'real songs: {[n for n, _ in self.real]}; synthetic songs: {len(self.synth)}', flush=True)

    def _real_clip(self, i, start=None, length=CLIP):
        m = self.real[i][1]
        n = m['lead'].shape[1]
        if start is None:
            start = int(self.rng.integers(0, n - length))
        end = start + length
        v = np.asarray(m['lead'][:, start:end]) + np.asarray(m['backing'][:, start:end])
        b = np.asarray(m['band'][:, start:end])
        return v.astype(np.float32), b.astype(np.float32), start

    def _synth_clip(self, d, which, start=None, length=CLIP):
        f = os.path.join(d, which)
        n = sf.info(f).frames
        if start is None:
            start = int(self.rng.integers(0, max(1, n - length)))
        x, _ = sf.read(f, start=start, frames=length, dtype='float32', always_2d=True)
        x = x.T
        if x.shape[1] < length:
            x = np.pad(x, ((0, 0), (0, length - x.shape[1])))
        if x.shape[0] == 1:
            x = np.repeat(x, 2, 0)
        return x, start

    def voice(self, ratio=1.0):
        """A voice clip, preferring clips where someone sings (70 %). ratio ≠ 1 plays it faster or slower
        (pitch and formants move together, as a tape would): four real voices become many."""
        want = self.rng.random() < 0.7
        length = int(math.ceil(CLIP * ratio)) + 2
        for _ in range(4):
            if self.rng.random() < 0.5:
                i = int(self.rng.integers(len(self.real)))
                v, b, s = self._real_clip(i, length=length)
                own = ('real', i, b[:, :CLIP])
            else:
                d = self.synth[int(self.rng.integers(len(self.synth)))]
                v, s = self._synth_clip(d, 'vocals.wav', length=length)
                own = ('synth', d, s)
            if not want or np.sqrt(np.mean(v * v)) > 3e-3:
                break
        if ratio == 1.0:
            return v[:, :CLIP], own
        at = np.arange(CLIP) * ratio
        return np.stack([np.interp(at, np.arange(v.shape[1]), c) for c in v]).astype(np.float32), own

    def band(self):
        if self.rng.random() < 0.5:
            return self._real_clip(int(self.rng.integers(len(self.real))))[1]
        d = self.synth[int(self.rng.integers(len(self.synth)))]
        return self._synth_clip(d, 'accompaniment.wav')[0]


def db(x):
    return 10 ** (x / 20)


def rms(x):
    return float(np.sqrt(np.mean(x * x)) + 1e-9)


def eq_curve(rng):
    """A smooth random gain over bins: tilt ±6 dB across log frequency and two bells of ±6 dB."""
    f = np.maximum(np.arange(BINS) * SR / N_FFT, 20.0)
    lf = np.log2(f / 1000.0)
    g = rng.uniform(-6, 6) * lf / 5
    for _ in range(2):
        c = rng.uniform(math.log2(0.1), math.log2(12))
        g += rng.uniform(-6, 6) * np.exp(-0.5 * ((lf - c) / rng.uniform(0.3, 1.5)) ** 2)
    return torch.tensor(db(g), dtype=torch.float32)


def room(v, rng):
    rt60 = rng.uniform(0.2, 1.8)
    n = int(min(rt60, 1.5) * SR)
    t = np.arange(n) / SR
    ir = rng.standard_normal((2, n)).astype(np.float32) * np.exp(-6.9 * t / rt60).astype(np.float32)
    ir[:, : int(rng.uniform(0.005, 0.03) * SR)] = 0
    ir /= np.sqrt(np.sum(ir * ir, 1, keepdims=True)) + 1e-9
    size = 1 << int(math.ceil(math.log2(v.shape[1] + n)))
    wet = np.fft.irfft(np.fft.rfft(v, size) * np.fft.rfft(ir, size), size)[:, : v.shape[1]].astype(np.float32)
    return v + rng.uniform(0.1, 0.6) * wet * rms(v) / rms(wet)


def make_batch(src, rng, batch):
    vs, bs = [], []
    for _ in range(batch):
        own_band = rng.random() < 0.35
        shift = 0.0 if own_band or rng.random() < 0.4 else rng.uniform(-3, 3)
        v, own = src.voice(2 ** (shift / 12))
        if own_band:  # the voice's own band at its own balance (± 6 dB)
            if own[0] == 'real':
                b = own[2]
            else:
                b = src._synth_clip(own[1], 'accompaniment.wav', own[2])[0]
            v = v * db(rng.uniform(-6, 6))
        else:
            b = src.band()
            if rng.random() < 0.25:  # a denser band: two at once
                b = b + src.band() * db(rng.uniform(-10, 0))
            v = v * (rms(b) / rms(v)) * db(rng.uniform(-16, 4))
        if rng.random() < 0.5:
            v = room(v, rng)
        if rng.random() < 0.3:  # small voice pan
            p = rng.uniform(-0.3, 0.3)
            v = v * np.array([[1 - p], [1 + p]], np.float32)
        if rng.random() < 0.5:
            b = b[::-1]
        mid, side = 0.5 * (b[0] + b[1]), 0.5 * (b[0] - b[1])
        side = side * rng.uniform(0.5, 1.5)
        b = np.stack([mid + side, mid - side])
        g = db(rng.uniform(-18, 6))
        v, b = v * g, b * g
        if rng.random() < 0.05:
            v = np.repeat(v.mean(0, keepdims=True), 2, 0)
            b = np.repeat(b.mean(0, keepdims=True), 2, 0)
        vs.append(np.ascontiguousarray(v, np.float32))
        bs.append(np.ascontiguousarray(b, np.float32))
    V = stft(torch.tensor(np.stack(vs), device=DEVICE))
    B = stft(torch.tensor(np.stack(bs), device=DEVICE))
    for i in range(batch):  # EQ on the spectra: the same linear filter on input and target
        V[i] *= eq_curve(rng).to(DEVICE)
        B[i] *= eq_curve(rng).to(DEVICE)
    return V, B


def block_sdr(est, ref, mix_energy, frames=43):
    """Per ~1-s block: 10·log10(Σ|ref|² / Σ|est − ref|²), on complex spectra [N, 2, T, BINS]."""
    t = ref.shape[2] // frames * frames
    e = (est - ref)[:, :, :t].abs().pow(2).sum((1, 3)).reshape(ref.shape[0], -1, frames).sum(-1)
    r = ref[:, :, :t].abs().pow(2).sum((1, 3)).reshape(ref.shape[0], -1, frames).sum(-1)
    eps = 1e-6 * mix_energy + 1e-3
    return 10 * torch.log10((r + eps) / (e + eps)), r / (mix_energy + 1e-9)


def loss_of(model, V, B):
    X = V + B
    m = model(spec_input(X))
    c = CONTEXT_FRAMES // 2  # edges see zero padding that the runtime's margins never show
    sl = slice(c, X.shape[2] - c)
    m, V, B, X = m[:, sl], V[:, :, sl], B[:, :, sl], X[:, :, sl]
    # the scale of the clip's level: compressed magnitudes relative to the mixture's mean
    ax = X.abs()
    scale = ax.pow(0.3).mean((1, 2, 3), keepdim=True) + 1e-6
    mk = m.unsqueeze(1)
    lv = ((mk * ax + 1e-8).pow(0.3) - (V.abs() + 1e-8).pow(0.3)).abs() / scale
    la = (((1 - mk) * ax + 1e-8).pow(0.3) - (B.abs() + 1e-8).pow(0.3)).abs() / scale
    # plus plain magnitudes, which weigh bins by energy as SDR does (the compressed term alone favours
    # the many quiet bins)
    lin = ax.mean((1, 2, 3), keepdim=True) + 1e-9
    ev = (mk * ax - V.abs()).abs() / lin
    return lv.mean() + la.mean() + 0.5 * ev.mean(), m.mean(), None


@torch.no_grad()
def whole_song_sdr(model, m):
    """Vocal and accompaniment SDR (median of 1-s blocks of spectra) of one held-out multitrack, in 30-s pieces."""
    v = np.asarray(m['lead']) + np.asarray(m['backing'])
    b = np.asarray(m['band'])
    n = v.shape[1]
    svs, sas = [], []
    piece = 30 * SR
    for at in range(0, n - N_FFT, piece):
        vv = torch.tensor(v[None, :, at : at + piece + 2 * CONTEXT_FRAMES * HOP].astype(np.float32), device=DEVICE)
        bb = torch.tensor(b[None, :, at : at + piece + 2 * CONTEXT_FRAMES * HOP].astype(np.float32), device=DEVICE)
        if vv.shape[2] < N_FFT:
            break
        V, B = stft(vv), stft(bb)
        X = V + B
        mk = model(spec_input(X)).unsqueeze(1)
        keep = slice(0, min(X.shape[2], piece // HOP))
        Vh = (X * mk)[:, :, keep]
        Ah = X[:, :, keep] - Vh
        Vk, Bk, Xk = V[:, :, keep], B[:, :, keep], X[:, :, keep]
        t = Xk.shape[2] // 43 * 43
        if t == 0:
            continue
        mix_e = Xk[:, :, :t].abs().pow(2).sum((1, 3)).reshape(1, -1, 43).sum(-1)
        sv, share = block_sdr(Vh, Vk, mix_e)
        sa, _ = block_sdr(Ah, Bk, mix_e)
        sv = sv[share > 1e-7]
        svs.append(sv.flatten())
        sas.append(sa.flatten())
    return float(torch.cat(svs).median()), float(torch.cat(sas).median())


def export(model, path, card):
    model = model.cpu().eval()
    dummy = torch.randn(1, 4, 200, BINS)
    torch.onnx.export(
        model,
        (dummy,),
        path,
        input_names=['stft'],
        output_names=['mask'],
        dynamic_axes={'stft': {2: 'frames'}, 'mask': {1: 'frames'}},
        opset_version=17,
        dynamo=False,
    )
    import onnx

    mdl = onnx.load(path)
    for k, val in {
        'musicface_separator': 'learned-mask',
        'sample_rate': SR,
        'n_fft': N_FFT,
        'hop': HOP,
        'bins': BINS,
        'context_frames': CONTEXT_FRAMES,
    }.items():
        p = mdl.metadata_props.add()
        p.key, p.value = k, str(val)
    onnx.save(mdl, path)
    with open(path[:-5] + '.json', 'w') as f:
        json.dump(
            {
                'format': 'musicface.separator',
                'version': 1,
                'graph': os.path.basename(path),
                'sampleRate': SR,
                'nFft': N_FFT,
                'hop': HOP,
                'bins': BINS,
                'contextFrames': CONTEXT_FRAMES,
                **card,
            },
            f,
            indent=1,
        )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--stems', required=True)
    ap.add_argument('--cache', required=True)
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--held-out', default='7.Francium')
    ap.add_argument('--minutes', type=float, default=55)
    ap.add_argument('--eval-minutes', type=float, default=15)
    ap.add_argument('--batch', type=int, default=6)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--work', required=True)
    ap.add_argument('--export-only', action='store_true', help='export the checkpoint in --work without training')
    ap.add_argument(
        '--out', default=os.path.join(os.path.dirname(__file__), '..', '..', 'models', 'separator-learned.onnx')
    )
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.work, exist_ok=True)
    src = Sources(args, rng)
    held = [
        (mt['name'], load_mixed(mt, args.cache))
        for mt in find_multitracks(args.stems)
        if mt['name'] in set(args.held_out.split(','))
    ]
    model = LearnedSeparator().to(DEVICE)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    ckpt = os.path.join(args.work, 'checkpoint.pt')
    step, spent = 0, 0.0
    if os.path.exists(ckpt):
        s = torch.load(ckpt, weights_only=False, map_location=DEVICE)
        model.load_state_dict(s['model'])
        opt.load_state_dict(s['opt'])
        step, spent = s['step'], s['seconds']
        rng = np.random.default_rng(args.seed + step)
        src.rng = rng
        print(f'resumed at step {step}, {spent / 60:.1f} min', flush=True)
    budget = 0 if args.export_only else args.minutes * 60
    log = open(os.path.join(args.work, 'log.jsonl'), 'a')
    t0 = time.time() - spent
    last_ckpt, last_eval = time.time(), time.time() - spent
    avg = None

    def evaluate(tag):
        model.eval()
        for name, m in held:
            sv, sa = whole_song_sdr(model, m)
            rec = {
                'step': step,
                'minutes': round((time.time() - t0) / 60, 1),
                'held_out': name,
                'vocal_sdr': round(sv, 2),
                'accompaniment_sdr': round(sa, 2),
                'tag': tag,
            }
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + '\n')
            log.flush()
        model.train()

    while time.time() - t0 < budget:
        # cosine decay over the time budget
        frac = min(1.0, (time.time() - t0) / budget)
        for g in opt.param_groups:
            g['lr'] = args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
        V, B = make_batch(src, rng, args.batch)
        loss, mask_mean, _ = loss_of(model, V, B)
        if not torch.isfinite(loss):
            print(f'step {step}: non-finite loss, batch skipped', flush=True)
            continue
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        step += 1
        lv = loss.item()
        avg = lv if avg is None else 0.98 * avg + 0.02 * lv
        if step % 25 == 0:
            rec = {
                'step': step,
                'minutes': round((time.time() - t0) / 60, 1),
                'loss': round(avg, 4),
                'mask_mean': round(float(mask_mean), 3),
                'lr': round(opt.param_groups[0]['lr'], 5),
            }
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + '\n')
            log.flush()
        if time.time() - last_ckpt > 300:
            torch.save(
                {'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'seconds': time.time() - t0},
                ckpt + '.tmp',
            )
            os.replace(ckpt + '.tmp', ckpt)
            last_ckpt = time.time()
        if time.time() - last_eval > args.eval_minutes * 60:
            evaluate('during')
            last_eval = time.time()
    if not args.export_only:
        torch.save(
            {'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'seconds': time.time() - t0}, ckpt
        )
    evaluate('final')
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    export(
        model,
        args.out,
        {
            'trainedOn': {'multitracks': [n for n, _ in src.real], 'syntheticSongs': len(src.synth)},
            'heldOut': [n for n, _ in held],
            'steps': step,
            'minutes': round(spent / 60 if args.export_only else (time.time() - t0) / 60, 1),
            'command': 'python3 training/separation/train_learned.py ' + ' '.join(sys.argv[1:]),
        },
    )
    print(f'wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB) after {step} steps', flush=True)


if __name__ == '__main__':
    main()
