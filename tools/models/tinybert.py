"""A minimal BERT encoder in plain PyTorch, its ONNX export and HF-style files.

Nothing here depends on the `transformers` library: the layers are written
out by hand so that the exported graph is easy to read and the behaviour is
fully determined by this file.

Architecture (post-LayerNorm, as in the original BERT):

    embeddings = LayerNorm(word[input_ids] + position[0..S) + token_type[tt])
    repeat N times:
        h = LayerNorm(h + SelfAttention(h, additive_mask))
        h = LayerNorm(h + W2 · gelu(W1 · h))
    feature extraction: last_hidden_state = h                 [B, S, H]
    classification:     logits = Wc · tanh(Wp · h[:, 0])      [B, num_labels]
                        (or, with pooling="mean", the masked mean of h
                        over the sequence instead of the [CLS] state h[:, 0])

The attention mask is turned into an additive bias (1 - mask) * -10000 on the
attention scores, so padded positions get zero attention weight.
"""

import json
import math
import os

import onnx
import torch
from torch import nn
from torch.nn import functional as F

MASK_BIAS = -10000.0
LAYER_NORM_EPS = 1e-12


class BertConfig:
    """The hyper-parameters of one model (a subset of HF's BertConfig)."""

    def __init__(self, vocab_size, hidden_size, num_hidden_layers, num_attention_heads,
                 intermediate_size, max_position_embeddings, type_vocab_size=2,
                 id2label=None, dropout=0.0, pooling="cls"):
        if hidden_size % num_attention_heads:
            raise ValueError("hidden_size must be a multiple of num_attention_heads")
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.max_position_embeddings = max_position_embeddings
        self.type_vocab_size = type_vocab_size
        self.id2label = id2label  # None for a feature-extraction model
        self.dropout = dropout
        # What the classification head reads: "cls" (BERT: the [CLS] token's
        # final state) or "mean" (the mean of all unmasked tokens' states).
        if pooling not in ("cls", "mean"):
            raise ValueError("pooling must be 'cls' or 'mean'")
        self.pooling = pooling

    @property
    def num_labels(self):
        return len(self.id2label) if self.id2label else 0

    def to_hf_dict(self):
        """The config.json contents, in Hugging Face's naming."""
        cfg = {
            "architectures": ["BertForSequenceClassification" if self.id2label else "BertModel"],
            "model_type": "bert",
            "vocab_size": self.vocab_size,
            "hidden_size": self.hidden_size,
            "num_hidden_layers": self.num_hidden_layers,
            "num_attention_heads": self.num_attention_heads,
            "intermediate_size": self.intermediate_size,
            "hidden_act": "gelu",
            "max_position_embeddings": self.max_position_embeddings,
            "type_vocab_size": self.type_vocab_size,
            "layer_norm_eps": LAYER_NORM_EPS,
            "hidden_dropout_prob": self.dropout,
            "attention_probs_dropout_prob": self.dropout,
            "pad_token_id": 0,
            "torch_dtype": "float32",
        }
        if self.pooling != "cls":
            # Not a Hugging Face field: documents the non-BERT pooling.
            cfg["classifier_pooling"] = self.pooling
        if self.id2label:
            cfg["id2label"] = {str(i): label for i, label in enumerate(self.id2label)}
            cfg["label2id"] = {label: i for i, label in enumerate(self.id2label)}
            cfg["problem_type"] = "single_label_classification"
        return cfg


class SelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads = cfg.num_attention_heads
        self.head_dim = cfg.hidden_size // cfg.num_attention_heads
        self.query = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.key = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.value = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.output = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.dropout = nn.Dropout(cfg.dropout)

    def _split_heads(self, x):
        # [B, S, H] -> [B, heads, S, head_dim]
        batch, seq, _ = x.shape
        return x.view(batch, seq, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, hidden, mask_bias):
        q = self._split_heads(self.query(hidden))
        k = self._split_heads(self.key(hidden))
        v = self._split_heads(self.value(hidden))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        weights = self.dropout(torch.softmax(scores + mask_bias, dim=-1))
        context = torch.matmul(weights, v)                      # [B, heads, S, d]
        batch, _, seq, _ = context.shape
        context = context.transpose(1, 2).reshape(batch, seq, self.heads * self.head_dim)
        return self.output(context)


class EncoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.attention = SelfAttention(cfg)
        self.attention_norm = nn.LayerNorm(cfg.hidden_size, eps=LAYER_NORM_EPS)
        self.ffn_in = nn.Linear(cfg.hidden_size, cfg.intermediate_size)
        self.ffn_out = nn.Linear(cfg.intermediate_size, cfg.hidden_size)
        self.ffn_norm = nn.LayerNorm(cfg.hidden_size, eps=LAYER_NORM_EPS)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, hidden, mask_bias):
        hidden = self.attention_norm(hidden + self.dropout(self.attention(hidden, mask_bias)))
        ffn = self.ffn_out(F.gelu(self.ffn_in(hidden)))
        return self.ffn_norm(hidden + self.dropout(ffn))


class TinyBert(nn.Module):
    """BERT encoder with an optional sequence-classification head."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.word_embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.position_embeddings = nn.Embedding(cfg.max_position_embeddings, cfg.hidden_size)
        self.token_type_embeddings = nn.Embedding(cfg.type_vocab_size, cfg.hidden_size)
        self.embedding_norm = nn.LayerNorm(cfg.hidden_size, eps=LAYER_NORM_EPS)
        self.embedding_dropout = nn.Dropout(cfg.dropout)
        self.layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.num_hidden_layers))
        if cfg.id2label:
            self.pooler = nn.Linear(cfg.hidden_size, cfg.hidden_size)
            self.classifier_dropout = nn.Dropout(cfg.dropout)
            self.classifier = nn.Linear(cfg.hidden_size, cfg.num_labels)
        # Positions 0..max-1; sliced to the sequence length in forward().
        self.register_buffer(
            "position_ids", torch.arange(cfg.max_position_embeddings).unsqueeze(0), persistent=False)

    def encode(self, input_ids, attention_mask, token_type_ids=None):
        """Returns last_hidden_state [B, S, H]."""
        seq_len = input_ids.shape[1]
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        hidden = (self.word_embeddings(input_ids)
                  + self.position_embeddings(self.position_ids[:, :seq_len])
                  + self.token_type_embeddings(token_type_ids))
        hidden = self.embedding_dropout(self.embedding_norm(hidden))
        # [B, S] -> [B, 1, 1, S]: 0 where attended, -10000 where padded.
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * MASK_BIAS
        for layer in self.layers:
            hidden = layer(hidden, mask_bias)
        return hidden

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        hidden = self.encode(input_ids, attention_mask, token_type_ids)
        if not self.cfg.id2label:
            return hidden
        if self.cfg.pooling == "mean":
            weights = attention_mask.to(hidden.dtype).unsqueeze(-1)          # [B, S, 1]
            summary = (hidden * weights).sum(dim=1) / weights.sum(dim=1)
        else:
            summary = hidden[:, 0]
        pooled = torch.tanh(self.pooler(summary))
        return self.classifier(self.classifier_dropout(pooled))


def init_bert_weights(model, std=0.02):
    """BERT's usual initialisation: N(0, std) weights, zero biases, unit LayerNorm."""
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=std)
            if isinstance(module, nn.Linear):
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.LayerNorm):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)


# ------------------------------------------------------------------ export

class _WithoutTokenTypes(nn.Module):
    """Wrapper whose forward takes only input_ids and attention_mask."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids, attention_mask)


def export_onnx(model, path, with_token_type_ids=True, opset=14):
    """Export with dynamic batch/sequence axes, then validate the file.

    Inputs: int64 input_ids, attention_mask[, token_type_ids], all [batch, sequence].
    Output: logits [batch, num_labels] or last_hidden_state [batch, sequence, hidden].
    """
    model.eval()
    output_name = "logits" if model.cfg.id2label else "last_hidden_state"
    example_ids = torch.tensor([[2, 10, 11, 12, 3], [2, 13, 3, 0, 0]], dtype=torch.long)
    example_mask = (example_ids != 0).long()
    axes = {"input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"}}
    if with_token_type_ids:
        module, args = model, (example_ids, example_mask, torch.zeros_like(example_ids))
        input_names = ["input_ids", "attention_mask", "token_type_ids"]
        axes["token_type_ids"] = {0: "batch", 1: "sequence"}
    else:
        module, args = _WithoutTokenTypes(model), (example_ids, example_mask)
        input_names = ["input_ids", "attention_mask"]
    axes[output_name] = {0: "batch", 1: "sequence"} if output_name == "last_hidden_state" else {0: "batch"}

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=input_names, output_names=[output_name],
                          dynamic_axes=axes, opset_version=opset, do_constant_folding=True)
    check_onnx(path, input_names, output_name, model.cfg)
    return input_names, output_name


def check_onnx(path, input_names, output_name, cfg):
    """onnx.checker plus a look at the declared graph inputs and outputs."""
    proto = onnx.load(path)
    onnx.checker.check_model(proto, full_check=True)
    int64 = onnx.TensorProto.INT64
    got_inputs = [(i.name, i.type.tensor_type.elem_type,
                   [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim])
                  for i in proto.graph.input]
    want_inputs = [(name, int64, ["batch", "sequence"]) for name in input_names]
    if got_inputs != want_inputs:
        raise AssertionError(f"{path}: inputs {got_inputs}, expected {want_inputs}")
    if len(proto.graph.output) != 1 or proto.graph.output[0].name != output_name:
        raise AssertionError(f"{path}: unexpected outputs {proto.graph.output}")
    out = proto.graph.output[0].type.tensor_type
    dims = [d.dim_param or d.dim_value for d in out.shape.dim]
    want = (["batch", cfg.num_labels] if output_name == "logits"
            else ["batch", "sequence", cfg.hidden_size])
    if out.elem_type != onnx.TensorProto.FLOAT or dims != want:
        raise AssertionError(f"{path}: output dims {dims}, expected {want}")


# ------------------------------------------------------- reference outputs

def reference_case(model, tokenizer, text, max_length):
    """Tokenize `text` alone (no padding), run it at batch size 1 in float32."""
    ids = tokenizer.encode(text, max_length=max_length)
    input_ids = torch.tensor([ids], dtype=torch.long)
    mask = torch.ones_like(input_ids)
    model.eval()
    with torch.no_grad():
        out = model(input_ids, mask, torch.zeros_like(input_ids))
    case = {"text": text, "input_ids": ids}
    if model.cfg.id2label:
        logits = out[0].tolist()
        case["logits"] = logits
        case["label"] = model.cfg.id2label[max(range(len(logits)), key=logits.__getitem__)]
    else:
        # Mean over all (unpadded) tokens, then L2-normalised.
        pooled = out[0].mean(dim=0)
        case["embedding"] = (pooled / pooled.norm()).tolist()
    return case


def write_json(obj, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())
