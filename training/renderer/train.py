"""Trains a person's neural renderer (pix2pixHD-style, FACIAL's rendering stage) on pairs written by
`musicface neural-data`.

    python training/renderer/train.py --data data/grid-s1 --out runs/grid-s1 [--minutes 30] [--steps N]

Losses: LSGAN on a multi-scale PatchGAN, pix2pixHD feature matching, and L1 to the real frame. No
perceptual (VGG) loss: its weights cannot be had offline here. Resumable: rerunning with the same --out
continues from runs/…/checkpoint.pt. Uses CUDA when present. Prints one progress line per --log steps.
`--smoke` trains a tiny network on a tiny synthetic set for a few steps (CI).
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import Clips, DeviceClips, load_split  # noqa: E402
from model import Generator, MultiscaleD, feature_matching, lsgan  # noqa: E402


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", help="folder written by musicface neural-data")
    p.add_argument("--out", required=True, help="run folder (checkpoint, log, config)")
    p.add_argument("--steps", type=int, default=200000, help="stop after this many steps in all")
    p.add_argument(
        "--minutes", type=float, default=0, help="stop after this much wall time in this session (0 = no limit)"
    )
    p.add_argument(
        "--cpu-minutes",
        type=float,
        default=0,
        help="stop after this much CPU time of this process in this session (0 = no limit)",
    )
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--ngf", type=int, default=32)
    p.add_argument("--n-down", type=int, default=3)
    p.add_argument("--n-blocks", type=int, default=6)
    p.add_argument("--ndf", type=int, default=64)
    p.add_argument("--num-d", type=int, default=2)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--l1", type=float, default=100.0, help="weight of L1 to the real frame")
    p.add_argument("--fm", type=float, default=10.0, help="weight of feature matching")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0 = torch default)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log", type=int, default=20, help="steps per progress line")
    p.add_argument("--save", type=int, default=200, help="steps per checkpoint")
    p.add_argument(
        "--bf16",
        action="store_true",
        help="bfloat16 autocast on CUDA (the shipped renderers trained so); ignored on CPU",
    )
    p.add_argument("--smoke", action="store_true", help="tiny network on tiny made-up data, for CI")
    return p.parse_args(argv)


def smoke_data(root, size=32, clips=3, frames=12, stack=10):
    """A made-up person: the real frame is a colour function of the conditioning (learnable quickly)."""
    os.makedirs(root, exist_ok=True)
    rng = np.random.RandomState(0)
    names = [f"c{i}" for i in range(clips)]
    yy, xx = np.mgrid[0:size, 0:size]
    for n in names:
        cond = np.zeros((frames, size, size, 3), np.uint8)
        for t in range(frames):
            r = size * (0.25 + 0.1 * rng.rand())
            disk = (xx - size / 2) ** 2 + (yy - size / 2) ** 2 < r * r
            cond[t][disk] = (rng.rand(3) * 255).astype(np.uint8)
        real = (255 - cond).astype(np.uint8)
        np.save(os.path.join(root, f"{n}.cond.npy"), cond)
        np.save(os.path.join(root, f"{n}.real.npy"), real)
    with open(os.path.join(root, "split.json"), "w") as f:
        json.dump({"train": names[:-1], "test": names[-1:]}, f)
    with open(os.path.join(root, "person.json"), "w") as f:
        json.dump({"size": size, "stack": stack, "fps": 25, "smoke": True}, f)


def main(argv=None):
    a = parse(argv)
    if a.smoke:
        a.data = a.data or os.path.join(a.out, "smoke-data")
        smoke_data(a.data)
        a.ngf, a.n_down, a.n_blocks, a.ndf, a.num_d, a.batch = 8, 2, 1, 8, 1, 2
        a.steps = min(a.steps, 12)
        a.lr = 1e-3
    if not a.data:
        sys.exit("--data is required (a folder written by musicface neural-data)")
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    if a.threads:
        torch.set_num_threads(a.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    split, person = load_split(a.data)
    stack = person["stack"]
    train = Clips(a.data, split["train"], stack)
    if device == "cuda":
        train = DeviceClips(train, device)
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=a.bf16 and device == "cuda")
    os.makedirs(a.out, exist_ok=True)
    ckpt_path = os.path.join(a.out, "checkpoint.pt")
    G = Generator(stack=stack, ngf=a.ngf, n_down=a.n_down, n_blocks=a.n_blocks).to(device)
    D = MultiscaleD(in_ch=6, ndf=a.ndf, num_d=a.num_d).to(device)
    opt_g = torch.optim.Adam(G.parameters(), lr=a.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=a.lr, betas=(0.5, 0.999))
    step = 0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        if ck["config"] != G.config:
            sys.exit(f"{ckpt_path}: a checkpoint of another network ({ck['config']}); use a new --out")
        G.load_state_dict(ck["G"])
        D.load_state_dict(ck["D"])
        opt_g.load_state_dict(ck["opt_g"])
        opt_d.load_state_dict(ck["opt_d"])
        step = ck["step"]
        print(f"resuming {ckpt_path} at step {step}", flush=True)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(
            {
                "generator": G.config,
                "data": os.path.abspath(a.data),
                "args": vars(a),
                "person": person,
                "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
            },
            f,
            indent=1,
        )
    rng = np.random.RandomState(a.seed + step)
    n_params = sum(p.numel() for p in G.parameters())
    print(
        f"training on {device}: {len(train)} frames in {len(split['train'])} clips, generator {n_params / 1e6:.2f} M parameters",
        flush=True,
    )

    def save():
        tmp = ckpt_path + ".tmp"
        torch.save(
            {
                "G": G.state_dict(),
                "D": D.state_dict(),
                "opt_g": opt_g.state_dict(),
                "opt_d": opt_d.state_dict(),
                "step": step,
                "config": G.config,
            },
            tmp,
        )
        os.replace(tmp, ckpt_path)

    started = time.time()
    first_step = step
    cpu_started = time.process_time()
    acc = {"d": 0.0, "g_gan": 0.0, "fm": 0.0, "l1": 0.0}
    first_l1 = None
    l1 = torch.tensor(float('nan'))
    while step < a.steps:
        if a.minutes and time.time() - started > a.minutes * 60:
            break
        if a.cpu_minutes and time.process_time() - cpu_started > a.cpu_minutes * 60:
            break
        cond, real = train.batch(rng.randint(0, len(train), a.batch))
        cond, real = cond.to(device), real.to(device)
        cur = cond[:, -3:]  # the current frame's conditioning
        with autocast:
            fake = G(cond)
            # Discriminator: real pairs → 1, generated → 0.
            d_real = D(torch.cat([cur, real], 1))
            d_fake = D(torch.cat([cur, fake.detach()], 1))
            loss_d = 0.5 * (lsgan(d_real, True) + lsgan(d_fake, False))
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        # Generator: fool D, match its features on real pairs, stay close to the real frame.
        with autocast:
            d_fake = D(torch.cat([cur, fake], 1))
            g_gan = lsgan(d_fake, True)
            fm = feature_matching(d_fake, [[f.detach() for f in p] for p in d_real])
            l1 = (fake.float() - real).abs().mean()
        loss_g = g_gan + a.fm * fm + a.l1 * l1
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
        step += 1
        for k, v in (("d", loss_d), ("g_gan", g_gan), ("fm", fm), ("l1", l1)):
            acc[k] += v.item()
        if first_l1 is None:
            first_l1 = l1.item()
        if step % a.log == 0 or step == a.steps:
            el = time.time() - started
            n = a.log if step % a.log == 0 else step % a.log
            cpu = time.process_time() - cpu_started
            print(
                f"step {step}/{a.steps}  D {acc['d'] / n:.3f}  G {acc['g_gan'] / n:.3f}  FM {acc['fm'] / n:.3f}  L1 {acc['l1'] / n:.4f}  {el:.0f} s ({cpu / 60:.1f} CPU-min, {(step - first_step) / max(el, 1e-9):.1f} steps/s)",
                flush=True,
            )
            acc = dict.fromkeys(acc, 0.0)
        if step % a.save == 0:
            save()
    save()
    print(f"saved {ckpt_path} at step {step} (first L1 {first_l1}, last L1 {l1.item():.4f})", flush=True)


if __name__ == "__main__":
    main()
