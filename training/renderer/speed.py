"""Frames/s of a renderer generator in PyTorch at 256² and 512² (CUDA when present): the ceiling for the
ONNX graph on the same GPU, which `musicface render` runs through ONNX Runtime instead.

    python training/renderer/speed.py [--run RUN] [--ngf 32 --n-down 3 --n-blocks 3] [--sizes 256,512]

Times float32 and bfloat16, batch 1 and 8, with the weights of RUN's checkpoint when given (the speed
does not depend on them). Prints one line per case and a JSON object last.
"""

import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Generator  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--run")
    p.add_argument("--ngf", type=int, default=32)
    p.add_argument("--n-down", type=int, default=3)
    p.add_argument("--n-blocks", type=int, default=3)
    p.add_argument("--sizes", default="256,512")
    p.add_argument("--seconds", type=float, default=3.0)
    a = p.parse_args(argv)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if a.run:
        ck = torch.load(os.path.join(a.run, "checkpoint.pt"), map_location="cpu")
        G = Generator(**ck["config"])
        G.load_state_dict(ck["G"])
    else:
        G = Generator(ngf=a.ngf, n_down=a.n_down, n_blocks=a.n_blocks)
    G = G.eval().to(device)
    torch.backends.cudnn.benchmark = True
    name = torch.cuda.get_device_name() if device == "cuda" else f"cpu × {torch.get_num_threads()} threads"
    result = {"device": name, "generator": G.config, "fps": {}}
    for size in map(int, a.sizes.split(",")):
        for dtype in (torch.float32, torch.bfloat16):
            if dtype == torch.bfloat16 and device == "cpu":
                continue
            for batch in (1, 8):
                x = torch.rand(batch, 3 * G.config["stack"], size, size, device=device)
                with torch.no_grad(), torch.autocast(device, dtype=dtype, enabled=dtype != torch.float32):
                    for _ in range(3):
                        G(x)
                    if device == "cuda":
                        torch.cuda.synchronize()
                    n, t0 = 0, time.time()
                    while time.time() - t0 < a.seconds:
                        G(x)
                        n += 1
                        if device == "cuda" and n % 10 == 0:
                            torch.cuda.synchronize()
                    if device == "cuda":
                        torch.cuda.synchronize()
                    fps = n * batch / (time.time() - t0)
                key = f"{size}-{str(dtype).split('.')[-1]}-b{batch}"
                result["fps"][key] = fps
                print(f"{size}² {str(dtype).split('.')[-1]} batch {batch}: {fps:.1f} frames/s on {name}", flush=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
