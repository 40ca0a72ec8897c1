"""Level-free acoustic descriptors of a clean (unmixed) vocal, one row per 30 fps video frame: what a lead
vocal stem says about the mouth whoever sings — how loud it is against the singer's own loud level,
whether it is voiced, where its energy sits in frequency. training/real/pseudo_lips.py maps them to lips.

Frame k covers audio [k/30, (k+1)/30); each row is measured on a 40 ms window centred there (16 kHz mono).
"""

import numpy as np

SR = 16000
FPS = 30
WIN = 640
BANDS = np.geomspace(100, 8000, 9)  # 8 log-spaced bands, 100 Hz … 8 kHz
DIM = 14


def frames_of(x, frame_count):
    pad = np.concatenate([np.zeros(WIN), x, np.zeros(WIN)])
    centres = ((np.arange(frame_count) + 0.5) * SR / FPS).astype(np.int64) + WIN
    idx = centres[:, None] + np.arange(-WIN // 2, WIN // 2)[None, :]
    return pad[idx]


def frame_rms_db(x, frame_count):
    """RMS of each frame's own span [k/30, (k+1)/30) in dB (the eval's activity rule uses the same)."""
    hop = SR / FPS
    out = np.full(frame_count, -np.inf)
    for k in range(frame_count):
        a, b = int(k * hop), min(len(x), int((k + 1) * hop))
        if b > a:
            p = float(np.mean(x[a:b] ** 2))
            out[k] = 10 * np.log10(p) if p > 0 else -np.inf
    return out


def active(rms_db, relative_db=40.0, floor_db=-50.0):
    """Where a stem sings: frame RMS ≥ max(floor, its 95th percentile − relative) — src/eval/vocal-activity.ts."""
    finite = np.where(np.isfinite(rms_db), rms_db, -400.0)
    thr = max(floor_db, np.percentile(finite, 95, method='lower') - relative_db)
    return finite >= thr


def describe(x, frame_count):
    """x: 16 kHz mono float → [frame_count, DIM] descriptors."""
    f = frames_of(x.astype(np.float64), frame_count) * np.hanning(WIN)[None, :]
    spec = np.abs(np.fft.rfft(f, n=2048, axis=1)) ** 2
    freqs = np.fft.rfftfreq(2048, 1 / SR)
    power = spec.sum(1) + 1e-12
    db = 10 * np.log10(power)
    loud = np.percentile(db, 95)
    rel = np.clip(db - loud, -60, 6) / 20  # level against the singer's own loud level
    # periodicity: peak of the normalised autocorrelation between 60 and 1000 Hz
    ac = np.fft.irfft(spec, axis=1)[:, :WIN]
    ac = ac / (ac[:, :1] + 1e-12)
    lo, hi = SR // 1000, SR // 60
    period = ac[:, lo:hi].max(1)
    centroid = np.log((spec * freqs).sum(1) / power + 1) / 9
    flat = np.exp(np.mean(np.log(spec[:, 3:] + 1e-12), 1)) / (spec[:, 3:].mean(1) + 1e-12)
    zc = np.mean(np.abs(np.diff(np.sign(f), axis=1)) > 0, 1)
    bands = np.stack(
        [spec[:, (freqs >= a) & (freqs < b)].sum(1) for a, b in zip(BANDS[:-1], BANDS[1:], strict=True)], 1
    )
    shape = np.clip(np.log10(bands / power[:, None] + 1e-6), -6, 0) / 3  # where the energy sits, level-free
    d_rel = np.gradient(rel)
    out = np.column_stack([rel, d_rel * 5, period, centroid, np.log10(flat + 1e-6) / 3, zc, shape])
    return out.astype(np.float32)
