"""Writes the tiny ONNX graph the engine runs once at start-up to initialise ONNX Runtime.

Loading ONNX Runtime's kernels and first session costs the process some resident memory once.
Without this warm-up that one-time cost would be charged to whichever model happens to load first.
The graph is y = relu(x @ W + b) with x of shape [batch, 64]: enough to touch the GEMM kernels.

Usage: /usr/bin/python3 tools/models/make_runtime_warmup.py
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(
    os.path.dirname(__file__), "..", "..", "cache-engine", "src", "main", "resources",
    "dev", "modelcache", "engine", "inference", "runtime-warmup.onnx")


def main():
    rng = np.random.default_rng(0)
    weight = numpy_helper.from_array(rng.standard_normal((64, 64)).astype(np.float32), "W")
    bias = numpy_helper.from_array(np.zeros(64, dtype=np.float32), "b")
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "W"], ["xw"]),
            helper.make_node("Add", ["xw", "b"], ["xwb"]),
            helper.make_node("Relu", ["xwb"], ["y"]),
        ],
        "runtime_warmup",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 64])],
        initializer=[weight, bias],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="model-cache")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.normpath(OUT))
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
