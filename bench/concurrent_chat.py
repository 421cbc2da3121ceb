"""Ten concurrent chat sessions against the running web app's API on loopback.

    python bench/concurrent_chat.py [--url http://127.0.0.1:7860/] [--sessions 10] [--rounds 3]

Without --url it starts `gongkai serve` on a free port over a fresh library of the sample reports.
Each session asks the seed questions in turn and checks the answer; prints latency p50/p95 and how
many answers were right.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    ("镇罗镇2024年作出了多少件行政处罚决定？", "103"),
    ("辛店镇2024年制发了几件行政规范性文件？", "2"),
    ("七营镇的微信视频号叫什么名字？", "驼鸣古道商贸七营"),
    ("2022年哪些镇收到了政府信息公开申请？", "海城镇"),
    ("七里营镇2023年通过县政府网站发布了多少条政务要闻？", "42"),
]


def start_server() -> tuple[str, subprocess.Popen]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tempfile.mkdtemp(prefix="gongkai-chat-bench-")
    env = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_EMBEDDINGS=os.environ.get("GONGKAI_EMBEDDINGS", "none"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--data-dir", data, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            with urllib.request.urlopen(url, timeout=2):
                return url, proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the web app did not start")


def run_sessions(url: str, sessions: int = 10, rounds: int = 3) -> tuple[list[float], int, int]:
    from gradio_client import Client

    latencies: list[float] = []
    right = total = 0
    lock = threading.Lock()

    def session(i: int) -> None:
        nonlocal right, total
        client = Client(url, verbose=False)
        for r in range(rounds):
            q, want = QUESTIONS[(i + r) % len(QUESTIONS)]
            t0 = time.perf_counter()
            history, _ = client.predict(q, [], [], [], api_name="/ask")
            dt = (time.perf_counter() - t0) * 1000
            content = history[-1]["content"]
            text = content if isinstance(content, str) else " ".join(str(c.get("text", "")) for c in content)
            with lock:
                latencies.append(dt)
                total += 1
                right += want in text

    threads = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, right, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    proc = None
    url = args.url
    if not url:
        url, proc = start_server()
    try:
        t0 = time.perf_counter()
        lat, right, total = run_sessions(url, args.sessions, args.rounds)
        wall = time.perf_counter() - t0
    finally:
        if proc:
            proc.terminate()
    lat.sort()
    print(
        f"{args.sessions} concurrent sessions × {args.rounds} questions: {right}/{total} answers right, {wall:.1f} s wall"
    )
    print(
        f"latency per answer: p50 {statistics.median(lat):.0f} ms, p95 {lat[max(0, int(len(lat) * 0.95) - 1)]:.0f} ms"
    )


if __name__ == "__main__":
    main()
