"""The tiny corpus the generation fixtures learn, and their two tokenizers.

Corpus: ordered lists (numbers, days, months, planets, the colours of the
rainbow) and a few short sentences, all written here. A decoder learns to
continue a list from any point to its end; an encoder-decoder learns to map
the start of a list (or sentence) to the rest of it. Either way greedy
decoding gives a real, varied sequence that ends with the end-of-sequence
token.

Tokenizers, both written to Hugging Face `tokenizer.json` files by code in
this file (the `tokenizers` package is not in Debian):

* byte-level BPE (GPT-2, BART): the GPT-2 pre-tokenizer regex and byte to
  unicode table, merges learned here from the corpus, encoded by the
  classic GPT-2 `bpe()` merge loop;
* Unigram (T5): trained by SentencePiece (python3-sentencepiece) with its
  default nmt_nfkc normalisation, converted as Hugging Face's
  `convert_slow_tokenizer` does for T5 (Precompiled normaliser from the
  model's charsmap, Metaspace, `$A </s>`), plus a Strip so that leading and
  trailing spaces go as SentencePiece drops them; SentencePiece itself
  encodes the references.
"""

import base64
import collections
import os
import tempfile

import regex

LISTS = {
    "numbers": "one two three four five six seven eight nine ten eleven twelve".split(),
    "days": "monday tuesday wednesday thursday friday saturday sunday".split(),
    "months": ("january february march april may june july august september october"
               " november december").split(),
    "planets": "mercury venus earth mars jupiter saturn uranus neptune".split(),
    "colours": "red orange yellow green blue indigo violet".split(),
}

SENTENCES = [
    "the cat sat on the mat.",
    "the dog ran across the park.",
    "a bird sang in the old tree.",
    "we drink tea in the morning.",
    "the train leaves at seven.",
    "she reads a book every night.",
    "rain falls on the quiet town.",
    "the river runs to the sea.",
    "he fixed the bike with a spanner.",
    "snow covers the high hills.",
    "the shop opens at nine.",
    "my friend plays the piano.",
]

# Texts whose token ids the fixtures record, checked against two other
# tokenizer implementations: plain words, punctuation, case, spaces, accents,
# digits, emoji, CJK, control characters, contractions, a long text.
TOKENIZER_TEXTS = [
    "three four five",
    "Hello, world!",
    "the cat sat on the mat.",
    "  leading and trailing spaces  ",
    "double  spaces and\ttabs\nand newlines",
    "UPPER lower MiXeD Case",
    "café naïve Ünïcödé",
    "digits 12345 and 3.14159",
    "emoji \U0001F642 and CJK \u4f60\u597d",
    "it's we'll they're I'd",
    "mercury venus earth mars jupiter saturn uranus neptune " * 3,
]


def lm_lines():
    """Decoder training lines: every suffix of every list, and each sentence."""
    lines = []
    for items in LISTS.values():
        for start in range(len(items) - 1):
            lines.append(" ".join(items[start:]))
    lines.extend(SENTENCES)
    return lines


def seq2seq_pairs():
    """Encoder-decoder pairs: the first one or two items -> the rest."""
    pairs = []
    for items in LISTS.values():
        for start in range(len(items) - 1):
            for width in (1, 2):
                if start + width < len(items):
                    pairs.append((" ".join(items[start:start + width]),
                                  " ".join(items[start + width:])))
    for sentence in SENTENCES:
        words = sentence.split()
        cut = len(words) // 2
        pairs.append((" ".join(words[:cut]), " ".join(words[cut:])))
    return pairs


def tokenizer_corpus():
    return lm_lines() + [" ".join(items) for items in LISTS.values()] + TOKENIZER_TEXTS


# ------------------------------------------------------------ byte-level BPE

GPT2_PATTERN = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    """GPT-2's table: every byte to a printable character."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1))
                 + list(range(ord("\u00ae"), ord("\u00ff") + 1)))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars)}


BYTE_CHARS = bytes_to_unicode()
CHAR_BYTES = {c: b for b, c in BYTE_CHARS.items()}


def pre_tokenize(text):
    """GPT-2 pre-tokenisation: regex pieces, each as byte characters."""
    return ["".join(BYTE_CHARS[b] for b in piece.encode("utf-8"))
            for piece in GPT2_PATTERN.findall(text)]


def train_bpe(texts, merges_wanted):
    """Learns merges greedily: the most frequent pair, ties by the pair itself."""
    words = collections.Counter()
    for text in texts:
        for piece in pre_tokenize(text):
            words[tuple(piece)] += 1
    merges = []
    for _ in range(merges_wanted):
        pairs = collections.Counter()
        for word, count in words.items():
            for pair in zip(word, word[1:]):
                pairs[pair] += count
        if not pairs:
            break
        best = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        if best[1] < 2:
            break
        pair = best[0]
        merges.append(pair)
        merged = collections.Counter()
        for word, count in words.items():
            merged[_merge(word, pair)] += count
        words = merged
    return merges


def _merge(word, pair):
    out = []
    i = 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


class ByteLevelBpe:
    """Encoder and decoder of one byte-level BPE vocabulary."""

    def __init__(self, merges, specials_first, specials_last, processor):
        self.merges = merges
        self.ranks = {pair: i for i, pair in enumerate(merges)}
        vocab = {}
        for token in specials_first:
            vocab[token] = len(vocab)
        for b in BYTE_CHARS:  # GPT-2's order: printable bytes first
            vocab[BYTE_CHARS[b]] = len(vocab)
        for a, b in merges:
            vocab.setdefault(a + b, len(vocab))
        for token in specials_last:
            vocab[token] = len(vocab)
        self.vocab = vocab
        self.inverse = {i: t for t, i in vocab.items()}
        self.specials = set(specials_first) | set(specials_last)
        self.processor = processor  # "gpt2" (nothing added) or "roberta" (<s> $A </s>)

    def _bpe(self, piece):
        word = tuple(piece)
        while len(word) > 1:
            pairs = set(zip(word, word[1:]))
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            word = _merge(word, best)
        return word

    def encode(self, text, add_special_tokens=True):
        ids = [self.vocab[token] for piece in pre_tokenize(text) for token in self._bpe(piece)]
        if add_special_tokens and self.processor == "roberta":
            ids = [self.vocab["<s>"]] + ids + [self.vocab["</s>"]]
        return ids

    def decode(self, ids, skip_special_tokens=True):
        tokens = [self.inverse[i] for i in ids
                  if not (skip_special_tokens and self.inverse[i] in self.specials)]
        data = bytes(CHAR_BYTES[c] for token in tokens if token not in self.specials for c in token)
        return data.decode("utf-8", errors="replace")

    def tokenizer_json(self):
        special_ids = sorted((self.vocab[t], t) for t in self.specials)
        added = [{"id": i, "content": t, "single_word": False, "lstrip": t == "<mask>",
                  "rstrip": False, "normalized": t == "<|endoftext|>", "special": True}
                 for i, t in special_ids]
        byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                      "use_regex": True}
        if self.processor == "roberta":
            post = {"type": "RobertaProcessing", "sep": ["</s>", self.vocab["</s>"]],
                    "cls": ["<s>", self.vocab["<s>"]], "trim_offsets": True,
                    "add_prefix_space": False}
        else:
            post = dict(byte_level, trim_offsets=False)
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": None,
            "pre_tokenizer": byte_level,
            "post_processor": post,
            "decoder": byte_level,
            "model": {
                "type": "BPE", "dropout": None, "unk_token": None,
                "continuing_subword_prefix": "", "end_of_word_suffix": "",
                "fuse_unk": False, "byte_fallback": False,
                "vocab": self.vocab,
                "merges": [a + " " + b for a, b in self.merges],
            },
        }


# ------------------------------------------------------------------ Unigram

class SentencePieceUnigram:
    """A SentencePiece Unigram model trained on the corpus, T5's special ids."""

    def __init__(self, texts, vocab_size):
        import sentencepiece as spm
        from sentencepiece import sentencepiece_model_pb2
        with tempfile.TemporaryDirectory() as tmp:
            corpus = os.path.join(tmp, "corpus.txt")
            with open(corpus, "w", encoding="utf-8") as f:
                for text in texts:
                    f.write(text.replace("\n", " ") + "\n")
            prefix = os.path.join(tmp, "unigram")
            spm.SentencePieceTrainer.train(
                input=corpus, model_prefix=prefix, model_type="unigram",
                vocab_size=vocab_size, hard_vocab_limit=False, character_coverage=1.0,
                pad_id=0, eos_id=1, unk_id=2, bos_id=-1, num_threads=1,
                normalization_rule_name="nmt_nfkc", minloglevel=2)
            with open(prefix + ".model", "rb") as f:
                self.model_bytes = f.read()
        self.sp = spm.SentencePieceProcessor(model_proto=self.model_bytes)
        proto = sentencepiece_model_pb2.ModelProto()
        proto.ParseFromString(self.model_bytes)
        self.proto = proto
        self.eos_id = 1

    def encode(self, text, add_special_tokens=True):
        ids = self.sp.encode(text)
        return ids + [self.eos_id] if add_special_tokens else ids

    def decode(self, ids, skip_special_tokens=True):
        return self.sp.decode([i for i in ids if i > 2 or not skip_special_tokens])

    def vocab_size(self):
        return self.sp.get_piece_size()

    def tokenizer_json(self):
        pieces = [[p.piece, 0.0 if i < 3 else p.score] for i, p in enumerate(self.proto.pieces)]
        charsmap = base64.b64encode(self.proto.normalizer_spec.precompiled_charsmap).decode()
        metaspace = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always",
                     "split": True}
        added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                  "normalized": False, "special": True}
                 for i, t in enumerate(["<pad>", "</s>", "<unk>"])]
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            # SentencePiece's own normalisation (nmt_nfkc, then remove_extra_whitespaces):
            # Hugging Face's T5 conversion leaves out the Strip, so its trailing spaces become
            # a lone "▁" token that SentencePiece never produces.
            "normalizer": {"type": "Sequence", "normalizers": [
                {"type": "Precompiled", "precompiled_charsmap": charsmap},
                {"type": "Strip", "strip_left": True, "strip_right": True},
                {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
            "pre_tokenizer": metaspace,
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"Sequence": {"id": "A", "type_id": 0}},
                           {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                "pair": [{"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": "</s>", "type_id": 0}},
                         {"Sequence": {"id": "B", "type_id": 0}},
                         {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}},
            },
            "decoder": metaspace,
            "model": {"type": "Unigram", "unk_id": 2, "vocab": pieces, "byte_fallback": False},
        }
