"""A small GPT-2 in plain PyTorch (no `transformers`), with a key/value cache.

As Hugging Face's GPT2LMHeadModel: learned token and position embeddings,
pre-LayerNorm blocks (ln_1, causal self-attention scaled by 1/sqrt(head_dim),
ln_2, an MLP with the tanh GELU), a final ln_f and an LM head tied to the
token embeddings. Masked scores are set to a large negative number, so a
padded or future key gets zero weight.

forward() takes the new tokens, the attention mask over past + new tokens,
their positions and the cache (one (key, value) pair per layer, each
[batch, heads, past, head_dim]; empty = no past) and returns the logits of
the new tokens and the cache extended by them.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

MASKED = -1e9


class Gpt2Config:
    def __init__(self, vocab_size, n_positions, n_embd, n_layer, n_head, eos_token_id):
        self.vocab_size = vocab_size
        self.n_positions = n_positions
        self.n_embd = n_embd
        self.n_layer = n_layer
        self.n_head = n_head
        self.head_dim = n_embd // n_head
        self.eos_token_id = eos_token_id

    def to_hf_dict(self):
        return {
            "architectures": ["GPT2LMHeadModel"],
            "model_type": "gpt2",
            "vocab_size": self.vocab_size,
            "n_positions": self.n_positions,
            "n_ctx": self.n_positions,
            "n_embd": self.n_embd,
            "n_layer": self.n_layer,
            "n_head": self.n_head,
            "n_inner": None,
            "activation_function": "gelu_new",
            "layer_norm_epsilon": 1e-5,
            "bos_token_id": self.eos_token_id,
            "eos_token_id": self.eos_token_id,
            "tie_word_embeddings": True,
            "use_cache": True,
            "torch_dtype": "float32",
        }


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads = cfg.n_head
        self.head_dim = cfg.head_dim
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd)

    def _split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, hidden, past_key, past_value, allowed):
        q, k, v = self.c_attn(hidden).split(hidden.shape[-1], dim=2)
        q, k, v = self._split(q), self._split(k), self._split(v)
        k = torch.cat([past_key, k], dim=2)
        v = torch.cat([past_value, v], dim=2)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        scores = scores.masked_fill(~allowed, MASKED)
        context = torch.matmul(torch.softmax(scores, dim=-1), v)
        b, _, s, _ = context.shape
        context = context.transpose(1, 2).reshape(b, s, self.heads * self.head_dim)
        return self.c_proj(context), k, v


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd, eps=1e-5)
        self.attn = Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd, eps=1e-5)
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd)

    def forward(self, hidden, past_key, past_value, allowed):
        attended, key, value = self.attn(self.ln_1(hidden), past_key, past_value, allowed)
        hidden = hidden + attended
        hidden = hidden + self.c_proj(F.gelu(self.c_fc(self.ln_2(hidden)), approximate="tanh"))
        return hidden, key, value


class TinyGpt2(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.n_positions, cfg.n_embd)
        self.h = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.n_embd, eps=1e-5)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, std=0.02)
                if isinstance(module, nn.Linear):
                    nn.init.zeros_(module.bias)

    def empty_cache(self, batch):
        shape = (batch, self.cfg.n_head, 0, self.cfg.head_dim)
        return [(torch.zeros(shape), torch.zeros(shape)) for _ in range(self.cfg.n_layer)]

    def forward(self, input_ids, attention_mask, position_ids, cache):
        """Logits [batch, new, vocab] and the extended cache."""
        past = cache[0][0].shape[2]
        new = input_ids.shape[1]
        query_pos = torch.arange(new) + past
        key_pos = torch.arange(past + new)
        causal = key_pos[None, :] <= query_pos[:, None]                    # [new, past+new]
        allowed = causal[None, None, :, :] & (attention_mask[:, None, None, :] > 0)
        hidden = self.wte(input_ids) + self.wpe(position_ids)
        presents = []
        for block, (past_key, past_value) in zip(self.h, cache):
            hidden, key, value = block(hidden, past_key, past_value, allowed)
            presents.append((key, value))
        logits = torch.matmul(self.ln_f(hidden), self.wte.weight.t())
        return logits, presents
