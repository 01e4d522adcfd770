"""BERT WordPiece tokenization in plain Python, plus a vocabulary cutter.

This module re-implements, without any third-party tokenizer library, the
pipeline that a Hugging Face ``tokenizer.json`` of the BERT kind describes:

    added (special) tokens -> BertNormalizer -> BertPreTokenizer
        -> WordPiece -> truncation -> TemplateProcessing ([CLS] A [SEP])

It follows the behaviour of the Rust ``tokenizers`` crate (which is what the
Python ``tokenizers`` package, DJL and most runtimes load), including the
places where that crate differs from Google's original ``tokenization.py``:

* clean_text drops NUL, U+FFFD and every character of Unicode category Cc,
  Cf, Co or Cs except TAB/LF/CR, and only then maps the Unicode
  ``White_Space`` characters to a plain space. So FORM FEED, VT and NEL are
  deleted (they are Cc), not turned into spaces; U+200B/U+FEFF (Cf) vanish.
  Unassigned code points (Cn, e.g. U+0378) are kept, unlike in Google's
  code: the crate's category tables do not report them as "other" (this
  was established by comparing with the crate's native library, see
  README.md), so they become [UNK].
* the "Chinese character" ranges are the crate's (its sixth range starts at
  U+2B920, not U+2B820 as in Google's code).
* accent stripping is NFD followed by removal of non-spacing marks (Mn); the
  text is *not* recomposed afterwards (Hangul syllables stay as jamo).
* lowercasing is done character by character (``char::to_lowercase``), so a
  final capital sigma becomes "σ", not the context-dependent "ς" that
  Python's ``str.lower`` would produce.
* punctuation = ASCII punctuation or Unicode category P*; other symbols such
  as "€", "©" or emoji are *not* split off and stay glued to their word.
* a word longer than ``max_input_chars_per_word`` characters, or a word with
  any piece that cannot be matched, becomes a single unknown token.

Known residual difference: Python's ``unicodedata`` tables (Unicode 14 in
Python 3.11) are newer than the ones compiled into the Rust crate. Because
unassigned characters are kept in both, recently added letters, symbols and
emoji tokenize the same way; only characters that recent Unicode versions
made punctuation (P*) or format controls (Cf) could be split or dropped here
but not in Rust. Reference texts stick to long-established characters.
"""

import copy
import json
import unicodedata

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

# Rust's char::is_whitespace is the Unicode White_Space property.
_WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

# CJK ideograph blocks that BertNormalizer surrounds with spaces (same table
# as tokenizers/src/normalizers/bert.rs).
_CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _is_whitespace(ch):
    return ch in _WHITE_SPACE


def _is_control(ch):
    # TAB, LF and CR are category Cc but are treated as whitespace. Unassigned
    # code points (Cn) are deliberately *not* controls: the Rust crate keeps
    # them (checked against its native build), so they end up as [UNK].
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")


def _is_cjk(ch):
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def _is_punctuation(ch):
    # ASCII punctuation (which includes symbols like $ + < = > ^ ` | ~ that
    # Unicode files under S*), or any Unicode punctuation category P*.
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


class BertWordPieceTokenizer:
    """Encodes text exactly like the tokenizer.json it was built from."""

    def __init__(self, tokenizer_json):
        self.spec = tokenizer_json
        model = tokenizer_json["model"]
        if model.get("type") != "WordPiece":
            raise ValueError("only WordPiece models are supported")
        self.vocab = model["vocab"]
        self.unk_token = model["unk_token"]
        self.unk_id = self.vocab[self.unk_token]
        self.prefix = model.get("continuing_subword_prefix", "##")
        self.max_chars = model.get("max_input_chars_per_word", 100)

        norm = tokenizer_json.get("normalizer") or {}
        if norm and norm.get("type") != "BertNormalizer":
            raise ValueError("only BertNormalizer is supported")
        self.clean_text = norm.get("clean_text", True)
        self.handle_cjk = norm.get("handle_chinese_chars", True)
        self.lowercase = norm.get("lowercase", True)
        strip = norm.get("strip_accents")
        # strip_accents: null means "follow lowercase" (as in the crate).
        self.strip_accents = self.lowercase if strip is None else strip

        # Special tokens are matched in the raw text before normalization
        # (they have "normalized": false), longest first.
        self.added = {t["content"]: t["id"] for t in tokenizer_json.get("added_tokens", [])}
        self._added_by_length = sorted(self.added, key=len, reverse=True)

        post = tokenizer_json.get("post_processor") or {}
        specials = post.get("special_tokens", {})
        self.cls_id = specials["[CLS]"]["ids"][0] if "[CLS]" in specials else self.vocab["[CLS]"]
        self.sep_id = specials["[SEP]"]["ids"][0] if "[SEP]" in specials else self.vocab["[SEP]"]

    @classmethod
    def from_file(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    # ---------------------------------------------------------------- stages

    def normalize(self, text):
        """BertNormalizer: clean, pad CJK, strip accents, lowercase."""
        if self.clean_text:
            kept = []
            for ch in text:
                if ch == "\x00" or ch == "\ufffd" or _is_control(ch):
                    continue
                kept.append(" " if _is_whitespace(ch) else ch)
            text = "".join(kept)
        if self.handle_cjk:
            text = "".join(f" {ch} " if _is_cjk(ch) else ch for ch in text)
        if self.strip_accents:
            text = unicodedata.normalize("NFD", text)
            text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        if self.lowercase:
            # Per character, like Rust's char::to_lowercase (no final sigma).
            text = "".join(ch.lower() for ch in text)
        return text

    @staticmethod
    def pre_tokenize(text):
        """BertPreTokenizer: split on whitespace, isolate each punctuation char."""
        words, current = [], []
        for ch in text:
            if _is_whitespace(ch):
                if current:
                    words.append("".join(current))
                    current = []
            elif _is_punctuation(ch):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(ch)
            else:
                current.append(ch)
        if current:
            words.append("".join(current))
        return words

    def word_to_ids(self, word):
        """Greedy longest-match-first WordPiece for a single pre-token."""
        if len(word) > self.max_chars:
            return [self.unk_id]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            match = None
            while start < end:
                piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                if piece in self.vocab:
                    match = self.vocab[piece]
                    break
                end -= 1
            if match is None:
                # One unmatchable piece turns the whole word into [UNK].
                return [self.unk_id]
            ids.append(match)
            start = end
        return ids

    def _split_added(self, text):
        """Yield (segment, is_special) pairs, cutting out special tokens."""
        if not self._added_by_length:
            yield text, False
            return
        pos, seg_start = 0, 0
        while pos < len(text):
            hit = next((t for t in self._added_by_length if text.startswith(t, pos)), None)
            if hit is None:
                pos += 1
                continue
            if seg_start < pos:
                yield text[seg_start:pos], False
            yield hit, True
            pos += len(hit)
            seg_start = pos
        if seg_start < len(text):
            yield text[seg_start:], False

    # ------------------------------------------------------------ public API

    def tokenize_ids(self, text, limit=None):
        """Content token ids (no [CLS]/[SEP]); stops early after `limit` ids."""
        ids = []
        for segment, special in self._split_added(text):
            if special:
                ids.append(self.added[segment])
            else:
                for word in self.pre_tokenize(self.normalize(segment)):
                    ids.extend(self.word_to_ids(word))
                    if limit is not None and len(ids) >= limit:
                        break
            if limit is not None and len(ids) >= limit:
                return ids[:limit]
        return ids

    def encode(self, text, max_length=None):
        """[CLS] + tokens + [SEP], truncated so the total is <= max_length.

        Truncation removes content tokens from the right (HF "LongestFirst"
        on a single sequence) and keeps both special tokens.
        """
        limit = None if max_length is None else max_length - 2
        if limit is not None and limit < 0:
            raise ValueError("max_length must leave room for [CLS] and [SEP]")
        return [self.cls_id] + self.tokenize_ids(text, limit) + [self.sep_id]

    def id_to_token(self):
        return {i: t for t, i in self.vocab.items()}


# -------------------------------------------------------------- vocab cutter

def character_tokens(vocab):
    """All single characters and their '##' continuations, in source-id order."""
    by_id = sorted(vocab.items(), key=lambda item: item[1])
    singles = [t for t, _ in by_id if len(t) == 1]
    continuations = [t for t, _ in by_id if len(t) == 3 and t.startswith("##")]
    return singles + continuations


def whole_word_tokens(vocab, after_id):
    """Multi-character, non-'##' tokens with id > after_id, in id order."""
    return [
        t for t, i in sorted(vocab.items(), key=lambda item: item[1])
        if i > after_id and len(t) > 1 and not t.startswith("##") and not t.startswith("[")
    ]


def cut_vocabulary(source_json, extra_tokens):
    """Build a smaller tokenizer.json from a BERT WordPiece tokenizer.json.

    New ids: the five specials at 0..4, then every single-character token and
    its '##' continuation (so every text still tokenizes as it did, only into
    smaller pieces), then `extra_tokens` in the given order. Tokens missing
    from the source vocabulary or already present are skipped. Padding and
    truncation sections are removed (set to null); the runtime decides those.
    """
    source_vocab = source_json["model"]["vocab"]
    ordered = []
    seen = set()
    for token in SPECIAL_TOKENS + character_tokens(source_vocab) + list(extra_tokens):
        if token in source_vocab and token not in seen:
            seen.add(token)
            ordered.append(token)
    vocab = {token: i for i, token in enumerate(ordered)}

    out = copy.deepcopy(source_json)
    out["truncation"] = None
    out["padding"] = None
    out["model"]["vocab"] = vocab

    added = []
    for entry in source_json.get("added_tokens", []):
        if entry["content"] in vocab:
            entry = dict(entry)
            entry["id"] = vocab[entry["content"]]
            added.append(entry)
    out["added_tokens"] = sorted(added, key=lambda e: e["id"])

    post = out.get("post_processor")
    if post and "special_tokens" in post:
        for name, spec in post["special_tokens"].items():
            spec["ids"] = [vocab[t] for t in spec["tokens"]]
    return out


def write_tokenizer_json(tokenizer_json, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tokenizer_json, f, ensure_ascii=False, indent=2)
        f.write("\n")
