"""Other singers from the real leads we have: each training multitrack's lead is resynthesised with the WORLD
vocoder (PyPI pyworld; Morise et al. 2016) as a few different voices — pitch moved, spectral envelope
(formants) warped, breathiness and vibrato changed — with its timing untouched, so the pseudo-labels of the
original lead (training/real/pseudo_lips.py) still hold for every frame.

Where the numbers come from:
- Formants: adult women's vowel formants sit about 15–20 % above men's (Peterson & Barney 1952, F1–F3
  averages), children's ~30 %; a warp of the envelope's frequency axis by 0.88–1.22 spans deeper male to
  female voices without reaching cartoon territory.
- Pitch: a woman singing a man's melody sings it an octave or a fifth/fourth up; −5…+12 semitones.
- Vibrato: classical and pop singers' vibrato rate is 5–7 Hz with an extent of ±20–100 cents (Sundberg
  1994, "Acoustic and psychoacoustic aspects of vocal vibrato").
- Breathiness: raising WORLD's aperiodicity towards 1 in the upper band adds the noise of a breathy voice.

The variants are cached beside the decoded stems (CACHE/<song>/lead.v<k>.44100.npy), so make_real_corpus.py
pays the analysis (~1 min per minute of song on a loaded core) once.
"""

import os
import warnings

import numpy as np
from scipy.signal import resample_poly

WORLD_SR = 22050  # analysis rate: half the cost of 44.1 kHz, and the lips do not hang on >11 kHz
FRAME_MS = 5.0

# name, semitones, formant warp, vibrato (Hz, cents), breathiness (0 = as sung)
VOICES = [
    ('female-octave', 12.0, 1.18, (5.5, 40.0), 0.0),
    ('female-fifth-breathy', 7.0, 1.14, (6.0, 70.0), 0.5),
    ('high-bright', 4.0, 1.22, (0.0, 0.0), 0.2),
    ('deeper', -5.0, 0.88, (5.0, 30.0), 0.0),
]


def _world():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # pyworld imports the deprecated pkg_resources
        import pyworld
    return pyworld


def warp_envelope(sp, alpha):
    """Stretch the spectral envelope's frequency axis by alpha (>1 raises every formant)."""
    k = sp.shape[1]
    src = np.minimum(np.arange(k) / alpha, k - 1)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, k - 1)
    w = src - lo
    return np.ascontiguousarray(sp[:, lo] * (1 - w) + sp[:, hi] * w)


def resynthesise(x, sr, voices=VOICES, seed=0):
    """Mono float signal at sr → {name: float32 mono at sr}, one per voice, same length and timing."""
    pw = _world()
    y = np.ascontiguousarray(resample_poly(np.asarray(x, np.float64), WORLD_SR, sr))
    f0, t = pw.dio(y, WORLD_SR, f0_floor=65.0, f0_ceil=1100.0, frame_period=FRAME_MS)
    f0 = pw.stonemask(y, f0, t, WORLD_SR)
    sp = pw.cheaptrick(y, f0, t, WORLD_SR)
    ap = pw.d4c(y, f0, t, WORLD_SR)
    rng = np.random.default_rng(seed)
    out = {}
    bins = np.arange(ap.shape[1]) / (ap.shape[1] - 1)
    for name, semis, alpha, (rate, cents), breath in voices:
        vib = cents * np.sin(2 * np.pi * rate * t + rng.uniform(0, 2 * np.pi)) if rate else 0.0
        f = np.where(f0 > 0, f0 * 2 ** ((semis * 100 + vib) / 1200), 0.0)
        a = ap if not breath else np.ascontiguousarray(np.clip(ap + breath * bins * (1 - ap), 0, 1))
        z = pw.synthesize(np.ascontiguousarray(f), warp_envelope(sp, alpha), a, WORLD_SR, FRAME_MS)
        z = resample_poly(z, sr, WORLD_SR)[: len(x)]
        z = np.pad(z, (0, len(x) - len(z)))
        # Same loudness as the original lead (RMS over the whole take), so the mix balance still applies.
        z *= np.sqrt(np.mean(np.square(x)) / max(np.mean(np.square(z)), 1e-12))
        out[name] = z.astype(np.float32)
    return out


def lead_variants(name, lead, cache, sr=44100):
    """[2, n] float32 arrays, one per VOICES entry, for one multitrack's lead; cached as .npy."""
    d = os.path.join(cache, name)
    files = [os.path.join(d, f'lead.v{k}.{sr}.npy') for k in range(len(VOICES))]
    if all(os.path.exists(f) for f in files):
        return [np.load(f, mmap_mode='r') for f in files]
    os.makedirs(d, exist_ok=True)
    mono = np.asarray(lead, np.float32).mean(0)
    made = resynthesise(mono, sr, seed=sum(map(ord, name)))
    out = []
    for f, (vname, *_rest) in zip(files, VOICES, strict=True):
        v = np.stack([made[vname], made[vname]])
        np.save(f + '.tmp.npy', v)
        os.replace(f + '.tmp.npy', f)
        out.append(v)
    return out
