"""ONNX export of the generation models with Hugging Face Optimum's file and tensor names.

Files, as `optimum-cli export onnx --task text2text-generation-with-past`
(or `text-generation-with-past`) writes them:

* encoder_model.onnx (encoder-decoders): input_ids, attention_mask ->
  last_hidden_state;
* decoder_model.onnx: the decoder without a cache. Decoder-only: input_ids,
  attention_mask, position_ids -> logits, present.N.key/value.
  Encoder-decoder: input_ids, encoder_attention_mask, encoder_hidden_states
  -> logits, present.N.decoder.key/value, present.N.encoder.key/value;
* decoder_with_past_model.onnx: the decoder for one step with the cache:
  the inputs above (less encoder_hidden_states) plus past_key_values.N.*
  -> logits and the self-attention presents (encoder-decoders do not output
  the cross-attention pairs again: they do not change);
* decoder_model_merged.onnx: both decoders in one file behind an If on the
  bool input use_cache_branch (shape [1]), as Optimum's merge_decoders
  builds it: weights shared, the union of the inputs (a first step passes
  an empty cache, past length 0), the no-cache decoder's outputs (the
  cache branch passes the cross-attention pairs through).

Dynamic axes use Optimum's names (batch_size, sequence_length,
past_sequence_length, encoder_sequence_length, ...). Opset 14, float32.
"""

import hashlib

import onnx
from onnx import helper, numpy_helper
import torch
from torch import nn

OPSET = 14


def _export(module, args, path, inputs, outputs, axes):
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs,
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path), full_check=True)


# ------------------------------------------------------------ decoder-only

def _decoder_only_names(layers):
    past = [f"past_key_values.{i}.{kv}" for i in range(layers) for kv in ("key", "value")]
    present = [f"present.{i}.{kv}" for i in range(layers) for kv in ("key", "value")]
    return past, present


class _CausalNoPast(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids):
        logits, presents = self.model(input_ids, attention_mask, position_ids,
                                      self.model.empty_cache(input_ids.shape[0]))
        return (logits, *[t for kv in presents for t in kv])


class _CausalWithPast(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past):
        cache = [(past[2 * i], past[2 * i + 1]) for i in range(len(past) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, cache)
        return (logits, *[t for kv in presents for t in kv])


def export_decoder_only(model, folder, layers, heads, head_dim):
    """decoder_model.onnx and decoder_with_past_model.onnx of a GPT-2-style model."""
    model.eval()
    past_names, present_names = _decoder_only_names(layers)
    ids = torch.tensor([[5, 6, 7]], dtype=torch.long)
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    axes.update({n: {0: "batch_size", 2: "sequence_length"} for n in present_names})
    _export(_CausalNoPast(model), (ids, torch.ones_like(ids), torch.arange(3)[None]),
            f"{folder}/decoder_model.onnx", ["input_ids", "attention_mask", "position_ids"],
            ["logits"] + present_names, axes)

    past = [torch.randn(1, heads, 4, head_dim) for _ in past_names]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    axes.update({n: {0: "batch_size", 2: "past_sequence_length"} for n in past_names})
    axes.update({n: {0: "batch_size", 2: "past_sequence_length + sequence_length"}
                 for n in present_names})
    _export(_CausalWithPast(model),
            (torch.tensor([[9]]), torch.ones(1, 5, dtype=torch.long), torch.tensor([[4]]), *past),
            f"{folder}/decoder_with_past_model.onnx",
            ["input_ids", "attention_mask", "position_ids"] + past_names,
            ["logits"] + present_names, axes)


# --------------------------------------------------------- encoder-decoder

def _seq2seq_names(layers):
    def names(prefix, parts):
        return [f"{prefix}.{i}.{part}.{kv}" for i in range(layers) for part in parts
                for kv in ("key", "value")]
    return (names("past_key_values", ("decoder", "encoder")),
            names("present", ("decoder", "encoder")),
            names("present", ("decoder",)))


class _Encoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model.encode(input_ids, attention_mask)


class _Seq2SeqNoPast(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_attention_mask, encoder_hidden_states):
        logits, presents = self.model.decode(input_ids, encoder_attention_mask,
                                             self.model.empty_cache(input_ids.shape[0]),
                                             encoder_hidden_states)
        return (logits, *[t for layer in presents for t in layer])


class _Seq2SeqWithPast(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_attention_mask, *past):
        cache = [tuple(past[4 * i:4 * i + 4]) for i in range(len(past) // 4)]
        logits, presents = self.model.decode(input_ids, encoder_attention_mask, cache)
        return (logits, *[t for layer in presents for t in layer[:2]])


def export_seq2seq(model, folder, layers, heads, head_dim, d_model):
    """encoder_model.onnx, decoder_model.onnx and decoder_with_past_model.onnx."""
    model.eval()
    past_names, present_names, self_present_names = _seq2seq_names(layers)
    ids = torch.tensor([[5, 6, 7, 1]], dtype=torch.long)
    _export(_Encoder(model), (ids, torch.ones_like(ids)), f"{folder}/encoder_model.onnx",
            ["input_ids", "attention_mask"], ["last_hidden_state"],
            {"input_ids": {0: "batch_size", 1: "encoder_sequence_length"},
             "attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
             "last_hidden_state": {0: "batch_size", 1: "encoder_sequence_length"}})

    hidden = torch.randn(1, 4, d_model)
    mask = torch.ones(1, 4, dtype=torch.long)
    axes = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
            "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
    for name in present_names:
        axes[name] = {0: "batch_size",
                      2: "encoder_sequence_length" if ".encoder." in name
                      else "decoder_sequence_length"}
    _export(_Seq2SeqNoPast(model), (torch.tensor([[0, 8]]), mask, hidden),
            f"{folder}/decoder_model.onnx",
            ["input_ids", "encoder_attention_mask", "encoder_hidden_states"],
            ["logits"] + present_names, axes)

    past = [torch.randn(1, heads, 4 if ".encoder." in n else 3, head_dim) for n in past_names]
    axes = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
    for name in past_names:
        axes[name] = {0: "batch_size",
                      2: "encoder_sequence_length_out" if ".encoder." in name
                      else "past_decoder_sequence_length"}
    for name in self_present_names:
        axes[name] = {0: "batch_size", 2: "past_decoder_sequence_length + 1"}
    _export(_Seq2SeqWithPast(model), (torch.tensor([[9]]), mask, *past),
            f"{folder}/decoder_with_past_model.onnx",
            ["input_ids", "encoder_attention_mask"] + past_names,
            ["logits"] + self_present_names, axes)


# ------------------------------------------------------------------- merge

def merge_decoders(no_past_path, with_past_path, merged_path):
    """One graph: If(use_cache_branch) then the with-past decoder else the no-past one."""
    no_past = onnx.load(no_past_path)
    with_past = onnx.load(with_past_path)

    shared = {}       # content digest -> outer initializer
    outer_inits = []

    def share(init):
        array = numpy_helper.to_array(init)
        digest = hashlib.sha256(array.dtype.str.encode() + str(array.shape).encode()
                                + array.tobytes()).hexdigest()
        if digest not in shared:
            name = f"shared.{len(shared)}.{init.name}"
            outer_inits.append(numpy_helper.from_array(array, name))
            shared[digest] = name
        return shared[digest]

    input_names = ([i.name for i in with_past.graph.input]
                   + [i.name for i in no_past.graph.input
                      if i.name not in {j.name for j in with_past.graph.input}])

    def branch(model, prefix, outputs):
        renamed = {name: name for name in input_names}
        for init in model.graph.initializer:
            renamed[init.name] = share(init)
        nodes = []
        for node in model.graph.node:
            for out in node.output:
                renamed.setdefault(out, prefix + out)
        for node in model.graph.node:
            copy = onnx.NodeProto()
            copy.CopyFrom(node)
            copy.name = prefix + (node.name or node.op_type)
            del copy.input[:]
            copy.input.extend(renamed[i] if i else "" for i in node.input)
            del copy.output[:]
            copy.output.extend(renamed[o] for o in node.output)
            nodes.append(copy)
        produced = {o.name: o for o in model.graph.output}
        branch_outputs = []
        for name in outputs:
            if name in produced:
                info = onnx.ValueInfoProto()
                info.CopyFrom(produced[name])
                info.name = renamed[name]
            else:
                # A cross-attention pair the cache branch does not recompute: pass it through.
                source = name.replace("present.", "past_key_values.", 1)
                info = helper.make_tensor_value_info(prefix + name, onnx.TensorProto.FLOAT, None)
                nodes.append(helper.make_node("Identity", [source], [prefix + name],
                                              name=prefix + "pass." + name))
            branch_outputs.append(info)
        return helper.make_graph(nodes, prefix.rstrip("/"), [], branch_outputs)

    output_names = [o.name for o in no_past.graph.output]
    then_graph = branch(with_past, "with_past/", output_names)
    else_graph = branch(no_past, "no_past/", output_names)
    if_node = helper.make_node("If", ["use_cache_branch"], output_names,
                               name="optimum::if", then_branch=then_graph,
                               else_branch=else_graph)

    def outer_dims(name):
        a = {o.name: o for o in no_past.graph.output}[name].type.tensor_type.shape.dim
        b = {o.name: o for o in with_past.graph.output}.get(name)
        b = b.type.tensor_type.shape.dim if b is not None else a
        return [(x.dim_param or x.dim_value) if (x.dim_param or x.dim_value)
                == (y.dim_param or y.dim_value) else None for x, y in zip(a, b)]

    inputs = {i.name: i for i in no_past.graph.input}
    inputs.update({i.name: i for i in with_past.graph.input})
    graph = helper.make_graph(
        [if_node], "merged_decoder",
        [inputs[n] for n in input_names]
        + [helper.make_tensor_value_info("use_cache_branch", onnx.TensorProto.BOOL, [1])],
        [helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, outer_dims(n))
         for n in output_names],
        initializer=outer_inits)
    merged = helper.make_model(graph, opset_imports=no_past.opset_import,
                               producer_name="tools/models/families/gen_export.py")
    merged.ir_version = no_past.ir_version
    onnx.checker.check_model(merged, full_check=False)
    onnx.save(merged, merged_path)
