#!/usr/bin/python3
"""Generate the tiny, untrained ONNX text models used as test fixtures.

    /usr/bin/python3 tools/models/make_tiny_models.py /path/to/all-minilm-l6-v2-tokenizer.json

writes fixtures/models/<name>/ (relative to the repository root) for each model in MODELS:
model.onnx (tiny-b: onnx/model.onnx), tokenizer.json, config.json and
reference.json. The weights are random but seeded, so every run produces
the same files. See tools/models/README.md.
"""

import argparse
import json
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bert_wordpiece  # noqa: E402
import tinybert  # noqa: E402

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GENERATOR = "tools/models/make_tiny_models.py"
WHOLE_WORDS = 1000  # whole-word tokens kept after the specials and characters

# name: architecture, labels, seed and layout. Sizes differ on purpose so the
# files differ in size; tiny-c has no token_type_ids input; tiny-d's position
# table (64) is shorter than the usual 128-token limit; tiny-b's ONNX file
# lives in an onnx/ sub-folder.
MODELS = [
    dict(name="tiny-a", seed=101, hidden=16, layers=2, heads=2, ffn=64, max_pos=128,
         labels=["NEGATIVE", "POSITIVE"], token_types=True, onnx_path="model.onnx"),
    dict(name="tiny-b", seed=202, hidden=24, layers=1, heads=3, ffn=48, max_pos=128,
         labels=["LOW", "MEDIUM", "HIGH"], token_types=True, onnx_path="onnx/model.onnx"),
    dict(name="tiny-c", seed=303, hidden=16, layers=1, heads=4, ffn=32, max_pos=128,
         labels=["OFF_TOPIC", "ON_TOPIC"], token_types=False, onnx_path="model.onnx"),
    dict(name="tiny-d", seed=404, hidden=8, layers=3, heads=2, ffn=32, max_pos=64,
         labels=["NO", "YES"], token_types=True, onnx_path="model.onnx", classifier_gain=10.0),
    dict(name="tiny-e", seed=505, hidden=28, layers=2, heads=2, ffn=56, max_pos=128,
         labels=["SPORTS", "POLITICS", "SCIENCE"], token_types=True, onnx_path="model.onnx"),
    dict(name="tiny-embed", seed=606, hidden=24, layers=2, heads=4, ffn=48, max_pos=128,
         labels=None, token_types=True, onnx_path="model.onnx"),
]

LONG_TEXT = (
    "Model caches keep recently used networks in memory so that the next request does not "
    "pay for loading them again. When the cache is full, the least recently used entry is "
    "evicted, its native session is closed and its memory is returned. Requests that arrive "
    "while a model is still loading wait for the same load instead of starting a second one. "
    "This paragraph is deliberately long: it has far more than one hundred and twenty-eight "
    "word pieces, so every model has to truncate it, keeping the first tokens and the final "
    "separator, before the position table runs out."
)

# Shared reference texts: short and long, punctuation, mixed case, accents,
# digits, symbols/emoji without a vocabulary entry, odd whitespace, CJK.
REFERENCE_TEXTS = [
    "Hello, world!",
    "The QUICK brown Fox jumps over the LAZY dog.",
    "Crème brûlée at the café was naïve — déjà vu?",
    "Order #4521 shipped on 2024-03-15 for $1,299.99 (qty: 3).",
    "I love it 🙂 and the snowman ☃, but great🙂 is one word.",
    "  tabs\tand\nnew lines\r\n and\u00a0odd\u200bspaces, then a 120-letter word: "
    + "supercalifragilistic" * 6,
    "Tokyo is 東京 and Beijing is 北京.",
    LONG_TEXT,
]


def scale_weights(model, generator, classifier_gain=3.0):
    """Random weights large enough that the untrained model's outputs vary.

    BERT's usual N(0, 0.02) initialisation makes every logit ~0. Here the
    embeddings are N(0, 1), and each Linear layer is N(0, gain/sqrt(fan_in))
    so activations keep unit scale through the layers (the classifier gets a
    larger, per-model gain); LayerNorm gains and all biases get a little noise.
    """
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Embedding):
                module.weight.normal_(0.0, 1.0, generator=generator)
            elif isinstance(module, nn.Linear):
                gain = classifier_gain if module is getattr(model, "classifier", None) else 1.5
                module.weight.normal_(0.0, gain / module.in_features ** 0.5, generator=generator)
                module.bias.normal_(0.0, 0.1, generator=generator)
            elif isinstance(module, nn.LayerNorm):
                module.weight.normal_(1.0, 0.1, generator=generator)
                module.bias.normal_(0.0, 0.1, generator=generator)


def build_tokenizer(source_json):
    words = bert_wordpiece.whole_word_tokens(source_json["model"]["vocab"], after_id=1995)
    return bert_wordpiece.cut_vocabulary(source_json, words[:WHOLE_WORDS])


def make_model(spec, tokenizer_json, out_root):
    folder = os.path.join(out_root, spec["name"])
    os.makedirs(folder, exist_ok=True)
    tokenizer = bert_wordpiece.BertWordPieceTokenizer(tokenizer_json)

    cfg = tinybert.BertConfig(
        vocab_size=len(tokenizer.vocab), hidden_size=spec["hidden"],
        num_hidden_layers=spec["layers"], num_attention_heads=spec["heads"],
        intermediate_size=spec["ffn"], max_position_embeddings=spec["max_pos"],
        id2label=spec["labels"])
    torch.manual_seed(spec["seed"])
    model = tinybert.TinyBert(cfg)
    scale_weights(model, torch.Generator().manual_seed(spec["seed"]), spec.get("classifier_gain", 3.0))
    model.eval()

    onnx_file = os.path.join(folder, spec["onnx_path"])
    tinybert.export_onnx(model, onnx_file, with_token_type_ids=spec["token_types"])
    bert_wordpiece.write_tokenizer_json(tokenizer_json, os.path.join(folder, "tokenizer.json"))
    tinybert.write_json(cfg.to_hf_dict(), os.path.join(folder, "config.json"))

    max_length = cfg.max_position_embeddings
    cases = [tinybert.reference_case(model, tokenizer, text, max_length) for text in REFERENCE_TEXTS]
    # The long text must actually have been truncated.
    assert len(cases[-1]["input_ids"]) == max_length, "long reference text was not truncated"
    reference = {"generator": GENERATOR, "max_length": max_length, "cases": cases}
    tinybert.write_json(reference, os.path.join(folder, "reference.json"))
    return folder, onnx_file, model, cases


def describe_spread(cases):
    """Smallest and largest output across the reference texts (sanity check)."""
    key = "logits" if "logits" in cases[0] else "embedding"
    values = [v for case in cases for v in case[key]]
    labels = sorted({case.get("label", "-") for case in cases})
    return f"{key} in [{min(values):+.2f}, {max(values):+.2f}], argmax labels {labels}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("minilm_tokenizer", help="all-MiniLM-L6-v2 tokenizer.json (see README.md)")
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "fixtures", "models"),
                        help="output folder (default: fixtures/models in the repository)")
    args = parser.parse_args()

    torch.set_num_threads(1)  # tiny models; one thread also keeps results bit-stable
    with open(args.minilm_tokenizer, encoding="utf-8") as f:
        source = json.load(f)
    tokenizer_json = build_tokenizer(source)

    print(f"{'model':<11} {'onnx file':<16} {'bytes':>8} {'params':>7} {'vocab':>6} "
          f"{'hidden':>6} {'layers':>6} {'max_pos':>7}  outputs")
    total = 0
    for spec in MODELS:
        folder, onnx_file, model, cases = make_model(spec, tokenizer_json, args.out)
        size = os.path.getsize(onnx_file)
        total += sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(folder) for f in fs)
        print(f"{spec['name']:<11} {spec['onnx_path']:<16} {size:>8} {tinybert.count_parameters(model):>7} "
              f"{model.cfg.vocab_size:>6} {model.cfg.hidden_size:>6} {model.cfg.num_hidden_layers:>6} "
              f"{model.cfg.max_position_embeddings:>7}  {describe_spread(cases)}")
    print(f"total size of {args.out}: {total} bytes")


if __name__ == "__main__":
    main()
