"""Real voices for the generator: a corpus of remixes of real multitracks, laid out like `musicface corpus
synth`'s (manifest.json, songs/<id>/{mixture.wav, track.json, labels.json}) so that `musicface dataset build`
turns it into shards with the inference separator and feature code. Every song is marked source "real":
train.py scores only its lips (train.py --real).

Each 30-s song is one of:
  own      a real lead over its own song's backing vocals and band (the release, re-balanced)
  other    a real lead over another song's band (and maybe that song's backing vocals: the face follows
           the lead, never the backing)
  synth    a real lead over a synthetic corpus song's band
  teacher  a synthetic corpus voice over a real band (lips from the teacher itself)
or, with --band-alone, a real band with no lead (half of them with backing vocals), lips at rest
throughout: shards for train.py --band-only, which teach the mouth to stay shut for the separator's leak.
with random balance (lead −8…+6 dB, band −6…+6 dB), EQ tilt, room reverb, and an overall gain of
−20…+6 dB. Real leads are labelled by training/real/pseudo_lips.py from the dry lead stem; in half of the training songs
(--voice-variants) the lead is then sung by another voice resynthesised from it (voice_variants.py: female
range, breathy, bright, deeper), timing unchanged.
Held-out songs (--held-out) give only the 'val' split, from their own mix.

  python3 training/real/make_real_corpus.py --stems ../shared/data/stems --corpus corpus \
      --pseudo work/pseudo-lips.pt --out work/real-corpus --songs 240 --val-songs 24
"""

import argparse
import json
import os
import sys

import numpy as np
import soundfile as sf
from scipy.signal import fftconvolve, lfilter, resample_poly

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from acoustics import active, frame_rms_db  # noqa: E402
from multitracks import decode, find_multitracks, load_mixed  # noqa: E402
from pseudo_lips import COLS, PseudoLips  # noqa: E402
from voice_variants import VOICES, lead_variants  # noqa: E402

SR = 44100
FPS = 30


def db(x):
    return 10 ** (x / 20)


def crop(x, start, n):
    """x[:, start:start+n], tiled when x is shorter than n."""
    if x.shape[1] >= start + n:
        return np.asarray(x[:, start : start + n], np.float32)
    reps = int(np.ceil((start + n) / x.shape[1]))
    return np.tile(np.asarray(x, np.float32), (1, reps))[:, start : start + n]


def eq_tilt(x, rng):
    """A gentle random tilt: one-pole low-pass or high-pass blended with the dry signal."""
    a = rng.uniform(0.6, 0.95)
    low = lfilter([1 - a], [1, -a], x, axis=1)
    mix = rng.uniform(-0.5, 0.5)
    return (x + mix * (low if mix > 0 else x - low)).astype(np.float32)


def reverb(x, rng):
    """A synthetic room: exponentially decaying noise (RT60 0.3–1.8 s), mixed −18…−6 dB."""
    rt60 = rng.uniform(0.3, 1.8)
    n = int(rt60 * SR)
    t = np.arange(n) / SR
    ir = rng.standard_normal(n) * np.exp(-6.91 * t / rt60)
    ir /= np.sqrt(np.sum(ir**2)) + 1e-9
    wet = np.stack([fftconvolve(c, ir)[: x.shape[1]] for c in x])
    return (x + db(rng.uniform(-18, -6)) * wet).astype(np.float32)


def produce(x, rng):
    if rng.random() < 0.5:
        x = eq_tilt(x, rng)
    if rng.random() < 0.35:
        x = reverb(x, rng)
    return x


def to16k_mono(x):
    return resample_poly(np.asarray(x, np.float64).mean(0), 160, 441)


def pick_offset(lead, n, rng, tries=20):
    """A window start where the lead sings in at least a fifth of the frames (else the best found)."""
    best, best_share = 0, -1.0
    env = np.abs(np.asarray(lead[0], np.float32)[::441])  # 100 Hz envelope
    thr = np.percentile(env, 95) * db(-40)
    for _ in range(tries):
        s = int(rng.integers(0, max(1, lead.shape[1] - n)))
        share = float(np.mean(env[s // 441 : (s + n) // 441] > thr))
        if share > best_share:
            best, best_share = s, share
        if share >= 0.2:
            break
    return best


def write_track(path, names, lips, frames):
    expr = np.zeros((frames, 52), np.float32)
    expr[:, COLS] = lips[:frames]
    doc = {
        'format': 'musicface.facetrack',
        'version': 1,
        'fps': FPS,
        'frameCount': frames,
        'columns': names,
        'meta': {'source': 'real-remix'},
        'expression': np.round(expr, 6).tolist(),
        'pose': [[0.0] * 6] * frames,
        'eyes': [[0.0, 0.0]] * frames,
    }
    with open(path, 'w') as f:
        json.dump(doc, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--stems', required=True)
    ap.add_argument('--corpus', required=True, help='synthetic corpus (voices and bands to cross with)')
    ap.add_argument('--pseudo', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--cache', default=None, help='decoded stems (default OUT/../stem-cache)')
    ap.add_argument('--held-out', default='7.Francium', help='comma list of multitrack names kept for validation')
    ap.add_argument('--songs', type=int, default=240)
    ap.add_argument('--val-songs', type=int, default=24)
    ap.add_argument('--seconds', type=float, default=30)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--band-alone', action='store_true', help='every song a real band with no lead (see above)')
    ap.add_argument(
        '--voice-variants',
        type=float,
        default=0.5,
        help='share of training songs whose real lead is sung by another voice (voice_variants.py)',
    )
    args = ap.parse_args()
    cache = args.cache or os.path.join(os.path.dirname(os.path.abspath(args.out)), 'stem-cache')
    held = set(args.held_out.split(','))
    tracks = find_multitracks(args.stems)
    train_mt = [m for m in tracks if m['name'] not in held]
    val_mt = [m for m in tracks if m['name'] in held]
    if not train_mt or not val_mt:
        raise SystemExit(
            f'need training and held-out multitracks; held out: {sorted(held)}, found {[m["name"] for m in tracks]}'
        )
    mixed = {m['name']: load_mixed(m, cache) for m in tracks}
    with open(os.path.join(args.corpus, 'manifest.json')) as f:
        manifest = json.load(f)
    styles = manifest['styles']
    syn = [s for s in manifest['songs'] if s['split'] == 'train']
    with open(os.path.join(args.corpus, 'songs', syn[0]['id'], 'track.json')) as f:
        names = json.load(f)['columns']
    labeler = PseudoLips(args.pseudo)
    variants = {}
    if args.voice_variants > 0 and not args.band_alone:
        for m in train_mt:
            print(f'voice variants of {m["name"]} ...', flush=True)
            variants[m['name']] = lead_variants(m['name'], mixed[m['name']]['lead'], cache)
    n = int(args.seconds * SR)
    frames = int(args.seconds * FPS)
    os.makedirs(os.path.join(args.out, 'songs'), exist_ok=True)
    entries = []
    kinds = ['own', 'other', 'synth', 'teacher']
    for i in range(args.songs + args.val_songs):
        val = i >= args.songs
        rng = np.random.default_rng([args.seed, i])
        sid = f'r{i:05d}'
        d = os.path.join(args.out, 'songs', sid)
        kind = 'band' if args.band_alone else 'own' if val else kinds[int(rng.choice(4, p=[0.35, 0.25, 0.15, 0.25]))]
        pool = val_mt if val else train_mt
        a = pool[int(rng.integers(len(pool)))]['name']
        A = mixed[a]
        backing = np.zeros((2, n), np.float32)
        if kind == 'band':
            t0 = int(rng.integers(0, A['band'].shape[1] - n))
            lead = np.zeros((2, n), np.float32)
            band = crop(A['band'], t0, n)
            if rng.random() < 0.5:
                backing = crop(A['backing'], t0, n)
            lips = np.zeros((frames, len(COLS)), np.float32)
            sung = np.zeros(frames, bool)
            origin = f'{a} band alone'
        elif kind == 'teacher':
            s = syn[int(rng.integers(len(syn)))]
            sd = os.path.join(args.corpus, 'songs', s['id'])
            voice = decode(os.path.join(sd, 'vocals.wav'), SR)  # the lead with its harmonies and reverb
            solo = os.path.join(sd, 'lead.wav')  # the lead alone, where the corpus has it
            v0 = int(rng.integers(0, max(1, voice.shape[1] - n)))
            lead = crop(voice, v0, n)
            alone = crop(decode(solo, SR), v0, n) if os.path.exists(solo) else lead
            with open(os.path.join(sd, 'track.json')) as f:
                expr = np.asarray(json.load(f)['expression'], np.float32)
            f0 = int(round(v0 / SR * FPS))
            lips = expr[f0 : f0 + frames][:, COLS]
            lips = np.pad(lips, ((0, frames - len(lips)), (0, 0)))
            sung = active(frame_rms_db(to16k_mono(alone), frames))
            b0 = int(rng.integers(0, A['band'].shape[1] - n))
            band = crop(A['band'], b0, n)
            origin = f'{s["id"]} voice over {a} band'
        else:
            t0 = pick_offset(A['lead'], n, rng)
            lead = crop(A['lead'], t0, n)
            lips, sung = labeler.label(to16k_mono(lead), frames)
            voice = ''
            if not val and variants and rng.random() < args.voice_variants:
                k = int(rng.integers(len(VOICES)))
                lead = crop(variants[a][k], t0, n)  # same timing: the original's labels hold
                voice = f' ({VOICES[k][0]} voice)'
            if kind == 'own':
                band = crop(A['band'], t0, n)
                backing = crop(A['backing'], t0, n)
                origin = f'{a} own mix{voice}'
            elif kind == 'other':
                b = [m['name'] for m in train_mt if m['name'] != a]
                B = mixed[b[int(rng.integers(len(b)))]] if b else A
                b0 = int(rng.integers(0, B['band'].shape[1] - n))
                band = crop(B['band'], b0, n)
                if rng.random() < 0.5:
                    backing = crop(B['backing'], b0, n)
                origin = f'{a} lead over another band{voice}'
            else:
                s = syn[int(rng.integers(len(syn)))]
                acc = decode(os.path.join(args.corpus, 'songs', s['id'], 'accompaniment.wav'), SR)
                band = crop(acc, int(rng.integers(0, max(1, acc.shape[1] - n))), n)
                origin = f'{a} lead over {s["id"]} band{voice}'
            if not val:
                lead = produce(lead, rng)
        if val and kind != 'band':
            mix = lead + backing + band
            gain = 0.0
        else:
            mix = db(rng.uniform(-8, 6)) * lead + db(rng.uniform(-9, 3)) * backing + db(rng.uniform(-6, 6)) * band
            gain = rng.uniform(-20, 6)
            mix = mix * db(gain)
        peak = np.abs(mix).max()
        if peak > 0.999:  # float WAV would keep it, but other readers clip: scale down
            mix = mix * (0.999 / peak)
        os.makedirs(d, exist_ok=True)
        sf.write(os.path.join(d, 'mixture.wav'), mix.T.astype(np.float32), SR, subtype='FLOAT')
        write_track(os.path.join(d, 'track.json'), names, lips, frames)
        with open(os.path.join(d, 'labels.json'), 'w') as f:
            json.dump(
                {
                    'format': 'musicface.corpus.labels',
                    'version': 1,
                    'fps': FPS,
                    'frameCount': frames,
                    'eyeLong': [0] * frames,
                    'vocalActive': sung.astype(int).tolist(),
                },
                f,
            )
        style = styles[int(rng.integers(len(styles)))]
        entries.append(
            {
                'id': sid,
                'style': style,
                'styleIndex': styles.index(style),
                'split': 'val' if val else 'train',
                'styleSplit': 'train',
                'source': 'real',
                'kind': kind,
                'origin': origin,
                'gainDb': round(float(gain), 2),
            }
        )
        if i % 20 == 0:
            print(f'{i}/{args.songs + args.val_songs} {origin}', flush=True)
    with open(os.path.join(args.out, 'manifest.json'), 'w') as f:
        json.dump(
            {
                'format': 'musicface.real-corpus',
                'version': 1,
                'styles': styles,
                'heldOut': sorted(held),
                'songs': entries,
            },
            f,
            indent=1,
        )
    print(f'wrote {len(entries)} songs to {args.out}')


if __name__ == '__main__':
    main()
