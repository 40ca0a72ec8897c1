"""Lips against the voice and head against the beat, for one real song animated by `musicface animate`.

  python3 training/plot_real_song.py --track out.json --mixture song.flac --vocals vocals.flac --out plot.png

Top: jawOpen over the true vocal stem's loudness envelope (dB). Bottom: rotational head speed over the
beat grid (librosa's beat tracker on the mixture — an independent estimate, not our code).
"""

import argparse
import json

import librosa
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--track', required=True)
    ap.add_argument('--mixture', required=True)
    ap.add_argument('--vocals', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--title', default='')
    a = ap.parse_args()
    with open(a.track) as f:
        tr = json.load(f)
    fps = tr['fps']
    names = tr['columns']['expression']
    expr = np.array(tr['expression'])
    pose = np.array(tr['pose'])
    jaw = expr[:, names.index('jawOpen')]
    t = np.arange(len(jaw)) / fps
    voc, sr = librosa.load(a.vocals, sr=16000, mono=True)
    hop = int(sr / fps)
    rms = librosa.feature.rms(y=voc, frame_length=2 * hop, hop_length=hop, center=True)[0][: len(jaw)]
    db = 20 * np.log10(np.maximum(rms, 1e-6) / max(np.percentile(rms, 95), 1e-6))
    mix, msr = librosa.load(a.mixture, sr=22050, mono=True)
    tempo, beats = librosa.beat.beat_track(y=mix, sr=msr, units='time')
    rot = pose[:, :3]
    speed = np.r_[0, np.linalg.norm(np.diff(rot, axis=0), axis=1)] * fps
    kernel = np.exp(-0.5 * (np.arange(-6, 7) / 2.0) ** 2)
    speed_s = np.convolve(speed, kernel / kernel.sum(), mode='same')
    corr = np.corrcoef(jaw[: len(db)], np.clip(db, -60, 0))[0, 1]

    fig, ax = plt.subplots(2, 1, figsize=(13, 6.5), sharex=True)
    ax[0].plot(t[: len(db)], db, color='0.6', lw=0.8, label='true vocal stem loudness (dB re 95th pct)')
    ax[0].set_ylim(-60, 5)
    ax[0].set_ylabel('vocal level (dB)')
    j = ax[0].twinx()
    j.plot(t, jaw, color='tab:red', lw=1.2, label='jawOpen (generated)')
    j.set_ylim(0, 1)
    j.set_ylabel('jawOpen')
    ax[0].set_title(f'{a.title}  lips vs voice: corr(jawOpen, vocal dB) = {corr:.2f}')
    ax[0].legend(loc='upper left', fontsize=8)
    j.legend(loc='upper right', fontsize=8)
    ax[1].plot(t, speed_s, color='tab:blue', lw=1.2, label='head rotation speed (rad/s, smoothed)')
    for b in beats:
        ax[1].axvline(b, color='tab:orange', lw=0.6, alpha=0.6)
    ax[1].set_ylabel('rad/s')
    ax[1].set_xlabel('seconds')
    ax[1].set_title(f'head vs beat: librosa beats ({float(np.atleast_1d(tempo)[0]):.0f} BPM) in orange')
    ax[1].legend(loc='upper left', fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(
        json.dumps(
            {'jawVocalCorrelation': round(float(corr), 3), 'tempo': float(np.atleast_1d(tempo)[0]), 'beats': len(beats)}
        )
    )


if __name__ == '__main__':
    main()
