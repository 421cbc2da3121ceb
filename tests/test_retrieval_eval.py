"""Retrieval over the whole eval corpus (seeds + extra with html/ and pre2019/), e5-small embeddings:
hybrid recall@5 of the cited reports, and the CLI's search --json shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from vectorstore import Library, Settings
from vectorstore.evaluate import evaluate, load_questions

from .conftest import EXTRA, ROOT, SEEDS, SHARED, needs_shared

pytestmark = [needs_shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    d = tmp_path_factory.mktemp("evallib")
    lib = Library(Settings(data_dir=d, embeddings="e5-small"))
    files = [*sorted(SEEDS.glob("*.txt")), *sorted(p for p in EXTRA.glob("20*.*"))]
    files += [*sorted((EXTRA / "html").glob("*.html")), *sorted((EXTRA / "pre2019").glob("*.txt"))]
    res = lib.ingest(files)
    assert [r.file for r in res if r.status == "error"] == []
    assert sum(r.status == "duplicate" for r in res) == 2  # the two web pages of reports given as .txt
    return lib


def test_hybrid_recall_at_5(library):
    figures = evaluate(library, load_questions(SHARED / "eval" / "questions.jsonl"))
    assert set(figures) == {"dense", "lexical", "hybrid"}
    assert figures["hybrid"]["all"]["recall@5"] >= 0.95
    assert figures["hybrid"]["all"]["n"] >= 20


def test_cli_search_json(library):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "--data-dir",
            str(library.dir),
            "search",
            "--json",
            "七营镇 微信视频号",
            "--town",
            "七营镇",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    hits = json.loads(p.stdout)
    assert hits and all({"file", "body", "year", "section", "text", "score", "start", "end"} <= set(h) for h in hits)
    assert {h["body"] for h in hits} == {"海原县七营镇人民政府"}
    assert hits == sorted(hits, key=lambda h: -h["score"])
    text = library.facts.report_text(library.reports()[0]["id"])
    assert isinstance(text, str)
