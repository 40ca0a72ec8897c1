"""Scores an exported neural renderer on the held-out clips of its data: PSNR and SSIM against the
real frames, CPBD sharpness of the rendered and of the real frames, and a strip of real vs rendered.

    python training/renderer/evaluate.py models/renderers/grid-s1.renderer.onnx --data data/grid-s1 \
        [--run runs/grid-s1] [--strip docs/neural/grid-s1-heldout.png]

The conditioning of each held-out frame comes from that clip's own tracked parameters (as written by
musicface neural-data), stacked exactly as in training (the same clip only, first frame repeated).
Writes metrics.json into --run when given (export.py copies it into the card).
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics as M  # noqa: E402
from data import Clips, load_split  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("onnx")
    p.add_argument("--data", required=True)
    p.add_argument("--run", help="run folder: metrics.json is written there")
    p.add_argument("--strip", help="PNG of held-out frames: real (top), conditioning (middle), rendered (bottom)")
    p.add_argument("--cpbd-every", type=int, default=5, help="CPBD on every n-th frame (it is slow)")
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args(argv)
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    sess = ort.InferenceSession(a.onnx, so, providers=["CPUExecutionProvider"])
    split, person = load_split(a.data)
    clips = Clips(a.data, split["test"], person["stack"])
    psnr, ssim, cpbd_fake, cpbd_real = [], [], [], []
    strip_real, strip_cond, strip_fake = [], [], []
    batch = 16
    for start in range(0, len(clips), batch):
        ids = range(start, min(len(clips), start + batch))
        cond, real = clips.batch(ids)
        out = sess.run(None, {"conditioning": cond.numpy()})[0]
        fake = np.clip(np.round(out.transpose(0, 2, 3, 1) * 255), 0, 255).astype(np.uint8)
        real = np.clip(np.round(real.numpy().transpose(0, 2, 3, 1) * 255), 0, 255).astype(np.uint8)
        for i, k in enumerate(ids):
            psnr.append(M.psnr(fake[i], real[i]))
            ssim.append(M.ssim(fake[i], real[i]))
            if k % a.cpbd_every == 0:
                cpbd_fake.append(M.cpbd(fake[i]))
                cpbd_real.append(M.cpbd(real[i]))
            c, t = clips.index[k]
            if t in (20, 45) and len(strip_real) < 8:
                strip_real.append(real[i])
                strip_cond.append(
                    np.clip(np.round(cond[i, -3:].numpy().transpose(1, 2, 0) * 255), 0, 255).astype(np.uint8)
                )
                strip_fake.append(fake[i])
    result = {
        "heldOutClips": len(split["test"]),
        "frames": len(psnr),
        "psnr": float(np.mean(psnr)),
        "ssim": float(np.mean(ssim)),
        "cpbdRendered": float(np.mean(cpbd_fake)) if cpbd_fake else None,
        "cpbdReal": float(np.mean(cpbd_real)) if cpbd_real else None,
        "size": person["size"],
    }
    print(json.dumps(result, indent=1), flush=True)
    if a.run:
        with open(os.path.join(a.run, "metrics.json"), "w") as f:
            json.dump(result, f, indent=1)
    if a.strip and strip_real:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        grid = np.concatenate(
            [np.concatenate(strip_real, 1), np.concatenate(strip_cond, 1), np.concatenate(strip_fake, 1)], 0
        )
        os.makedirs(os.path.dirname(os.path.abspath(a.strip)), exist_ok=True)
        plt.imsave(a.strip, grid)
        print(f"wrote {a.strip}", flush=True)


if __name__ == "__main__":
    main()
