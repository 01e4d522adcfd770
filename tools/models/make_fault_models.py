"""Writes the small ONNX graph the fault tests need and cannot cut from the tiny fixtures.

needs-decoder-input-ids/model.onnx: a BERT-like classifier that takes, besides input_ids and
attention_mask, a decoder_input_ids input (as an encoder-decoder's graph does). Model Cache
produces only input_ids, attention_mask, token_type_ids and position_ids for /predict, so loading
it must fail with a clear model_load_failed error. The graph itself is valid and runs: logits =
mean over the sequence of an embedding of input_ids plus one of decoder_input_ids, masked by
attention_mask. Its vocabulary
(3,000 ids) matches the tiny fixtures' tokenizer, which the tests put beside it.

Usage: /usr/bin/python3 tools/models/make_fault_models.py
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(
    os.path.dirname(__file__), "..", "..", "it-tests", "src", "test", "models", "broken",
    "needs-decoder-input-ids", "model.onnx")


def main():
    rng = np.random.default_rng(7)
    words = numpy_helper.from_array(rng.standard_normal((3000, 2)).astype(np.float32), "words")
    positions = numpy_helper.from_array(rng.standard_normal((128, 2)).astype(np.float32), "positions")
    axis1 = numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1")
    axis2 = numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2")
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["words", "input_ids"], ["w"]),
            helper.make_node("Gather", ["positions", "decoder_input_ids"], ["p"]),
            helper.make_node("Add", ["w", "p"], ["wp"]),
            helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
            helper.make_node("Unsqueeze", ["mask", "axis2"], ["mask3"]),
            helper.make_node("Mul", ["wp", "mask3"], ["masked"]),
            helper.make_node("ReduceSum", ["masked", "axis1"], ["summed"], keepdims=0),
            helper.make_node("ReduceSum", ["mask3", "axis1"], ["count"], keepdims=0),
            helper.make_node("Div", ["summed", "count"], ["logits"]),
        ],
        "needs_decoder_input_ids",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info(
                "attention_mask", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info(
                "decoder_input_ids", TensorProto.INT64, ["batch", "sequence"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])],
        initializer=[words, positions, axis1, axis2],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="model-cache")
    model.ir_version = 7
    onnx.checker.check_model(model, full_check=True)
    out = os.path.normpath(OUT)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    onnx.save(model, out)
    print("wrote", out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
