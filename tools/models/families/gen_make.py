"""Builds the text-generation fixtures: fixtures/generation/tiny-gpt2, tiny-t5, tiny-bart.

Each is a small model of its family (gen_gpt2.py, gen_t5.py, gen_bart.py),
trained for a few hundred steps on the tiny corpus of gen_text.py so that
greedy decoding continues a list to its end and stops at the end-of-sequence
token, then exported with Optimum's file and tensor names (gen_export.py):

  tiny-gpt2/onnx/  decoder_model.onnx, decoder_with_past_model.onnx,
                   decoder_model_merged.onnx  (Transformers.js' layout)
  tiny-t5/         encoder_model.onnx, decoder_model.onnx,
                   decoder_with_past_model.onnx  (optimum-cli's layout)
  tiny-bart/       encoder_model.onnx, decoder_model_merged.onnx

with config.json, generation_config.json, tokenizer.json (byte-level BPE for
GPT-2 and BART, SentencePiece Unigram for T5) and reference.json: token ids
of gen_text.TOKENIZER_TEXTS, and for each prompt the greedy tokens of the
PyTorch module (computed with and without its key/value cache, which must
agree), the finish reason and the decoded text.

Usage, from the repository root (Debian: python3-torch python3-onnx
python3-sentencepiece python3-regex):

    /usr/bin/python3 tools/models/families/gen_make.py [--out fixtures/generation]

Seeded and single-threaded: the same machine and library versions give
byte-identical files.
"""

import argparse
import json
import os
import shutil
import sys
import time

import torch

import gen_bart
import gen_export
import gen_gpt2
import gen_t5
import gen_text

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MAX_NEW_TOKENS = 32


def write_json(obj, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


# ------------------------------------------------------------------ training

def pad(rows, value):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [value] * (width - len(r)) for r in rows], dtype=torch.long)


def train(step_loss, parameters, steps, lr, name):
    optimizer = torch.optim.AdamW(parameters, lr=lr, weight_decay=0.0)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1.0 - s / steps)
    start = time.time()
    for step in range(steps):
        optimizer.zero_grad()
        loss = step_loss()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % 100 == 0 or step == steps - 1:
            print(f"  {name} step {step:4d} loss {loss.item():.4f}")
    print(f"  {name}: {steps} steps in {time.time() - start:.1f} s")
    return loss.item()


def train_causal(model, lines, steps, lr):
    rows = [ids for ids in lines]
    ids = pad(rows, 0)
    mask = pad([[1] * len(r) for r in rows], 0)
    inputs, targets = ids[:, :-1], ids[:, 1:].clone()
    targets[mask[:, 1:] == 0] = -100
    positions = torch.arange(inputs.shape[1])[None].expand_as(inputs)

    def loss():
        logits, _ = model(inputs, mask[:, :-1], positions, model.empty_cache(len(rows)))
        return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                                 targets.reshape(-1), ignore_index=-100)
    model.train()
    final = train(loss, model.parameters(), steps, lr, "tiny-gpt2")
    model.eval()
    return final


def train_seq2seq(model, pairs, start_id, steps, lr, name):
    sources = pad([s for s, _ in pairs], 0)
    source_mask = pad([[1] * len(s) for s, _ in pairs], 0)
    labels = pad([t for _, t in pairs], -100)
    decoder_inputs = pad([[start_id] + t[:-1] for _, t in pairs], 0)

    def loss():
        encoded = model.encode(sources, source_mask)
        logits, _ = model.decode(decoder_inputs, source_mask, model.empty_cache(len(pairs)),
                                 encoded)
        return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                                 labels.reshape(-1), ignore_index=-100)
    model.train()
    final = train(loss, model.parameters(), steps, lr, name)
    model.eval()
    return final


# ------------------------------------------------------------ greedy decoding

def greedy_causal(model, prompt, max_new, eos, use_cache):
    """The PyTorch reference: argmax at each step; the first of equal maxima wins."""
    ids = list(prompt)
    generated = []
    cache = model.empty_cache(1)
    with torch.no_grad():
        for step in range(max_new):
            if len(ids) >= model.cfg.n_positions:
                break
            if not use_cache:
                cache = model.empty_cache(1)
            past = cache[0][0].shape[2]
            new = ids[past:]
            logits, cache = model(torch.tensor([new]), torch.ones(1, len(ids), dtype=torch.long),
                                  torch.arange(past, len(ids))[None], cache)
            token = int(logits[0, -1].argmax())
            ids.append(token)
            generated.append(token)
            if token == eos:
                break
    return generated


def greedy_seq2seq(model, source, max_new, cfg, use_cache, max_positions=None):
    """Forces decoder-start, then forced_bos at the first and forced_eos at the last step."""
    forced_bos = getattr(cfg, "forced_bos_token_id", None)
    forced_eos = cfg.eos_token_id if forced_bos is not None else None
    with torch.no_grad():
        mask = torch.ones(1, len(source), dtype=torch.long)
        encoded = model.encode(torch.tensor([source]), mask)
        decoded = [cfg.decoder_start_token_id]
        generated = []
        cache = model.empty_cache(1)
        for step in range(max_new):
            if max_positions is not None and len(decoded) >= max_positions:
                break
            if use_cache:
                past = cache[0][0].shape[2]
                logits, cache = model.decode(torch.tensor([decoded[past:]]), mask, cache,
                                             encoded if past == 0 else None)
            else:
                logits, _ = model.decode(torch.tensor([decoded]), mask, model.empty_cache(1),
                                         encoded)
            if forced_bos is not None and step == 0:
                token = forced_bos
            elif forced_eos is not None and step == max_new - 1:
                token = forced_eos
            else:
                token = int(logits[0, -1].argmax())
            decoded.append(token)
            generated.append(token)
            if token == cfg.eos_token_id:
                break
    return generated


def cases(prompts, encode, decode, generate, eos, forced_eos=False):
    out = []
    for prompt, max_new in prompts:
        prompt_ids = encode(prompt)
        with_cache = generate(prompt_ids, max_new, True)
        without = generate(prompt_ids, max_new, False)
        if with_cache != without:
            raise AssertionError(f"cache changes greedy tokens for {prompt!r}: "
                                 f"{with_cache} vs {without}")
        out.append({
            "prompt": prompt,
            "prompt_ids": prompt_ids,
            "max_new_tokens": max_new,
            "token_ids": with_cache,
            # A forced end-of-sequence at the last step is the length limit, not the model's end.
            "finish_reason": ("eos" if with_cache and with_cache[-1] == eos
                              and not (forced_eos and len(with_cache) == max_new) else "length"),
            "generated_text": decode(with_cache),
        })
    return out


def token_cases(encode):
    return [{"text": t, "input_ids": encode(t)} for t in gen_text.TOKENIZER_TEXTS]


# --------------------------------------------------------------- the models

CAUSAL_PROMPTS = [("three four", MAX_NEW_TOKENS), ("wednesday", MAX_NEW_TOKENS),
                  ("march april", MAX_NEW_TOKENS), ("mars", MAX_NEW_TOKENS),
                  ("the cat", MAX_NEW_TOKENS), ("red orange", MAX_NEW_TOKENS),
                  ("one two", 3)]
SEQ2SEQ_PROMPTS = [("three four", MAX_NEW_TOKENS), ("wednesday", MAX_NEW_TOKENS),
                   ("march", MAX_NEW_TOKENS), ("venus earth", MAX_NEW_TOKENS),
                   ("the train leaves", MAX_NEW_TOKENS), ("yellow", MAX_NEW_TOKENS),
                   ("one", 3)]


def make_gpt2(out, merges):
    tok = gen_text.ByteLevelBpe(merges, [], ["<|endoftext|>"], "gpt2")
    eos = tok.vocab["<|endoftext|>"]
    cfg = gen_gpt2.Gpt2Config(len(tok.vocab), n_positions=64, n_embd=32, n_layer=2, n_head=4,
                              eos_token_id=eos)
    torch.manual_seed(20)
    model = gen_gpt2.TinyGpt2(cfg)
    lines = [tok.encode(line) + [eos] for line in gen_text.lm_lines()]
    loss = train_causal(model, lines, steps=600, lr=1e-2)
    folder = os.path.join(out, "tiny-gpt2")
    graphs = os.path.join(folder, "onnx")
    os.makedirs(graphs)
    gen_export.export_decoder_only(model, graphs, cfg.n_layer, cfg.n_head, cfg.head_dim)
    gen_export.merge_decoders(f"{graphs}/decoder_model.onnx",
                              f"{graphs}/decoder_with_past_model.onnx",
                              f"{graphs}/decoder_model_merged.onnx")
    write_json(cfg.to_hf_dict(), f"{folder}/config.json")
    write_json({"bos_token_id": eos, "eos_token_id": eos}, f"{folder}/generation_config.json")
    write_json(tok.tokenizer_json(), f"{folder}/tokenizer.json")
    generate = lambda ids, n, c: greedy_causal(model, ids, n, eos, c)  # noqa: E731
    encode = lambda t: tok.encode(t)  # noqa: E731
    return folder, loss, {
        "tokenizer": "byte-level BPE",
        "token_cases": token_cases(encode),
        "generation_cases": cases(CAUSAL_PROMPTS, encode, tok.decode, generate, eos),
    }


def make_t5(out):
    tok = gen_text.SentencePieceUnigram(gen_text.tokenizer_corpus(), 250)
    cfg = gen_t5.T5Config(tok.vocab_size(), d_model=32, d_kv=8, d_ff=64, num_layers=2,
                          num_decoder_layers=2, num_heads=4, relative_attention_num_buckets=8,
                          relative_attention_max_distance=16)
    torch.manual_seed(50)
    model = gen_t5.TinyT5(cfg)
    pairs = [(tok.encode(s), tok.encode(t)) for s, t in gen_text.seq2seq_pairs()]
    loss = train_seq2seq(model, pairs, cfg.decoder_start_token_id, steps=600, lr=1e-2,
                         name="tiny-t5")
    folder = os.path.join(out, "tiny-t5")
    os.makedirs(folder)
    gen_export.export_seq2seq(model, folder, cfg.num_decoder_layers, cfg.num_heads, cfg.d_kv,
                              cfg.d_model)
    write_json(cfg.to_hf_dict(), f"{folder}/config.json")
    write_json({"decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0},
               f"{folder}/generation_config.json")
    write_json(tok.tokenizer_json(), f"{folder}/tokenizer.json")
    generate = lambda ids, n, c: greedy_seq2seq(model, ids, n, cfg, c)  # noqa: E731
    return folder, loss, {
        "tokenizer": "SentencePiece Unigram",
        "token_cases": token_cases(tok.encode),
        "generation_cases": cases(SEQ2SEQ_PROMPTS, tok.encode, tok.decode, generate,
                                  cfg.eos_token_id),
    }


def make_bart(out, merges):
    tok = gen_text.ByteLevelBpe(merges, ["<s>", "<pad>", "</s>", "<unk>"], ["<mask>"], "roberta")
    cfg = gen_bart.BartConfig(len(tok.vocab), d_model=32, encoder_layers=2, decoder_layers=2,
                              heads=4, ffn_dim=64, max_position_embeddings=64)
    torch.manual_seed(70)
    model = gen_bart.TinyBart(cfg)
    # As transformers prepares labels: <s> target </s>, decoder inputs shifted right from </s>.
    pairs = [(tok.encode(s), tok.encode(t)) for s, t in gen_text.seq2seq_pairs()]
    loss = train_seq2seq(model, pairs, cfg.decoder_start_token_id, steps=600, lr=1e-2,
                         name="tiny-bart")
    folder = os.path.join(out, "tiny-bart")
    os.makedirs(folder)
    gen_export.export_seq2seq(model, folder, cfg.decoder_layers, cfg.heads, cfg.head_dim,
                              cfg.d_model)
    gen_export.merge_decoders(f"{folder}/decoder_model.onnx",
                              f"{folder}/decoder_with_past_model.onnx",
                              f"{folder}/decoder_model_merged.onnx")
    os.remove(f"{folder}/decoder_model.onnx")
    os.remove(f"{folder}/decoder_with_past_model.onnx")
    write_json(cfg.to_hf_dict(), f"{folder}/config.json")
    write_json({"bos_token_id": 0, "decoder_start_token_id": 2, "eos_token_id": 2,
                "forced_bos_token_id": 0, "forced_eos_token_id": 2, "pad_token_id": 1},
               f"{folder}/generation_config.json")
    write_json(tok.tokenizer_json(), f"{folder}/tokenizer.json")
    generate = lambda ids, n, c: greedy_seq2seq(  # noqa: E731
        model, ids, n, cfg, c, cfg.max_position_embeddings)
    return folder, loss, {
        "tokenizer": "byte-level BPE",
        "token_cases": token_cases(tok.encode),
        "generation_cases": cases(SEQ2SEQ_PROMPTS, tok.encode, tok.decode, generate,
                                  cfg.eos_token_id, forced_eos=True),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "fixtures", "generation"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    merges = gen_text.train_bpe(gen_text.tokenizer_corpus(), 300)
    print(f"byte-level BPE: {len(merges)} merges")
    rows = []
    for make in (lambda: make_gpt2(args.out, merges), lambda: make_t5(args.out),
                 lambda: make_bart(args.out, merges)):
        folder, loss, reference = make()
        reference = {"generator": "tools/models/families/gen_make.py", **reference}
        write_json(reference, os.path.join(folder, "reference.json"))
        for case in reference["generation_cases"]:
            rows.append((os.path.basename(folder), case["prompt"], case["finish_reason"],
                         len(case["token_ids"]), case["generated_text"]))
        print(f"  {os.path.basename(folder)}: final loss {loss:.4f}")
    print("\n| model | prompt | finish | tokens | greedy text |\n|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(x) for x in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
