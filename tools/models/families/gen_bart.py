"""A small BART in plain PyTorch (no `transformers`), with a cache.

As Hugging Face's BartForConditionalGeneration (bart-base settings): one
shared token embedding (not scaled); learned position embeddings with BART's
offset of 2 (position p reads row p + 2); a LayerNorm over the embeddings;
post-LayerNorm encoder and decoder layers (attention with biases, queries
scaled by head_dim ** -0.5; an exact-GELU feed-forward); the LM head tied to
the shared embedding plus final_logits_bias. Generation starts from
decoder_start_token_id (</s>) and the first generated token is forced to
<s> (forced_bos_token_id), as bart-base's config asks.

The decoder's cache per layer is (self key, self value, cross key, cross
value), each [batch, heads, length, head_dim].
"""

import torch
from torch import nn
from torch.nn import functional as F

MASKED = -1e9
OFFSET = 2


class BartConfig:
    def __init__(self, vocab_size, d_model, encoder_layers, decoder_layers, heads, ffn_dim,
                 max_position_embeddings):
        self.vocab_size = vocab_size
        self.d_model = d_model
        self.encoder_layers = encoder_layers
        self.decoder_layers = decoder_layers
        self.heads = heads
        self.head_dim = d_model // heads
        self.ffn_dim = ffn_dim
        self.max_position_embeddings = max_position_embeddings
        self.bos_token_id = 0
        self.pad_token_id = 1
        self.eos_token_id = 2
        self.decoder_start_token_id = 2
        self.forced_bos_token_id = 0

    def to_hf_dict(self):
        return {
            "architectures": ["BartForConditionalGeneration"],
            "model_type": "bart",
            "vocab_size": self.vocab_size,
            "d_model": self.d_model,
            "encoder_layers": self.encoder_layers,
            "decoder_layers": self.decoder_layers,
            "encoder_attention_heads": self.heads,
            "decoder_attention_heads": self.heads,
            "encoder_ffn_dim": self.ffn_dim,
            "decoder_ffn_dim": self.ffn_dim,
            "activation_function": "gelu",
            "max_position_embeddings": self.max_position_embeddings,
            "scale_embedding": False,
            "normalize_before": False,
            "is_encoder_decoder": True,
            "tie_word_embeddings": True,
            "bos_token_id": self.bos_token_id,
            "pad_token_id": self.pad_token_id,
            "eos_token_id": self.eos_token_id,
            "decoder_start_token_id": self.decoder_start_token_id,
            "forced_bos_token_id": self.forced_bos_token_id,
            "forced_eos_token_id": self.eos_token_id,
            "use_cache": True,
            "torch_dtype": "float32",
        }


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads = cfg.heads
        self.head_dim = cfg.head_dim
        self.scaling = cfg.head_dim ** -0.5
        self.q_proj = nn.Linear(cfg.d_model, cfg.d_model)
        self.k_proj = nn.Linear(cfg.d_model, cfg.d_model)
        self.v_proj = nn.Linear(cfg.d_model, cfg.d_model)
        self.out_proj = nn.Linear(cfg.d_model, cfg.d_model)

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.head_dim).transpose(1, 2)

    def attend(self, hidden, key, value, bias):
        q = self.split(self.q_proj(hidden) * self.scaling)
        scores = torch.matmul(q, key.transpose(-1, -2)) + bias
        context = torch.matmul(torch.softmax(scores, dim=-1), value)
        b, _, s, _ = context.shape
        return self.out_proj(context.transpose(1, 2).reshape(b, s, self.heads * self.head_dim))


class EncoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.self_attn = Attention(cfg)
        self.self_attn_layer_norm = nn.LayerNorm(cfg.d_model)
        self.fc1 = nn.Linear(cfg.d_model, cfg.ffn_dim)
        self.fc2 = nn.Linear(cfg.ffn_dim, cfg.d_model)
        self.final_layer_norm = nn.LayerNorm(cfg.d_model)

    def forward(self, hidden, bias):
        a = self.self_attn
        hidden = self.self_attn_layer_norm(
            hidden + a.attend(hidden, a.split(a.k_proj(hidden)), a.split(a.v_proj(hidden)), bias))
        return self.final_layer_norm(hidden + self.fc2(F.gelu(self.fc1(hidden))))


class DecoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.self_attn = Attention(cfg)
        self.self_attn_layer_norm = nn.LayerNorm(cfg.d_model)
        self.encoder_attn = Attention(cfg)
        self.encoder_attn_layer_norm = nn.LayerNorm(cfg.d_model)
        self.fc1 = nn.Linear(cfg.d_model, cfg.ffn_dim)
        self.fc2 = nn.Linear(cfg.ffn_dim, cfg.d_model)
        self.final_layer_norm = nn.LayerNorm(cfg.d_model)

    def forward(self, hidden, self_bias, cross_bias, cache, encoder_hidden):
        past_key, past_value, cross_key, cross_value = cache
        a = self.self_attn
        key = torch.cat([past_key, a.split(a.k_proj(hidden))], dim=2)
        value = torch.cat([past_value, a.split(a.v_proj(hidden))], dim=2)
        hidden = self.self_attn_layer_norm(hidden + a.attend(hidden, key, value, self_bias))
        c = self.encoder_attn
        if encoder_hidden is not None:
            cross_key = c.split(c.k_proj(encoder_hidden))
            cross_value = c.split(c.v_proj(encoder_hidden))
        hidden = self.encoder_attn_layer_norm(
            hidden + c.attend(hidden, cross_key, cross_value, cross_bias))
        hidden = self.final_layer_norm(hidden + self.fc2(F.gelu(self.fc1(hidden))))
        return hidden, (key, value, cross_key, cross_value)


class TinyBart(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.shared = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.encoder_positions = nn.Embedding(cfg.max_position_embeddings + OFFSET, cfg.d_model)
        self.encoder_embedding_norm = nn.LayerNorm(cfg.d_model)
        self.encoder = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.encoder_layers))
        self.decoder_positions = nn.Embedding(cfg.max_position_embeddings + OFFSET, cfg.d_model)
        self.decoder_embedding_norm = nn.LayerNorm(cfg.d_model)
        self.decoder = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.decoder_layers))
        self.register_buffer("final_logits_bias", torch.zeros(1, cfg.vocab_size))
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, std=0.02)
                if isinstance(module, nn.Linear):
                    nn.init.zeros_(module.bias)

    def encode(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1]) + OFFSET
        hidden = self.encoder_embedding_norm(self.shared(input_ids)
                                             + self.encoder_positions(positions))
        bias = (1.0 - attention_mask[:, None, None, :].float()) * MASKED
        for layer in self.encoder:
            hidden = layer(hidden, bias)
        return hidden

    def empty_cache(self, batch):
        shape = (batch, self.cfg.heads, 0, self.cfg.head_dim)
        return [tuple(torch.zeros(shape) for _ in range(4)) for _ in range(self.cfg.decoder_layers)]

    def decode(self, input_ids, encoder_attention_mask, cache, encoder_hidden=None):
        """Logits of the new decoder tokens and the extended cache (see TinyT5.decode)."""
        past = cache[0][0].shape[2]
        new = input_ids.shape[1]
        query_pos = torch.arange(new) + past
        key_pos = torch.arange(past + new)
        causal = key_pos[None, :] <= query_pos[:, None]
        self_bias = torch.zeros(causal.shape).masked_fill(~causal, MASKED)[None, None]
        cross_bias = (1.0 - encoder_attention_mask[:, None, None, :].float()) * MASKED
        hidden = self.decoder_embedding_norm(self.shared(input_ids)
                                             + self.decoder_positions(query_pos + OFFSET))
        presents = []
        for layer, layer_cache in zip(self.decoder, cache):
            hidden, present = layer(hidden, self_bias, cross_bias, layer_cache, encoder_hidden)
            presents.append(present)
        return torch.matmul(hidden, self.shared.weight.t()) + self.final_logits_bias, presents
