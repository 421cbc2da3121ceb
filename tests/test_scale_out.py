"""Several app processes on one PostgreSQL facts store and one Chroma server (`chroma run`): two
`gongkai serve` processes, each with a data directory of its own (as on two machines), answer the
same while an ingest runs into the shared stores, and both notice the new reports.

The ingest is tests/helpers/paused_ingest.py (the real `gongkai ingest`), stopped inside its second
batch's commit window: one new report is committed, the next is written and not yet complete."""

from __future__ import annotations

import subprocess
import time

import pytest

from .conftest import ROOT, SEEDS, free_port, wait_for_http
from .test_backends import chroma_server  # noqa: F401 — the fixture
from .test_concurrency import GONGKAI, PAUSED

# each question, and the report an answer from it cites
QUESTIONS = {
    "video": ("七营镇的微信视频号叫什么名字？发布了多少条视频？", "000_cd949d845be236b5.txt"),  # searched
    "first": ("辛店镇2024年制发了几件行政规范性文件？", "001_ebb777f635682efc.txt"),  # committed by the ingest
    "pending": ("海城镇2022年通过线下公示栏公开了多少条政府信息？", "002_19cc13ecf0eb244d.txt"),  # not yet complete
    "last": ("镇罗镇2024年作出了多少件行政处罚决定？", "004_9c54c256ccc794aa.txt"),  # ingested after the pause
}


@pytest.mark.slow
def test_two_apps_on_postgres_and_a_chroma_server_answer_alike_during_an_ingest(
    tmp_path,
    postgres_url,
    chroma_server,  # noqa: F811
):
    from gradio_client import Client

    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "GONGKAI_DATABASE_URL": postgres_url,
        "GONGKAI_CHROMA_URL": chroma_server,
        "GONGKAI_EMBEDDINGS": "e5-small",
        "HF_HUB_OFFLINE": "1",
    }

    def gongkai(data, *args, **kw):
        return subprocess.run(
            [*GONGKAI, "--data-dir", str(data), *map(str, args)],
            cwd=ROOT,
            env=env | kw,
            capture_output=True,
            text=True,
            timeout=600,
        )

    p = gongkai(tmp_path / "ingester", "ingest", SEEDS / "000_cd949d845be236b5.txt", SEEDS / "003_9335de19eaf04a5f.txt")
    assert p.returncode == 0, p.stderr

    apps, clients = [], []
    try:
        for name in ("app1", "app2"):
            port = free_port()
            apps.append(
                subprocess.Popen(
                    [*GONGKAI, "--data-dir", str(tmp_path / name), "serve", "--port", str(port)],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for proc, port in zip(apps, [a.args[-1] for a in apps], strict=True):
            wait_for_http(f"http://127.0.0.1:{port}/", proc, seconds=240)
            clients.append(Client(f"http://127.0.0.1:{port}/", verbose=False))

        def ask(key: str) -> list[str]:
            """The answer text of each app (the same question, a fresh conversation)."""
            return [str(c.predict(QUESTIONS[key][0], [], [], [], api_name="/ask")[0][-1]["content"]) for c in clients]

        def same(key: str, known: bool) -> None:
            one, two = ask(key)
            assert one == two, f"the two apps answer {QUESTIONS[key][0]} differently:\n{one}\n---\n{two}"
            assert (QUESTIONS[key][1] in one) == known, one

        same("video", True)
        same("first", False)

        signals = tmp_path / "signals"
        signals.mkdir()
        files = [
            SEEDS / f for f in ("001_ebb777f635682efc.txt", "002_19cc13ecf0eb244d.txt", "004_9c54c256ccc794aa.txt")
        ]
        with open(tmp_path / "ingest.out", "w") as out:
            ingest = subprocess.Popen(
                [*PAUSED, "--data-dir", str(tmp_path / "ingester"), "ingest", "--batch", "1", *map(str, files)],
                cwd=ROOT,
                env=env | {"GONGKAI_PAUSE_DIR": str(signals)},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.time() + 300
            while not (signals / "paused").exists():
                assert ingest.poll() is None, (tmp_path / "ingest.out").read_text()
                assert time.time() < deadline, "the ingest never reached its commit window"
                time.sleep(0.2)
            same("first", True)  # both noticed the committed report
            same("pending", False)  # and neither shows the one not yet complete
            same("video", True)
            assert ingest.poll() is None, "the questions must be asked while the ingest runs"
        finally:
            (signals / "go").touch()
            ingest.wait(timeout=300)
        assert ingest.returncode == 0, (tmp_path / "ingest.out").read_text()
        same("pending", True)
        same("last", True)
        same("video", True)
    finally:
        for proc in apps:
            proc.terminate()
        for proc in apps:
            proc.wait(timeout=30)
