"""A small T5 (v1.0 layout) in plain PyTorch (no `transformers`), with a cache.

As Hugging Face's T5ForConditionalGeneration: one shared token embedding;
encoder and decoder stacks of pre-norm layers with T5's RMS LayerNorm (no
mean, no bias, eps 1e-6); attention without the 1/sqrt(d) scaling and with
T5's relative position bias (bucketed relative distances, bidirectional in
the encoder, causal in the decoder; computed by each stack's first layer
and shared by its others; none on cross-attention); a ReLU feed-forward
without biases; a final norm per stack; and the LM head tied to the shared
embedding, scaled by d_model ** -0.5. The decoder starts from the pad token.

The decoder takes a cache per layer: (self key, self value, cross key,
cross value), each [batch, heads, length, d_kv]. The cross pair is computed
from the encoder output at the first step and only read afterwards.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

MASKED = -1e9


class T5Config:
    def __init__(self, vocab_size, d_model, d_kv, d_ff, num_layers, num_decoder_layers,
                 num_heads, relative_attention_num_buckets=32,
                 relative_attention_max_distance=128):
        self.vocab_size = vocab_size
        self.d_model = d_model
        self.d_kv = d_kv
        self.d_ff = d_ff
        self.num_layers = num_layers
        self.num_decoder_layers = num_decoder_layers
        self.num_heads = num_heads
        self.buckets = relative_attention_num_buckets
        self.max_distance = relative_attention_max_distance
        self.pad_token_id = 0
        self.eos_token_id = 1
        self.decoder_start_token_id = 0

    def to_hf_dict(self):
        return {
            "architectures": ["T5ForConditionalGeneration"],
            "model_type": "t5",
            "vocab_size": self.vocab_size,
            "d_model": self.d_model,
            "d_kv": self.d_kv,
            "d_ff": self.d_ff,
            "num_layers": self.num_layers,
            "num_decoder_layers": self.num_decoder_layers,
            "num_heads": self.num_heads,
            "relative_attention_num_buckets": self.buckets,
            "relative_attention_max_distance": self.max_distance,
            "feed_forward_proj": "relu",
            "layer_norm_epsilon": 1e-6,
            "is_encoder_decoder": True,
            "tie_word_embeddings": True,
            "pad_token_id": self.pad_token_id,
            "eos_token_id": self.eos_token_id,
            "decoder_start_token_id": self.decoder_start_token_id,
            "use_cache": True,
            "torch_dtype": "float32",
        }


class RmsNorm(nn.Module):
    def __init__(self, size, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def relative_position_bucket(relative_position, bidirectional, num_buckets, max_distance):
    """T5's buckets: exact for small distances, logarithmic up to max_distance."""
    buckets = torch.zeros_like(relative_position)
    if bidirectional:
        num_buckets //= 2
        buckets = buckets + (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    # clamp(min=1) keeps log() finite where is_small picks the exact value anyway.
    large = max_exact + (torch.log(relative_position.clamp(min=1).float() / max_exact)
                         / math.log(max_distance / max_exact)
                         * (num_buckets - max_exact)).to(torch.long)
    large = torch.min(large, torch.full_like(large, num_buckets - 1))
    return buckets + torch.where(is_small, relative_position, large)


class Attention(nn.Module):
    def __init__(self, cfg, bias_buckets=None):
        super().__init__()
        inner = cfg.num_heads * cfg.d_kv
        self.heads = cfg.num_heads
        self.d_kv = cfg.d_kv
        self.q = nn.Linear(cfg.d_model, inner, bias=False)
        self.k = nn.Linear(cfg.d_model, inner, bias=False)
        self.v = nn.Linear(cfg.d_model, inner, bias=False)
        self.o = nn.Linear(inner, cfg.d_model, bias=False)
        self.cfg = cfg
        self.relative_attention_bias = (nn.Embedding(cfg.buckets, cfg.num_heads)
                                        if bias_buckets else None)

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.d_kv).transpose(1, 2)

    def position_bias(self, query_positions, key_positions, bidirectional):
        relative = key_positions[None, :] - query_positions[:, None]
        bucket = relative_position_bucket(relative, bidirectional, self.cfg.buckets,
                                          self.cfg.max_distance)
        return self.relative_attention_bias(bucket).permute(2, 0, 1)[None]  # [1, H, q, k]

    def attend(self, q, k, v, bias):
        scores = torch.matmul(q, k.transpose(-1, -2)) + bias
        context = torch.matmul(torch.softmax(scores, dim=-1), v)
        b, _, s, _ = context.shape
        return self.o(context.transpose(1, 2).reshape(b, s, self.heads * self.d_kv))


class FeedForward(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.wi = nn.Linear(cfg.d_model, cfg.d_ff, bias=False)
        self.wo = nn.Linear(cfg.d_ff, cfg.d_model, bias=False)

    def forward(self, x):
        return self.wo(F.relu(self.wi(x)))


class EncoderLayer(nn.Module):
    def __init__(self, cfg, first):
        super().__init__()
        self.attn_norm = RmsNorm(cfg.d_model)
        self.attn = Attention(cfg, bias_buckets=first)
        self.ff_norm = RmsNorm(cfg.d_model)
        self.ff = FeedForward(cfg)

    def forward(self, hidden, bias):
        x = self.attn_norm(hidden)
        a = self.attn
        hidden = hidden + a.attend(a.split(a.q(x)), a.split(a.k(x)), a.split(a.v(x)), bias)
        return hidden + self.ff(self.ff_norm(hidden))


class DecoderLayer(nn.Module):
    def __init__(self, cfg, first):
        super().__init__()
        self.self_norm = RmsNorm(cfg.d_model)
        self.self_attn = Attention(cfg, bias_buckets=first)
        self.cross_norm = RmsNorm(cfg.d_model)
        self.cross_attn = Attention(cfg)
        self.ff_norm = RmsNorm(cfg.d_model)
        self.ff = FeedForward(cfg)

    def forward(self, hidden, self_bias, cross_bias, cache, encoder_hidden):
        past_key, past_value, cross_key, cross_value = cache
        a = self.self_attn
        x = self.self_norm(hidden)
        key = torch.cat([past_key, a.split(a.k(x))], dim=2)
        value = torch.cat([past_value, a.split(a.v(x))], dim=2)
        hidden = hidden + a.attend(a.split(a.q(x)), key, value, self_bias)
        c = self.cross_attn
        if encoder_hidden is not None:
            cross_key, cross_value = c.split(c.k(encoder_hidden)), c.split(c.v(encoder_hidden))
        hidden = hidden + c.attend(c.split(c.q(self.cross_norm(hidden))), cross_key, cross_value,
                                   cross_bias)
        hidden = hidden + self.ff(self.ff_norm(hidden))
        return hidden, (key, value, cross_key, cross_value)


class TinyT5(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.shared = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.encoder = nn.ModuleList(EncoderLayer(cfg, i == 0) for i in range(cfg.num_layers))
        self.encoder_norm = RmsNorm(cfg.d_model)
        self.decoder = nn.ModuleList(DecoderLayer(cfg, i == 0)
                                     for i in range(cfg.num_decoder_layers))
        self.decoder_norm = RmsNorm(cfg.d_model)
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.normal_(module.weight, std=module.in_features ** -0.5)
            elif isinstance(module, nn.Embedding):
                nn.init.normal_(module.weight, std=1.0)

    def encode(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1])
        first = self.encoder[0].attn
        bias = first.position_bias(positions, positions, bidirectional=True)
        bias = bias + (1.0 - attention_mask[:, None, None, :].float()) * MASKED
        hidden = self.shared(input_ids)
        for layer in self.encoder:
            hidden = layer(hidden, bias)
        return self.encoder_norm(hidden)

    def empty_cache(self, batch):
        shape = (batch, self.cfg.num_heads, 0, self.cfg.d_kv)
        return [tuple(torch.zeros(shape) for _ in range(4))
                for _ in range(self.cfg.num_decoder_layers)]

    def decode(self, input_ids, encoder_attention_mask, cache, encoder_hidden=None):
        """Logits of the new decoder tokens and the cache extended by them.

        encoder_hidden is given at the first step (the cross pairs are computed
        from it) and None afterwards (the cache holds them).
        """
        past = cache[0][0].shape[2]
        new = input_ids.shape[1]
        query_pos = torch.arange(new) + past
        key_pos = torch.arange(past + new)
        first = self.decoder[0].self_attn
        self_bias = first.position_bias(query_pos, key_pos, bidirectional=False)
        causal = key_pos[None, :] <= query_pos[:, None]
        self_bias = self_bias.masked_fill(~causal[None, None], MASKED)
        cross_bias = (1.0 - encoder_attention_mask[:, None, None, :].float()) * MASKED
        hidden = self.shared(input_ids)
        presents = []
        for layer, layer_cache in zip(self.decoder, cache):
            hidden, present = layer(hidden, self_bias, cross_bias, layer_cache, encoder_hidden)
            presents.append(present)
        hidden = self.decoder_norm(hidden) * (self.cfg.d_model ** -0.5)
        return torch.matmul(hidden, self.shared.weight.t()), presents
