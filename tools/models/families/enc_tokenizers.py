"""Small tokenizer.json files of the two kinds that are not WordPiece.

* Byte-level BPE (GPT-2, RoBERTa, BART): a plain-Python BPE trainer over the
  GPT-2 pre-tokenizer's pieces, then a tokenizer.json in the layout each
  family's Hugging Face tokenizer has (special tokens, post-processor).
* Unigram (SentencePiece; DeBERTa-v3, T5): sentencepiece trains the model,
  and the tokenizer.json is written from its pieces, scores and precompiled
  normalisation map, as transformers' DebertaV2Converter and T5Converter do.

The WordPiece fixtures reuse fixtures/models/tiny-a/tokenizer.json.
Everything is deterministic: the same corpus gives the same files.
"""

import base64
import collections
import os
import tempfile

import regex

# GPT-2's pre-tokenizer pattern, as the ByteLevel pre-tokenizer applies it.
GPT2_PATTERN = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    """GPT-2's map from each byte to a printable character."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars)}


def _byte_words(lines):
    table = bytes_to_unicode()
    words = collections.Counter()
    for line in lines:
        for piece in GPT2_PATTERN.findall(line):
            words["".join(table[b] for b in piece.encode("utf-8"))] += 1
    return words


def train_bpe(lines, merges):
    """Learns up to `merges` merges; ties go to the smaller pair, so runs repeat exactly."""
    words = {tuple(w): n for w, n in _byte_words(lines).items()}
    learned = []
    for _ in range(merges):
        pairs = collections.Counter()
        for symbols, n in words.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        if pairs[best] < 2:
            break
        learned.append(best)
        merged = best[0] + best[1]
        new_words = {}
        for symbols, n in words.items():
            out = []
            i = 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(merged)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            new_words[tuple(out)] = new_words.get(tuple(out), 0) + n
        words = new_words
    return learned


def _added(token_id, content, lstrip=False):
    return {"id": token_id, "content": content, "single_word": False, "lstrip": lstrip,
            "rstrip": False, "normalized": False, "special": True}


def bpe_tokenizer_json(merges, layout):
    """tokenizer.json for byte-level BPE.

    layout "roberta" (RoBERTa and BART): <s>=0 <pad>=1 </s>=2 <unk>=3, the
    bytes, the merges, <mask> last; <s> A </s> and <s> A </s></s> B </s>.
    layout "gpt2": the bytes, the merges, <|endoftext|> last; no special
    tokens added around the text.
    """
    vocab = {}
    specials = ["<s>", "<pad>", "</s>", "<unk>"] if layout == "roberta" else []
    for token in specials:
        vocab[token] = len(vocab)
    for b in sorted(bytes_to_unicode()):
        vocab.setdefault(bytes_to_unicode()[b], len(vocab))
    for left, right in merges:
        vocab.setdefault(left + right, len(vocab))
    added = [_added(vocab[t], t) for t in specials]
    if layout == "roberta":
        vocab["<mask>"] = len(vocab)
        added.append(_added(vocab["<mask>"], "<mask>", lstrip=True))
        post = {"type": "RobertaProcessing", "sep": ["</s>", vocab["</s>"]],
                "cls": ["<s>", vocab["<s>"]], "trim_offsets": True, "add_prefix_space": False}
    elif layout == "gpt2":
        vocab["<|endoftext|>"] = len(vocab)
        added.append(_added(vocab["<|endoftext|>"], "<|endoftext|>"))
        post = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False,
                "use_regex": True}
    else:
        raise ValueError(layout)
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": post,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "",
                  "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }


# --------------------------------------------------------------- Unigram

UNIGRAM_LAYOUTS = {
    # DeBERTa-v3: [PAD]=0 [CLS]=1 [SEP]=2 [UNK]=3, [MASK] appended after the pieces.
    "deberta": dict(pad=(0, "[PAD]"), bos=(1, "[CLS]"), eos=(2, "[SEP]"), unk=(3, "[UNK]"),
                    mask="[MASK]"),
    # T5: <pad>=0 </s>=1 <unk>=2, no bos.
    "t5": dict(pad=(0, "<pad>"), bos=(-1, "<s>"), eos=(1, "</s>"), unk=(2, "<unk>"), mask=None),
}


def train_unigram(lines, vocab_size, layout, check_texts=()):
    """Trains a SentencePiece Unigram model (nmt_nfkc normalisation, as the real ones).

    Returns (pieces [(piece, score)], unk_id, precompiled_charsmap bytes, and
    sentencepiece's own ids of `check_texts`, without special tokens).
    """
    import sentencepiece as spm

    spec = UNIGRAM_LAYOUTS[layout]
    with tempfile.TemporaryDirectory() as work:
        corpus = os.path.join(work, "corpus.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        prefix = os.path.join(work, "spm")
        spm.SentencePieceTrainer.train(
            input=corpus, model_prefix=prefix, model_type="unigram", vocab_size=vocab_size,
            character_coverage=1.0, normalization_rule_name="nmt_nfkc",
            pad_id=spec["pad"][0], pad_piece=spec["pad"][1],
            bos_id=spec["bos"][0], bos_piece=spec["bos"][1],
            eos_id=spec["eos"][0], eos_piece=spec["eos"][1],
            unk_id=spec["unk"][0], unk_piece=spec["unk"][1],
            num_threads=1, seed_sentencepiece_size=100000, shuffle_input_sentence=False,
            minloglevel=2)
        processor = spm.SentencePieceProcessor(model_file=prefix + ".model")
        pieces = [(processor.id_to_piece(i), processor.get_score(i))
                  for i in range(processor.get_piece_size())]
        with open(prefix + ".model", "rb") as f:
            charsmap = _precompiled_charsmap(f.read())
        spm_ids = [processor.encode(text) for text in check_texts]
    return pieces, spec["unk"][0], charsmap, spm_ids


def _varint(data, at):
    value = shift = 0
    while True:
        b = data[at]
        at += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, at


def _fields(data):
    """(field number, wire type, value) of one protobuf message, values of types 0 and 2 only."""
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
        elif wire == 2:
            length, at = _varint(data, at)
            value, at = data[at:at + length], at + length
        elif wire == 5:
            value, at = data[at:at + 4], at + 4
        elif wire == 1:
            value, at = data[at:at + 8], at + 8
        else:
            raise ValueError(f"unexpected protobuf wire type {wire}")
        yield number, wire, value


def _precompiled_charsmap(model_proto):
    """ModelProto.normalizer_spec (field 3) .precompiled_charsmap (field 2)."""
    for number, wire, value in _fields(model_proto):
        if number == 3 and wire == 2:
            for inner, inner_wire, inner_value in _fields(value):
                if inner == 2 and inner_wire == 2:
                    return inner_value
    return b""


def unigram_tokenizer_json(pieces, unk_id, charsmap, layout):
    """tokenizer.json for a Unigram model, as transformers' converters write it."""
    spec = UNIGRAM_LAYOUTS[layout]
    vocab = [[piece, 0.0 if i in (spec["pad"][0], spec["bos"][0], spec["eos"][0], unk_id)
              else float(score)] for i, (piece, score) in enumerate(pieces)]
    specials = [spec["pad"], spec["eos"], spec["unk"]]
    if spec["bos"][0] >= 0:
        specials.insert(1, spec["bos"])
    added = [_added(i, token) for i, token in sorted(specials)]
    if spec["mask"]:
        vocab.append([spec["mask"], 0.0])
        added.append(_added(len(vocab) - 1, spec["mask"]))
    precompiled = {"type": "Precompiled",
                   "precompiled_charsmap": base64.b64encode(charsmap).decode("ascii")}
    collapse = {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}
    metaspace = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always",
                 "split": True}
    if layout == "deberta":
        normalizer = {"type": "Sequence", "normalizers": [
            {"type": "Strip", "strip_left": True, "strip_right": True}, precompiled, collapse]}
        cls, sep = spec["bos"], spec["eos"]
        post = {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": cls[1], "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": sep[1], "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": cls[1], "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": sep[1], "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": sep[1], "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [i], "tokens": [t]} for i, t in (cls, sep)},
        }
    else:
        # As t5-small's tokenizer.json: white space is split off before Metaspace.
        normalizer = precompiled
        eos = spec["eos"]
        post = {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": eos[1], "type_id": 0}}],
            "pair": [{"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": eos[1], "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}},
                     {"SpecialToken": {"id": eos[1], "type_id": 0}}],
            "special_tokens": {eos[1]: {"id": eos[1], "ids": [eos[0]], "tokens": [eos[1]]}},
        }
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": normalizer,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [metaspace]
                          if layout == "deberta" else [{"type": "WhitespaceSplit"}, metaspace]},
        "post_processor": post,
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always",
                    "split": True},
        "model": {"type": "Unigram", "unk_id": unk_id, "vocab": vocab, "byte_fallback": False},
    }
