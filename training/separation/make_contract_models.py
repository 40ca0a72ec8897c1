"""Tiny ONNX models with the real I/O contracts of the plug-in separators, for the adapter tests.

    python3 training/separation/make_contract_models.py

writes tests/fixtures/separation/models/:
  spleeter/vocals.onnx, spleeter/accompaniment.onnx
      sherpa-onnx's Spleeter 2-stem export: input "x", output "y", float32 [2, num_splits, 512, 1024]
      (audio channel, 512-frame split, frame, bin) magnitudes of a 4096-point STFT, hop 1024; metadata
      model_type=spleeter, stems=2. Here vocals returns its input and accompaniment returns zeros, so the
      Wiener ratio of the two is 1 for the voice: the adapter must give the mixture back as vocals.
  spleeter-wrong-name/vocals.onnx (+ accompaniment.onnx)  input called "input"
  spleeter-wrong-shape/vocals.onnx (+ accompaniment.onnx) [2, num_splits, 512, 512]
  mdx-identity.onnx  UVR MDX-Net: input "input" [batch, 4, dim_f=2048, dim_t=16] (L re, L im, R re, R im
      of an STFT, bins × frames), output "output" the vocal spectrogram, same shape; returns its input.
      mdx-identity.json is its sidecar (n_fft 6144, compensate 1: the model's own numbers, as UVR's
      model_data.json gives them per model).
  mdx-half.onnx      returns 0.5 × its input (checks the compensate factor and the subtraction)
  mdx-wrong-shape.onnx input [batch, 2, 2048, 16]
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "separation", "models")


def save(model, path, meta):
    for k, v in meta.items():
        p = model.metadata_props.add()
        p.key, p.value = k, str(v)
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(model, path)


def graph_model(name, in_name, out_name, shape, scale):
    x = helper.make_tensor_value_info(in_name, TensorProto.FLOAT, shape)
    y = helper.make_tensor_value_info(out_name, TensorProto.FLOAT, shape)
    if scale == 1.0:
        nodes, inits = [helper.make_node("Identity", [in_name], [out_name])], []
    else:
        nodes = [helper.make_node("Mul", [in_name, "scale"], [out_name])]
        inits = [helper.make_tensor("scale", TensorProto.FLOAT, [], [scale])]
    g = helper.make_graph(nodes, name, [x], [y], initializer=inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="musicface-contract")
    m.ir_version = 8  # what onnxruntime 1.x loads (onnx 1.23 writes IR 14 by default)
    return m


def main():
    spleeter_meta = {"model_type": "spleeter", "stems": 2, "sample_rate": 44100}
    for folder, in_name, shape in [("spleeter", "x", [2, "num_splits", 512, 1024]),
                                   ("spleeter-wrong-name", "input", [2, "num_splits", 512, 1024]),
                                   ("spleeter-wrong-shape", "x", [2, "num_splits", 512, 512])]:
        save(graph_model("vocals", in_name, "y", shape, 1.0), os.path.join(OUT, folder, "vocals.onnx"), {**spleeter_meta, "comment": "vocals"})
        save(graph_model("accompaniment", in_name, "y", shape, 0.0), os.path.join(OUT, folder, "accompaniment.onnx"), {**spleeter_meta, "comment": "accompaniment"})
    mdx_shape = ["batch", 4, 2048, 16]
    save(graph_model("mdx", "input", "output", mdx_shape, 1.0), os.path.join(OUT, "mdx-identity.onnx"), {})
    with open(os.path.join(OUT, "mdx-identity.json"), "w") as f:
        json.dump({"n_fft": 6144, "compensate": 1.0, "primary_stem": "Vocals"}, f, indent=1)
    save(graph_model("mdx", "input", "output", mdx_shape, 0.5), os.path.join(OUT, "mdx-half.onnx"), {})
    save(graph_model("mdx", "input", "output", ["batch", 2, 2048, 16], 1.0), os.path.join(OUT, "mdx-wrong-shape.onnx"), {})
    for root, _, files in os.walk(OUT):
        for f in sorted(files):
            print(os.path.join(root, f), os.path.getsize(os.path.join(root, f)), "bytes")


if __name__ == "__main__":
    np.random.seed(0)
    main()
