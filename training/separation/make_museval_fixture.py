"""Builds the fixture that checks src/separation/sdr.ts against museval (BSS Eval v4, images mode).

    python3 training/separation/make_museval_fixture.py

writes tests/fixtures/separation/museval-fixture.i16 (int16 little-endian, layout [signal][channel][sample],
signals = vocals ref, accompaniment ref, vocals estimate, accompaniment estimate) and museval-fixture.json
(museval's framewise SDR for several window/hop settings). The signals include a frame where the vocal
reference is digital silence and one where the vocal estimate is (museval scores those NaN), a frame where
the estimate is within a few LSB (high SDR) and a partial last window (museval drops it).
"""

import json
import os

import museval
import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "separation")
N = 4130  # samples per channel


def main():
    rng = np.random.default_rng(5)
    t = np.arange(N) / 16000.0
    voc = np.stack(
        [
            0.3 * np.sin(2 * np.pi * 220 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t)),
            0.28 * np.sin(2 * np.pi * 220 * t + 0.1),
        ],
        1,
    )
    acc = np.stack([0.2 * rng.standard_normal(N) * np.exp(-((t * 7) % 1)), 0.15 * rng.standard_normal(N)], 1)
    voc[800:1200] = 0  # frame 2 of the 400-sample grid: silent vocal reference
    est_v = voc + 0.3 * acc + 0.02 * rng.standard_normal((N, 2))
    est_a = acc + 0.2 * voc + 0.02 * rng.standard_normal((N, 2))
    est_v[2000:2400] = 0  # frame 5: silent vocal estimate
    est_v[2800:3200] = voc[2800:3200] + 1e-4 * rng.standard_normal((400, 2))  # frame 7: a near-perfect estimate
    est_a[2800:3200] = acc[2800:3200] + 1e-4 * rng.standard_normal((400, 2))
    sig = np.stack([voc, acc, est_v, est_a])  # (4, N, 2)
    q = np.clip(np.round(sig * 32767), -32768, 32767).astype("<i2")
    deq = q.astype(np.float64) / 32767
    refs, ests = deq[:2], deq[2:]
    cases = []
    for win, hop in [(400, 400), (600, 300), (N * 2, N * 2)]:
        sdr, isr, sir, sar = museval.evaluate(refs, ests, win=win, hop=hop)
        cases.append(
            {
                "window": win,
                "hop": hop,
                "sdr": [[None if not np.isfinite(v) else float(v) for v in row] for row in sdr],
                "medianSdr": [float(np.nanmedian(row)) for row in sdr],
            }
        )
    os.makedirs(ROOT, exist_ok=True)
    np.ascontiguousarray(np.transpose(q, (0, 2, 1))).tofile(os.path.join(ROOT, "museval-fixture.i16"))
    meta = {
        "about": "museval 0.4.1 evaluate(refs, ests, win, hop) on museval-fixture.i16 / 32767",
        "signals": ["vocals", "accompaniment", "vocals-estimate", "accompaniment-estimate"],
        "channels": 2,
        "samples": N,
        "scale": 32767,
        "cases": cases,
    }
    with open(os.path.join(ROOT, "museval-fixture.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(cases, indent=None)[:600])


if __name__ == "__main__":
    main()
