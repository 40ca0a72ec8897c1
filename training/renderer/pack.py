"""Packs a `musicface neural-data` folder small enough to send to a GPU machine, and unpacks it there.

    python training/renderer/pack.py pack DATA PACKED [--ffmpeg PATH] [--crf 18] [--cond-crf 0] [--only train]
    python training/renderer/pack.py unpack PACKED DATA

A 256² GRID folder (120 clips of 75 frames) is 3.3 GB of .npy. Per clip:
- the conditioning frames as RGB H.264 (libx264rgb), lossless by default (--cond-crf 0: the renderer
  sees in training exactly what inference draws; ~590 KB per GRID clip). --cond-crf 2 is ~290 KB at
  60 dB PSNR (mean error 0.06 levels), for when the transfer is small;
- the real frames as H.264 4:4:4 at --crf (crops of an already lossy video; crf 18 is ~60 KB per GRID
  clip at 40 dB PSNR against the crops, far above what a renderer reaches).
person.json, split.json and background.png are copied. Packing needs an ffmpeg with libx264 (the
project's own: node_modules/@ffmpeg-installer); unpacking reads with OpenCV (or ffmpeg when given), so
it runs where only PyTorch's usual packages are installed. `unpack` checks the conditioning's frame
count and, on the first clip, that decoding is exact (a checksum written by `pack`).
"""

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys

import numpy as np

COPIED = ("person.json", "split.json", "background.png")


def default_ffmpeg():
    here = os.path.dirname(os.path.abspath(__file__))
    local = os.path.join(here, "..", "..", "node_modules", "@ffmpeg-installer", "linux-x64", "ffmpeg")
    return local if os.path.exists(local) else shutil.which("ffmpeg")


def encode(ffmpeg, frames, out, rgb, crf):
    s = frames.shape[1]
    codec = (
        ["-c:v", "libx264rgb", "-qp" if crf == 0 else "-crf", str(crf), "-preset", "veryslow"]
        if rgb
        else ["-c:v", "libx264", "-crf", str(crf), "-preset", "veryslow", "-pix_fmt", "yuv444p"]
    )
    cmd = [
        ffmpeg,
        "-v",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{s}x{s}",
        "-r",
        "25",
        "-i",
        "pipe:0",
        *codec,
        out,
    ]
    subprocess.run(cmd, input=np.ascontiguousarray(frames).tobytes(), check=True)


def decode(path, size, ffmpeg=None):
    if ffmpeg:
        raw = subprocess.run(
            [ffmpeg, "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
            check=True,
            capture_output=True,
        ).stdout
        return np.frombuffer(raw, np.uint8).reshape(-1, size, size, 3)
    import cv2

    cap = cv2.VideoCapture(path)
    frames = []
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        frames.append(bgr[:, :, ::-1])
    if not frames:
        sys.exit(f"{path}: OpenCV read no frames (is its FFmpeg backend missing? pass --ffmpeg)")
    return np.stack(frames)


@contextlib.contextmanager
def building(folder):
    """Yields a .part folder beside `folder`, renamed onto it when the block completes and removed when it
    fails: nothing half-written is left behind."""
    if os.path.exists(folder) and os.listdir(folder):
        sys.exit(f"{folder}: already exists and is not empty")
    part = folder.rstrip("/") + ".part"
    shutil.rmtree(part, ignore_errors=True)
    os.makedirs(part)
    try:
        yield part
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    if os.path.exists(folder):
        os.rmdir(folder)
    os.replace(part, folder)


def copy_extras(src, dst):
    for f in COPIED:
        if os.path.exists(os.path.join(src, f)):
            shutil.copy(os.path.join(src, f), dst)


def read_json(folder, name, what):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        sys.exit(f"{folder}: {what} (no {name})")
    with open(path) as f:
        return json.load(f)


def pack(a):
    ffmpeg = a.ffmpeg or default_ffmpeg()
    if not ffmpeg:
        sys.exit("no ffmpeg found: pass --ffmpeg PATH (one with libx264)")
    split = read_json(a.data, "split.json", "not a folder written by `musicface neural-data`")
    names = split["train"] + ([] if a.only == "train" else split["test"])
    with building(a.packed) as out:
        index = {}
        for i, n in enumerate(names):
            cond = np.load(os.path.join(a.data, f"{n}.cond.npy"), mmap_mode="r")
            real = np.load(os.path.join(a.data, f"{n}.real.npy"), mmap_mode="r")
            encode(ffmpeg, cond, os.path.join(out, f"{n}.cond.mkv"), True, a.cond_crf)
            encode(ffmpeg, real, os.path.join(out, f"{n}.real.mkv"), False, a.crf)
            index[n] = {
                "frames": int(cond.shape[0]),
                "cond_md5": hashlib.md5(np.ascontiguousarray(cond).tobytes()).hexdigest(),
            }
            print(f"packed {i + 1}/{len(names)} {n}", flush=True)
        copy_extras(a.data, out)
        with open(os.path.join(out, "packed.json"), "w") as f:
            json.dump({"size": int(cond.shape[1]), "crf": a.crf, "condCrf": a.cond_crf, "clips": index}, f, indent=1)


def unpack(a):
    packed = read_json(a.packed, "packed.json", "not a folder written by `pack.py pack`")
    split = read_json(a.packed, "split.json", "not a folder written by `pack.py pack`")
    size = packed["size"]
    present = set(packed["clips"])
    split = {k: [n for n in v if n in present] for k, v in split.items()}
    with building(a.data) as out:
        for i, (n, info) in enumerate(packed["clips"].items()):
            cond = decode(os.path.join(a.packed, f"{n}.cond.mkv"), size, a.ffmpeg)
            real = decode(os.path.join(a.packed, f"{n}.real.mkv"), size, a.ffmpeg)
            if cond.shape[0] != info["frames"] or real.shape[0] != info["frames"]:
                sys.exit(
                    f"{os.path.join(a.packed, n)}.cond.mkv/.real.mkv: decoded {cond.shape[0]} conditioning and {real.shape[0]} real frames, expected {info['frames']}"
                )
            if (
                i == 0
                and packed.get("condCrf", 0) == 0
                and hashlib.md5(np.ascontiguousarray(cond).tobytes()).hexdigest() != info["cond_md5"]
            ):
                print(
                    f"warning: {n}: the lossless conditioning decoded inexactly (this decoder converts colours); training sees slightly other images than inference",
                    flush=True,
                )
            np.save(os.path.join(out, f"{n}.cond.npy"), cond)
            np.save(os.path.join(out, f"{n}.real.npy"), real)
        copy_extras(a.packed, out)
        with open(os.path.join(out, "split.json"), "w") as f:
            json.dump(split, f, indent=1)
    print(f"unpacked {len(packed['clips'])} clips into {a.data}", flush=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    pk = sub.add_parser("pack")
    pk.add_argument("data")
    pk.add_argument("packed")
    pk.add_argument("--crf", type=int, default=18, help="real frames' H.264 quality")
    pk.add_argument("--cond-crf", type=int, default=0, help="conditioning's H.264 quality (0 = lossless)")
    pk.add_argument("--only", choices=["train", "all"], default="all")
    pk.add_argument("--ffmpeg")
    up = sub.add_parser("unpack")
    up.add_argument("packed")
    up.add_argument("data")
    up.add_argument("--ffmpeg")
    a = p.parse_args(argv)
    pack(a) if a.cmd == "pack" else unpack(a)


if __name__ == "__main__":
    main()
