"""Look at one synthetic song: spectrograms with the phone table, jawOpen, beats, head pose and eyes.

Usage: python3 docs/corpus/plot_song.py CORPUS/songs/s00000 OUT.png [zoom_start_seconds]
Needs numpy, scipy, soundfile, matplotlib.
"""

import csv
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import soundfile as sf
from scipy.signal import spectrogram


def spec(x, sr, fmax=8000):
    f, t, s = spectrogram(x, sr, nperseg=1024, noverlap=1024 - 256)
    keep = f <= fmax
    return f[keep], t, 10 * np.log10(s[keep] + 1e-12)


def main(song, out, zoom=None):
    mix, sr = sf.read(f"{song}/mixture.wav")
    voc, _ = sf.read(f"{song}/vocals.wav")
    phones = list(csv.DictReader(open(f"{song}/phones.csv")))
    beats = json.load(open(f"{song}/beats.json"))
    track = json.load(open(f"{song}/track.json"))
    labels = json.load(open(f"{song}/labels.json"))
    entry = json.load(open(f"{song}/song.json"))
    fps = track["fps"]
    expr = np.array(track["expression"])
    names = track["columns"]["expression"]
    jaw = expr[:, names.index("jawOpen")]
    pose = np.array(track["pose"])
    eyes = np.array(track["eyes"])[:, 0]
    tf = np.arange(len(jaw)) / fps
    dur = len(mix) / sr
    if zoom is None:
        sung = [float(p["start"]) for p in phones if p["phone"] != "pau"]
        zoom = max(0.0, sung[len(sung) // 3] - 0.5) if sung else 0.0
    z0, z1 = zoom, min(dur, zoom + 6)

    fig, ax = plt.subplots(4, 1, figsize=(14, 13), gridspec_kw={"height_ratios": [1.1, 1.4, 0.8, 0.8]})
    f, t, s = spec(mix.mean(axis=1), sr)
    ax[0].pcolormesh(t, f, s, shading="auto", cmap="magma", vmin=s.max() - 80, vmax=s.max())
    for b in beats["beats"]:
        ax[0].axvline(b, color="w", lw=0.3, alpha=0.4)
    for sec in beats["sections"]:
        ax[0].axvline(sec["start"], color="c", lw=1.2)
        ax[0].text(sec["start"] + 0.1, 7400, f'{sec["name"]} {sec["energy"]:.2f}', color="c", fontsize=8)
    ax[0].axvspan(z0, z1, color="w", alpha=0.12)
    ax[0].set_xlim(0, dur)
    ax[0].set_title(
        f'{entry["id"]}: mixture, {entry["tempo"]} BPM {entry["key"]}, voice {entry["voice"]}, '
        f'style {entry["style"]}, vocal +{entry["balanceLU"]} LU; sections (cyan), beats (white)'
    )
    ax[0].set_ylabel("Hz")

    n0, n1 = int(z0 * sr), int(z1 * sr)
    f, t, s = spec(voc[n0:n1, 0], sr)
    ax[1].pcolormesh(t + z0, f, s, shading="auto", cmap="magma", vmin=s.max() - 80, vmax=s.max())
    for p in phones:
        a, b = float(p["start"]), float(p["end"])
        if b < z0 or a > z1:
            continue
        ax[1].axvline(a, color="lime", lw=0.6)
        ax[1].text(max(a, z0) + 0.005, 7500 if p["phone"] != "pau" else 6900, p["phone"], color="lime", fontsize=8)
    seen = set()
    for p in phones:
        a = float(p["start"])
        if p["word"] and z0 <= a <= z1 and p["word"] + p["note"] not in seen:
            seen.add(p["word"] + p["note"])
            ax[1].text(a + 0.005, 300, p["word"], color="w", fontsize=9, rotation=90)
    ax1b = ax[1].twinx()
    sel = (tf >= z0) & (tf <= z1)
    ax1b.plot(tf[sel], jaw[sel], color="cyan", lw=2, label="jawOpen")
    ax1b.plot(tf[sel], np.array(labels["vocalActive"])[sel] * 0.95, color="yellow", lw=1, ls="--", label="vocalActive")
    ax1b.set_ylim(0, 1.05)
    ax1b.legend(loc="upper right", fontsize=8)
    ax[1].set_xlim(z0, z1)
    ax[1].set_title("vocal stem (zoom): phone table (green), jawOpen (cyan), vocalActive (yellow)")
    ax[1].set_ylabel("Hz")

    for k, name in enumerate(["pitch", "yaw", "roll"]):
        ax[2].plot(tf, pose[:, k], lw=1, label=name)
    speed = np.r_[0, np.abs(np.diff(pose[:, :3], axis=0)).sum(axis=1) * fps]
    ax2b = ax[2].twinx()
    ax2b.plot(tf, speed, color="k", lw=0.5, alpha=0.5, label="|d pose|/dt (rad/s)")
    ax2b.legend(loc="upper right", fontsize=8)
    for b in beats["downbeats"]:
        ax[2].axvline(b, color="gray", lw=0.3)
    ax[2].legend(loc="upper left", fontsize=8)
    ax[2].set_xlim(0, dur)
    ax[2].set_title("head pose (rad) and angular speed")

    ax[3].plot(tf, eyes, lw=1, label="eye closure (track)")
    ax[3].plot(tf, labels["eyeLong"], lw=1.5, label="eyeLong (label)")
    smile = expr[:, names.index("mouthSmileLeft")]
    brow = expr[:, names.index("browInnerUp")]
    ax[3].plot(tf, smile, lw=1, label="mouthSmileLeft")
    ax[3].plot(tf, brow, lw=1, label="browInnerUp")
    ax[3].set_xlim(0, dur)
    ax[3].legend(loc="upper left", fontsize=8)
    ax[3].set_xlabel("seconds")
    ax[3].set_title("eyes, smile, brows")
    fig.tight_layout()
    # A 256-colour palette keeps the PNG small enough to commit.
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, dpi=72, format="png")
    Image.open(buf).convert("RGB").quantize(colors=256).save(out, optimize=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else None)
