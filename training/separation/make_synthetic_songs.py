"""Synthetic songs with exact stems, for the separation bench when the project corpus is absent.

Festival sings a random melody (kal/ked diphone voice, centred); fluidsynth renders a General MIDI band
(drums, bass, chords, pad, panned); mixture = vocals + accompaniment sample for sample, 44.1 kHz stereo.

    python3 training/separation/make_synthetic_songs.py OUT_DIR --count 4 --seconds 12 --seed 1

writes OUT_DIR/songs/<id>/{mixture,vocals,accompaniment}.wav (the corpus layout).
Needs Debian festival, festvox-kallpc16k, festvox-kdlpc16k, fluidsynth, fluid-soundfont-gm.
"""
import argparse
import os
import random
import struct
import subprocess
import tempfile

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

SR = 44100
WORDS = "love sun moon night day light rain fire heart home road sky dream blue gold time sea wind star hold stay run fly sing free".split()
SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"


def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.insert(0, (n & 0x7F) | 0x80)
        n >>= 7
    return bytes(out)


def write_midi(path, events, tpq=480):
    """events: (tick, bytes) absolute; one track, format 0."""
    events.sort(key=lambda e: (e[0], e[1][0] & 0xF0 == 0x90))
    data, last = b"", 0
    for tick, msg in events:
        data += vlq(tick - last) + msg
        last = tick
    data += vlq(0) + b"\xff\x2f\x00"
    with open(path, "wb") as f:
        f.write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, tpq))
        f.write(b"MTrk" + struct.pack(">I", len(data)) + data)


def band_midi(rng, seconds, bpm, root):
    tpq = 480
    beat = tpq
    ev = [(0, b"\xff\x51\x03" + int(60e6 / bpm).to_bytes(3, "big"))]
    # channel: (program, pan)
    parts = {0: (33, 64), 1: (rng.choice([0, 4, 25, 27]), rng.choice([20, 30, 40])),
             2: (rng.choice([48, 49, 89, 90]), rng.choice([90, 100, 110])), 3: (rng.choice([80, 81, 11, 73]), rng.choice([10, 115]))}
    for ch, (prog, pan) in parts.items():
        ev.append((0, bytes([0xC0 | ch, prog])))
        ev.append((0, bytes([0xB0 | ch, 10, pan])))
        ev.append((0, bytes([0xB0 | ch, 7, 100])))
    ev.append((0, bytes([0xB9, 10, 64])))
    nbeats = int(seconds * bpm / 60) + 1
    prog_degrees = rng.choice([[0, 5, 7, 5], [0, 9, 5, 7], [0, 7, 9, 5]])
    def note(ch, t, dur, key, vel):
        ev.append((t, bytes([0x90 | ch, key, vel])))
        ev.append((t + dur, bytes([0x80 | ch, key, 0])))
    for b in range(nbeats):
        t = b * beat
        chord = root + prog_degrees[(b // 4) % 4]
        note(9, t, beat // 4, 36 if b % 2 == 0 else 38, 100)       # kick / snare
        note(9, t + beat // 2, beat // 4, 42, 70)                  # hi-hat
        note(0, t, beat - 20, chord - 24, 90)                      # bass
        if b % 2 == 0:
            for iv in (0, 4, 7):
                note(1, t, 2 * beat - 20, chord + iv, 70)          # chords
        if b % 4 == 0:
            for iv in (0, 7, 12):
                note(2, t, 4 * beat - 20, chord + iv - 12, 60)     # pad
        if rng.random() < 0.5:
            note(3, t + beat // 2, beat // 2, chord + rng.choice([12, 16, 19, 24]), 55)  # sparse lead fills
    return ev


def sing(rng, seconds, bpm, root, tmp):
    voice = rng.choice(["kal", "ked"])
    shift = rng.choice([0, 12]) if voice == "kal" else 0
    beat = 60.0 / bpm
    scale = [0, 2, 4, 5, 7, 9, 11, 12]
    xml = ['<?xml version="1.0"?>', '<!DOCTYPE SINGING PUBLIC "-//SINGING//DTD SINGING mark up//EN" "Singing.v0_1.dtd" []>', "<SINGING BPM=\"60\">"]
    t = 0.0
    while t < seconds - 1.0:
        if rng.random() < 0.2:
            d = beat * rng.choice([1, 2])
            xml.append('<REST SECONDS="%.3f"></REST>' % d)
        else:
            d = beat * rng.choice([0.5, 1, 1, 2])
            midi = root - 12 + shift + rng.choice(scale)
            hz = 440.0 * 2 ** ((midi - 69) / 12)
            xml.append('<DURATION SECONDS="%.3f"><PITCH FREQ="%.2f">%s</PITCH></DURATION>' % (d, hz, rng.choice(WORDS)))
        t += d
    xml.append("</SINGING>")
    score = os.path.join(tmp, "score.xml")
    with open(score, "w") as f:
        f.write("\n".join(xml))
    wav = os.path.join(tmp, "voice.wav")
    done = subprocess.run(["text2wave", "-mode", "singing", "-eval", "(voice_%s_diphone)" % voice, score, "-o", wav],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode != 0:  # Festival 2.5 occasionally crashes on a score; draw another
        return sing(rng, seconds, bpm, root, tmp)
    x, sr = sf.read(wav)
    g = np.gcd(SR, sr)
    return resample_poly(x, SR // g, sr // g)


def rms(x):
    return np.sqrt(np.mean(x ** 2) + 1e-20)


def make_song(rng, seconds, out_dir):
    bpm = rng.choice([90, 100, 110, 120])
    root = rng.choice(range(57, 66))
    n = int(seconds * SR)
    with tempfile.TemporaryDirectory() as tmp:
        v = sing(rng, seconds, bpm, root, tmp)
        mid = os.path.join(tmp, "band.mid")
        write_midi(mid, band_midi(rng, seconds, bpm, root))
        acc_wav = os.path.join(tmp, "band.wav")
        subprocess.run(["fluidsynth", "-ni", "-q", "-g", "0.6", "-r", str(SR), "-F", acc_wav, SOUNDFONT, mid], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        a, _ = sf.read(acc_wav)
    vocals = np.zeros((n, 2))
    m = min(n, len(v))
    vocals[:m, 0] = v[:m]
    vocals[:m, 1] = v[:m]
    acc = np.zeros((n, 2))
    m = min(n, len(a))
    acc[:m] = a[:m]
    balance_db = rng.uniform(2, 8)  # vocal louder than the band, as in a pop mix
    vocals *= rms(acc) / rms(vocals) * 10 ** (balance_db / 20)
    mix = vocals + acc
    gain = 10 ** (-1 / 20) / np.max(np.abs(mix))
    os.makedirs(out_dir, exist_ok=True)
    # quantize stems to 16-bit first, then sum, so mixture = vocals + accompaniment exactly in the files
    vq = np.round(vocals * gain * 32767) / 32767
    aq = np.round(acc * gain * 32767) / 32767
    sf.write(os.path.join(out_dir, "vocals.wav"), vq, SR, subtype="PCM_16")
    sf.write(os.path.join(out_dir, "accompaniment.wav"), aq, SR, subtype="PCM_16")
    sf.write(os.path.join(out_dir, "mixture.wav"), vq + aq, SR, subtype="FLOAT")
    return balance_db


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--count", type=int, default=4)
    p.add_argument("--seconds", type=float, default=12)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.count):
        d = os.path.join(args.out, "songs", "synth-%03d" % i)
        b = make_song(rng, args.seconds, d)
        print("%s vocal %.1f dB above band" % (d, b))


if __name__ == "__main__":
    main()
