"""Tiny encoder-side architectures of the families the service runs, in plain PyTorch.

No `transformers` here: each class writes out the computation of the
Hugging Face model it stands for, at toy size, with the same inputs and
outputs as Optimum's ONNX export of that model and task:

| class | stands for | graph inputs | output |
| --- | --- | --- | --- |
| DistilBert | DistilBertForSequenceClassification | input_ids, attention_mask | logits |
| Roberta | RobertaForSequenceClassification / RobertaModel | input_ids, attention_mask | logits / last_hidden_state |
| DebertaV2 | DebertaV2ForSequenceClassification (v3 settings) | input_ids, attention_mask | logits |
| Gpt2 | GPT2ForSequenceClassification / GPT2Model | input_ids, attention_mask (+ position_ids for features) | logits / last_hidden_state |
| Bart | BartForSequenceClassification | input_ids, attention_mask | logits |
| T5Encoder | T5EncoderModel | input_ids, attention_mask | last_hidden_state |

BERT itself (and its multi-label variant) is tools/models/tinybert.py.

Every model here is batch-invariant with right padding: a padded position
never changes the outputs of the real ones, so each text's result alone
equals its result in any padded batch (the Java tests check this).
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

NEG = torch.finfo(torch.float32).min


def gelu_new(x):
    """GPT-2's tanh approximation of GELU."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def key_mask_bias(attention_mask, dtype=torch.float32):
    """[B, S] mask -> [B, 1, 1, S] additive bias: 0 where attended, float32 min where padded."""
    return (1.0 - attention_mask[:, None, None, :].to(dtype)) * NEG


class Attention(nn.Module):
    """Multi-head attention with separate q/k/v projections (BERT, RoBERTa, DistilBERT, BART)."""

    def __init__(self, hidden, heads, scale=True, bias=True):
        super().__init__()
        self.heads, self.dim, self.scale = heads, hidden // heads, scale
        self.q = nn.Linear(hidden, hidden, bias=bias)
        self.k = nn.Linear(hidden, hidden, bias=bias)
        self.v = nn.Linear(hidden, hidden, bias=bias)
        self.o = nn.Linear(hidden, hidden, bias=bias)

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.dim).transpose(1, 2)

    def forward(self, x, bias, memory=None, extra=None):
        source = x if memory is None else memory
        q, k, v = self.split(self.q(x)), self.split(self.k(source)), self.split(self.v(source))
        scores = torch.matmul(q, k.transpose(-1, -2))
        if self.scale:
            scores = scores / math.sqrt(self.dim)
        if extra is not None:
            scores = scores + extra
        weights = torch.softmax(scores + bias, dim=-1)
        context = torch.matmul(weights, v).transpose(1, 2)
        return self.o(context.reshape(x.shape[0], x.shape[1], -1))


class PostNormLayer(nn.Module):
    """BERT-style layer: LN(x + attn(x)), then LN(x + W2 act(W1 x))."""

    def __init__(self, hidden, heads, ffn, eps, act=F.gelu):
        super().__init__()
        self.attention = Attention(hidden, heads)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.ffn_in, self.ffn_out = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)
        self.ffn_norm = nn.LayerNorm(hidden, eps=eps)
        self.act = act

    def forward(self, x, bias):
        x = self.attention_norm(x + self.attention(x, bias))
        return self.ffn_norm(x + self.ffn_out(self.act(self.ffn_in(x))))


# ---------------------------------------------------------------- DistilBERT

class DistilBert(nn.Module):
    """Word + learned position embeddings, BERT layers, [CLS] -> pre_classifier -> ReLU -> classifier."""

    input_names = ["input_ids", "attention_mask"]

    def __init__(self, vocab, hidden, layers, heads, ffn, max_positions, labels):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(max_positions, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList(PostNormLayer(hidden, heads, ffn, 1e-12) for _ in range(layers))
        self.pre_classifier = nn.Linear(hidden, hidden)
        self.classifier = nn.Linear(hidden, len(labels))
        self.hf = dict(model_type="distilbert", architectures=["DistilBertForSequenceClassification"],
                       vocab_size=vocab, dim=hidden, n_layers=layers, n_heads=heads, hidden_dim=ffn,
                       max_position_embeddings=max_positions, activation="gelu",
                       sinusoidal_pos_embds=False, pad_token_id=0)

    def forward(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.norm(self.word(input_ids) + self.position(positions))
        bias = key_mask_bias(attention_mask)
        for layer in self.layers:
            x = layer(x, bias)
        return self.classifier(F.relu(self.pre_classifier(x[:, 0])))


# ---------------------------------------------------------------- RoBERTa

class Roberta(nn.Module):
    """RoBERTa: positions count only non-padding tokens and start at padding_idx + 1."""

    input_names = ["input_ids", "attention_mask"]

    def __init__(self, vocab, hidden, layers, heads, ffn, max_length, labels=None, pad_id=1):
        super().__init__()
        self.pad_id = pad_id
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(max_length + pad_id + 1, hidden)
        self.token_type = nn.Embedding(1, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-5)
        self.layers = nn.ModuleList(PostNormLayer(hidden, heads, ffn, 1e-5) for _ in range(layers))
        self.labels = labels
        if labels:
            self.dense = nn.Linear(hidden, hidden)
            self.out_proj = nn.Linear(hidden, len(labels))
        self.hf = dict(model_type="roberta",
                       architectures=["RobertaForSequenceClassification" if labels else "RobertaModel"],
                       vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers,
                       num_attention_heads=heads, intermediate_size=ffn, hidden_act="gelu",
                       max_position_embeddings=max_length + pad_id + 1, type_vocab_size=1,
                       layer_norm_eps=1e-5, pad_token_id=pad_id, bos_token_id=0, eos_token_id=2)

    def encode(self, input_ids, attention_mask):
        real = (input_ids != self.pad_id).long()
        positions = torch.cumsum(real, dim=1) * real + self.pad_id
        x = self.word(input_ids) + self.position(positions) + self.token_type(torch.zeros_like(input_ids))
        x = self.norm(x)
        bias = key_mask_bias(attention_mask)
        for layer in self.layers:
            x = layer(x, bias)
        return x

    def forward(self, input_ids, attention_mask):
        x = self.encode(input_ids, attention_mask)
        if not self.labels:
            return x
        return self.out_proj(torch.tanh(self.dense(x[:, 0])))


# ---------------------------------------------------------------- DeBERTa-v2/v3

def log_bucket_position(relative, bucket_size, max_position):
    """DeBERTa's make_log_bucket_position: exact near 0, logarithmic buckets further away."""
    sign = torch.sign(relative)
    mid = bucket_size // 2
    absolute = torch.where((relative < mid) & (relative > -mid),
                           torch.full_like(relative, mid - 1), torch.abs(relative))
    log_position = torch.ceil(torch.log(absolute / mid) / math.log((max_position - 1) / mid)
                              * (mid - 1)) + mid
    return torch.where(absolute <= mid, relative, log_position * sign)


class DisentangledAttention(nn.Module):
    """DeBERTa-v2 self-attention: content-to-content plus c2p and p2c relative terms (shared keys)."""

    def __init__(self, hidden, heads, span):
        super().__init__()
        self.heads, self.dim, self.span = heads, hidden // heads, span
        self.query_proj = nn.Linear(hidden, hidden)
        self.key_proj = nn.Linear(hidden, hidden)
        self.value_proj = nn.Linear(hidden, hidden)
        self.output = nn.Linear(hidden, hidden)

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.dim).transpose(1, 2).reshape(b * self.heads, s, self.dim)

    def forward(self, x, mask_2d, relative, rel_embeddings):
        b, s, _ = x.shape
        q, k, v = self.split(self.query_proj(x)), self.split(self.key_proj(x)), self.split(self.value_proj(x))
        scale_factor = 3  # 1 + len(["c2p", "p2c"])
        scale = math.sqrt(self.dim * scale_factor)
        scores = torch.bmm(q, k.transpose(-1, -2) / scale)
        rel = rel_embeddings[: 2 * self.span].unsqueeze(0)
        pos_query = self.split(self.query_proj(rel)).repeat(b, 1, 1)   # [B*h, 2span, d]
        pos_key = self.split(self.key_proj(rel)).repeat(b, 1, 1)
        index_shape = [b * self.heads, s, s]
        c2p = torch.bmm(q, pos_key.transpose(-1, -2))
        c2p_pos = torch.clamp(relative + self.span, 0, 2 * self.span - 1).long()
        c2p = torch.gather(c2p, -1, c2p_pos.unsqueeze(0).expand(index_shape))
        p2c = torch.bmm(k, pos_query.transpose(-1, -2))
        p2c_pos = torch.clamp(-relative + self.span, 0, 2 * self.span - 1).long()
        p2c = torch.gather(p2c, -1, p2c_pos.unsqueeze(0).expand(index_shape)).transpose(-1, -2)
        scores = (scores + c2p / scale + p2c / scale).view(b, self.heads, s, s)
        # XSoftmax: masked scores get the minimum, masked probabilities become 0.
        masked = mask_2d == 0
        probs = torch.softmax(scores.masked_fill(masked, NEG), dim=-1).masked_fill(masked, 0.0)
        context = torch.bmm(probs.view(b * self.heads, s, s), v)
        context = context.view(b, self.heads, s, self.dim).transpose(1, 2).reshape(b, s, -1)
        return self.output(context)


class DebertaLayer(nn.Module):
    def __init__(self, hidden, heads, ffn, span):
        super().__init__()
        self.attention = DisentangledAttention(hidden, heads, span)
        self.attention_norm = nn.LayerNorm(hidden, eps=1e-7)
        self.ffn_in, self.ffn_out = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)
        self.ffn_norm = nn.LayerNorm(hidden, eps=1e-7)

    def forward(self, x, mask_2d, relative, rel_embeddings):
        x = self.attention_norm(x + self.attention(x, mask_2d, relative, rel_embeddings))
        return self.ffn_norm(x + self.ffn_out(F.gelu(self.ffn_in(x))))


class DebertaV2(nn.Module):
    """DeBERTa-v3 settings: no absolute positions, no token types, log-bucketed relative positions."""

    input_names = ["input_ids", "attention_mask"]

    def __init__(self, vocab, hidden, layers, heads, ffn, max_positions, buckets, labels):
        super().__init__()
        self.buckets, self.max_positions = buckets, max_positions
        self.word = nn.Embedding(vocab, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-7)
        self.rel_embeddings = nn.Embedding(2 * buckets, hidden)
        self.rel_norm = nn.LayerNorm(hidden, eps=1e-7)
        self.layers = nn.ModuleList(DebertaLayer(hidden, heads, ffn, buckets) for _ in range(layers))
        self.pooler = nn.Linear(hidden, hidden)
        self.classifier = nn.Linear(hidden, len(labels))
        self.hf = dict(model_type="deberta-v2", architectures=["DebertaV2ForSequenceClassification"],
                       vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers,
                       num_attention_heads=heads, intermediate_size=ffn, hidden_act="gelu",
                       max_position_embeddings=max_positions, relative_attention=True,
                       position_buckets=buckets, max_relative_positions=-1, norm_rel_ebd="layer_norm",
                       share_att_key=True, pos_att_type=["p2c", "c2p"], position_biased_input=False,
                       type_vocab_size=0, layer_norm_eps=1e-7, pooler_hidden_size=hidden,
                       pooler_hidden_act="gelu", pad_token_id=0)

    def forward(self, input_ids, attention_mask):
        s = input_ids.shape[1]
        mask = attention_mask.to(torch.float32)
        x = self.norm(self.word(input_ids)) * mask.unsqueeze(-1)
        positions = torch.arange(s, dtype=torch.float32)
        relative = log_bucket_position(positions[:, None] - positions[None, :], self.buckets,
                                       self.max_positions)
        mask_2d = (mask[:, None, :, None] * mask[:, None, None, :])       # [B, 1, S, S]
        rel_embeddings = self.rel_norm(self.rel_embeddings.weight)
        for layer in self.layers:
            x = layer(x, mask_2d, relative, rel_embeddings)
        return self.classifier(F.gelu(self.pooler(x[:, 0])))


# ---------------------------------------------------------------- GPT-2

class Gpt2Block(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads, self.dim = heads, hidden // heads
        self.ln_1 = nn.LayerNorm(hidden, eps=1e-5)
        self.c_attn = nn.Linear(hidden, 3 * hidden)
        self.c_proj = nn.Linear(hidden, hidden)
        self.ln_2 = nn.LayerNorm(hidden, eps=1e-5)
        self.c_fc = nn.Linear(hidden, 4 * hidden)
        self.mlp_proj = nn.Linear(4 * hidden, hidden)

    def forward(self, x, bias):
        b, s, h = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(h, dim=2)
        q, k, v = (t.view(b, s, self.heads, self.dim).transpose(1, 2) for t in (q, k, v))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.dim)
        context = torch.matmul(torch.softmax(scores + bias, dim=-1), v)
        x = x + self.c_proj(context.transpose(1, 2).reshape(b, s, h))
        return x + self.mlp_proj(gelu_new(self.c_fc(self.ln_2(x))))


class Gpt2(nn.Module):
    """GPT-2; the classifier scores every position and keeps the last non-padding token's."""

    def __init__(self, vocab, hidden, layers, heads, max_positions, pad_id, eos_id, labels=None,
                 position_ids_input=False):
        super().__init__()
        self.pad_id, self.labels = pad_id, labels
        self.position_ids_input = position_ids_input
        self.wte = nn.Embedding(vocab, hidden)
        self.wpe = nn.Embedding(max_positions, hidden)
        self.blocks = nn.ModuleList(Gpt2Block(hidden, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(hidden, eps=1e-5)
        if labels:
            self.score = nn.Linear(hidden, len(labels), bias=False)
        self.input_names = ["input_ids", "attention_mask"] + (["position_ids"] if position_ids_input else [])
        self.hf = dict(model_type="gpt2",
                       architectures=["GPT2ForSequenceClassification" if labels else "GPT2Model"],
                       vocab_size=vocab, n_embd=hidden, n_layer=layers, n_head=heads,
                       n_positions=max_positions, n_ctx=max_positions,
                       activation_function="gelu_new", layer_norm_epsilon=1e-5,
                       bos_token_id=eos_id, eos_token_id=eos_id)
        if labels:
            self.hf["pad_token_id"] = pad_id

    def forward(self, input_ids, attention_mask, position_ids=None):
        s = input_ids.shape[1]
        if position_ids is None:
            position_ids = torch.arange(s).unsqueeze(0)
        x = self.wte(input_ids) + self.wpe(position_ids)
        causal = torch.tril(torch.ones(s, s, dtype=torch.bool))
        bias = torch.zeros(s, s).masked_fill(~causal, NEG)[None, None] + key_mask_bias(attention_mask)
        bias = torch.clamp(bias, min=NEG)
        for block in self.blocks:
            x = block(x, bias)
        x = self.ln_f(x)
        if not self.labels:
            return x
        logits = self.score(x)                                              # [B, S, L]
        not_pad = (input_ids != self.pad_id).long()
        last = (torch.arange(s).unsqueeze(0) * not_pad).argmax(-1)          # [B]
        return logits[torch.arange(input_ids.shape[0]), last]


# ---------------------------------------------------------------- BART

class BartDecoderLayer(nn.Module):
    def __init__(self, hidden, heads, ffn):
        super().__init__()
        self.self_attn = Attention(hidden, heads)
        self.self_norm = nn.LayerNorm(hidden, eps=1e-5)
        self.cross_attn = Attention(hidden, heads)
        self.cross_norm = nn.LayerNorm(hidden, eps=1e-5)
        self.fc1, self.fc2 = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)
        self.final_norm = nn.LayerNorm(hidden, eps=1e-5)

    def forward(self, x, causal_bias, memory, memory_bias):
        x = self.self_norm(x + self.self_attn(x, causal_bias))
        x = self.cross_norm(x + self.cross_attn(x, memory_bias, memory=memory))
        return self.final_norm(x + self.fc2(F.gelu(self.fc1(x))))


class Bart(nn.Module):
    """BART for sequence classification: encoder, decoder on the shifted ids, the last </s>'s state."""

    input_names = ["input_ids", "attention_mask"]

    def __init__(self, vocab, hidden, layers, heads, ffn, max_length, labels, pad_id=1, eos_id=2):
        super().__init__()
        self.pad_id, self.eos_id = pad_id, eos_id
        self.shared = nn.Embedding(vocab, hidden)
        self.enc_positions = nn.Embedding(max_length + 2, hidden)   # BART's offset of 2
        self.dec_positions = nn.Embedding(max_length + 2, hidden)
        self.enc_norm = nn.LayerNorm(hidden, eps=1e-5)
        self.dec_norm = nn.LayerNorm(hidden, eps=1e-5)
        self.encoder = nn.ModuleList(PostNormLayer(hidden, heads, ffn, 1e-5) for _ in range(layers))
        self.decoder = nn.ModuleList(BartDecoderLayer(hidden, heads, ffn) for _ in range(layers))
        self.dense = nn.Linear(hidden, hidden)
        self.out_proj = nn.Linear(hidden, len(labels))
        self.hf = dict(model_type="bart", architectures=["BartForSequenceClassification"],
                       vocab_size=vocab, d_model=hidden, encoder_layers=layers, decoder_layers=layers,
                       encoder_attention_heads=heads, decoder_attention_heads=heads,
                       encoder_ffn_dim=ffn, decoder_ffn_dim=ffn, activation_function="gelu",
                       max_position_embeddings=max_length, scale_embedding=False,
                       pad_token_id=pad_id, bos_token_id=0, eos_token_id=eos_id,
                       decoder_start_token_id=eos_id, classifier_dropout=0.0)

    def forward(self, input_ids, attention_mask):
        b, s = input_ids.shape
        positions = torch.arange(s).unsqueeze(0) + 2
        memory = self.enc_norm(self.shared(input_ids) + self.enc_positions(positions))
        memory_bias = key_mask_bias(attention_mask)
        for layer in self.encoder:
            memory = layer(memory, memory_bias)
        # shift_tokens_right: the decoder starts with </s> and reads the ids one step behind.
        start = torch.full((b, 1), self.eos_id, dtype=input_ids.dtype)
        decoder_ids = torch.cat([start, input_ids[:, :-1]], dim=1)
        x = self.dec_norm(self.shared(decoder_ids) + self.dec_positions(positions))
        causal = torch.tril(torch.ones(s, s, dtype=torch.bool))
        causal_bias = torch.zeros(s, s).masked_fill(~causal, NEG)[None, None]
        for layer in self.decoder:
            x = layer(x, causal_bias, memory, memory_bias)
        eos = input_ids.eq(self.eos_id)
        sentence = x[eos, :].view(b, -1, x.shape[-1])[:, -1, :]
        return self.out_proj(torch.tanh(self.dense(sentence)))


# ---------------------------------------------------------------- T5 encoder

class T5Norm(nn.Module):
    """T5LayerNorm: scale only, no mean subtraction, no bias."""

    def __init__(self, hidden, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        return self.weight * x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)


def t5_bucket(relative, buckets=32, max_distance=128):
    """T5's bidirectional relative position bucket."""
    half = buckets // 2
    bucket = (relative > 0).long() * half
    distance = torch.abs(relative)
    exact = half // 2
    large = exact + (torch.log(distance.float().clamp(min=1) / exact) / math.log(max_distance / exact)
                     * (half - exact)).long()
    large = torch.clamp(large, max=half - 1)
    return bucket + torch.where(distance < exact, distance, large)


class T5Encoder(nn.Module):
    """T5 encoder: pre-norm layers, unscaled attention with a learned relative bias from layer 0."""

    input_names = ["input_ids", "attention_mask"]

    def __init__(self, vocab, hidden, layers, heads, ffn, buckets=32, max_distance=128):
        super().__init__()
        self.heads, self.buckets, self.max_distance = heads, buckets, max_distance
        self.shared = nn.Embedding(vocab, hidden)
        self.relative_bias = nn.Embedding(buckets, heads)
        self.attn_norms = nn.ModuleList(T5Norm(hidden) for _ in range(layers))
        self.attns = nn.ModuleList(Attention(hidden, heads, scale=False, bias=False) for _ in range(layers))
        self.ffn_norms = nn.ModuleList(T5Norm(hidden) for _ in range(layers))
        self.wi = nn.ModuleList(nn.Linear(hidden, ffn, bias=False) for _ in range(layers))
        self.wo = nn.ModuleList(nn.Linear(ffn, hidden, bias=False) for _ in range(layers))
        self.final_norm = T5Norm(hidden)
        self.hf = dict(model_type="t5", architectures=["T5EncoderModel"], vocab_size=vocab,
                       d_model=hidden, d_kv=hidden // heads, d_ff=ffn, num_layers=layers,
                       num_heads=heads, relative_attention_num_buckets=buckets,
                       relative_attention_max_distance=max_distance, feed_forward_proj="relu",
                       layer_norm_epsilon=1e-6, pad_token_id=0, eos_token_id=1,
                       decoder_start_token_id=0, is_encoder_decoder=False)

    def forward(self, input_ids, attention_mask):
        s = input_ids.shape[1]
        positions = torch.arange(s)
        relative = positions[None, :] - positions[:, None]                 # key - query
        position_bias = self.relative_bias(t5_bucket(relative, self.buckets, self.max_distance))
        position_bias = position_bias.permute(2, 0, 1).unsqueeze(0)         # [1, heads, S, S]
        mask_bias = key_mask_bias(attention_mask)
        x = self.shared(input_ids)
        for norm, attn, ffn_norm, wi, wo in zip(self.attn_norms, self.attns, self.ffn_norms, self.wi, self.wo):
            x = x + attn(norm(x), mask_bias, extra=position_bias)
            x = x + wo(F.relu(wi(ffn_norm(x))))
        return self.final_norm(x)
