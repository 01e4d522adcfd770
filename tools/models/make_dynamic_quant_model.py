#!/usr/bin/python3
"""Make a dynamically quantized copy of the tiny-a fixture: fixtures/quantized/tiny-a-dynquant.

    /usr/bin/python3 tools/models/make_dynamic_quant_model.py [--out DIR]

Rewrites every MatMul whose second input is a float weight the way ONNX Runtime's
quantize_dynamic does (which is not installed here): the weight becomes int8 with one
scale, the activation goes through DynamicQuantizeLinear (uint8, scale and zero point
computed from the whole tensor at run time), MatMulInteger multiplies, and the int32
result is scaled back to float. Because the activation scale comes from the whole
batch, padding included, a text's result depends on its batch neighbours: the fixture
for the engine's detection of such models and their batching opt-in. Deterministic:
no randomness, same bytes on every run. tokenizer.json and config.json are copied.
It lives outside fixtures/models so that the tiny-model repository the service tests
list stays as it is.
"""

import argparse
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SOURCE = os.path.join(REPO_ROOT, "fixtures", "models", "tiny-a")


def quantize(model):
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    nodes = []
    extra_inits = []
    count = 0
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in weights:
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weights[node.input[1]]).astype(np.float32)
        scale = max(float(np.abs(w).max()) / 127.0, 1e-8)
        wq = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        p = "dq%d_" % count
        count += 1
        extra_inits += [
            numpy_helper.from_array(wq, p + "w"),
            numpy_helper.from_array(np.array(0, dtype=np.int8), p + "w_zero"),
            numpy_helper.from_array(np.array(scale, dtype=np.float32), p + "w_scale"),
        ]
        x = node.input[0]
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [p + "xq", p + "xs", p + "xz"]),
            helper.make_node(
                "MatMulInteger", [p + "xq", p + "w", p + "xz", p + "w_zero"], [p + "acc"]),
            helper.make_node("Cast", [p + "acc"], [p + "accf"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [p + "xs", p + "w_scale"], [p + "s"]),
            helper.make_node("Mul", [p + "accf", p + "s"], [node.output[0]]),
        ]
    used = {i for n in nodes for i in n.input}
    kept = [init for init in graph.initializer if init.name in used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + extra_inits)
    onnx.checker.check_model(model)
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out", default=os.path.join(REPO_ROOT, "fixtures", "quantized", "tiny-a-dynquant"))
    args = parser.parse_args()
    model = onnx.load(os.path.join(SOURCE, "model.onnx"))
    count = quantize(model)
    os.makedirs(args.out, exist_ok=True)
    onnx.save(model, os.path.join(args.out, "model.onnx"))
    for name in ("tokenizer.json", "config.json"):
        shutil.copyfile(os.path.join(SOURCE, name), os.path.join(args.out, name))
    print("quantized %d MatMul(s) into %s" % (count, args.out))


if __name__ == "__main__":
    main()
