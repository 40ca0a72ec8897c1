"""Exports a trained neural renderer to ONNX with its card.

    python training/renderer/export.py runs/grid-s1 -o models/renderers/grid-s1.renderer.onnx

Writes NAME.renderer.onnx (input `conditioning` N × 3·stack × S × S float32 0…1, output `frame`
N × 3 × S × S float32 0…1), NAME.renderer.json (the card: person camera, crop, fps, stack, training
run, metrics when evaluate.py has written them) and NAME.renderer.background.png beside it. Checks
the ONNX graph against PyTorch on a random input with onnxruntime.
"""

import argparse
import inspect
import json
import os
import shutil
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Generator  # noqa: E402

# torch ≥ 2.5 defaults to the dynamo exporter; the TorchScript one makes the graphs the runtime checks.
# torch 1.13 (Debian's python3-torch) has only that one and no `dynamo` argument.
TORCHSCRIPT_EXPORTER = {'dynamo': False} if 'dynamo' in inspect.signature(torch.onnx.export).parameters else {}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("run", help="run folder written by train.py")
    p.add_argument("-o", "--output", required=True, help="NAME.renderer.onnx")
    p.add_argument("--fixture", action="store_true", help="mark the card as a test fixture")
    p.add_argument("--credit", help="who the person's video is from and its licence (goes into the card)")
    p.add_argument("--note", help="anything a user should know about this renderer (goes into the card)")
    a = p.parse_args(argv)
    if not a.output.endswith(".renderer.onnx"):
        sys.exit(f"{a.output}: the output must end in .renderer.onnx")
    with open(os.path.join(a.run, "config.json")) as f:
        config = json.load(f)
    ck = torch.load(os.path.join(a.run, "checkpoint.pt"), map_location="cpu")
    G = Generator(**ck["config"]).eval()
    G.load_state_dict(ck["G"])
    person = config["person"]
    S, stack = person["size"], person["stack"]
    x = torch.rand(1, 3 * stack, S, S)
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    tmp = a.output + ".tmp"
    torch.onnx.export(
        G,
        x,
        tmp,
        input_names=["conditioning"],
        output_names=["frame"],
        dynamic_axes={"conditioning": {0: "n", 2: "h", 3: "w"}, "frame": {0: "n", 2: "h", 3: "w"}},
        opset_version=17,
        **TORCHSCRIPT_EXPORTER,
    )
    import onnxruntime as ort

    sess = ort.InferenceSession(tmp, providers=["CPUExecutionProvider"])
    with torch.no_grad():
        ref = G(x).numpy()
    got = sess.run(None, {"conditioning": x.numpy()})[0]
    diff = float(np.abs(ref - got).max())
    if diff > 1e-3:
        os.remove(tmp)
        sys.exit(f"the ONNX graph differs from PyTorch by {diff}")
    os.replace(tmp, a.output)
    base = a.output[: -len(".onnx")]
    card = {
        "format": "musicface-neural-renderer",
        "version": 1,
        "input": {"name": "conditioning", "shape": ["n", 3 * stack, S, S], "range": [0, 1]},
        "output": {"name": "frame", "shape": ["n", 3, S, S], "range": [0, 1]},
        "size": S,
        "stack": stack,
        "person": {k: v for k, v in person.items() if k != "background"},
        "generator": ck["config"],
        "training": {
            "steps": ck["step"],
            "losses": "LSGAN (multi-scale PatchGAN) + feature matching + L1; no perceptual loss (VGG weights not available offline)",
            "data": os.path.basename(config["data"].rstrip("/")),
            **{k: config["args"][k] for k in ("batch", "ndf", "num_d", "lr", "bf16") if k in config.get("args", {})},
            **({"device": config["device"]} if "device" in config else {}),
        },
        "onnxMaxDiff": diff,
        "fixture": bool(a.fixture or person.get("smoke")),
    }
    if a.credit:
        card["credit"] = a.credit
    if a.note:
        card["note"] = a.note
    metrics = os.path.join(a.run, "metrics.json")
    if os.path.exists(metrics):
        with open(metrics) as f:
            card["metrics"] = json.load(f)
    bg = os.path.join(config["data"], person.get("background") or "", "")[:-1] if person.get("background") else None
    if bg and os.path.exists(bg):
        shutil.copyfile(bg, base + ".background.png")
        card["person"]["background"] = os.path.basename(base + ".background.png")
    with open(base + ".json", "w") as f:
        json.dump(card, f, indent=1)
    print(
        f"wrote {a.output} ({os.path.getsize(a.output) / 1e6:.2f} MB, ONNX vs PyTorch max diff {diff:.2e}) and {base}.json",
        flush=True,
    )


if __name__ == "__main__":
    main()
