"""The `gongkai` command line, run as a real subprocess: JSON shape, exit status, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.schema import all_keys

from .conftest import ROOT, SEEDS

GONGKAI = [sys.executable, "-m", "ui.cli"]


def run(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([*GONGKAI, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_check_json_shape():
    p = run("check", "--json", SEEDS / "002_19cc13ecf0eb244d.txt")
    assert p.returncode == 0, p.stderr
    [r] = json.loads(p.stdout)
    for field in ("file", "body", "town", "county", "city", "level", "year", "template", "cells", "findings"):
        assert field in r
    assert set(r["cells"]) == set(all_keys())
    assert r["cells"]["C.reconsideration.total"] is None
    assert r["cells"]["B.new_applications.total"] == 0
    assert {f["kind"] for f in r["findings"]} == {"text_vs_table", "parts_sum", "cell_missing", "cell_inferred"}
    for f in r["findings"]:
        assert {"kind", "severity", "message"} <= set(f)


def test_check_folder_readable_summary():
    p = run("check", SEEDS)
    assert p.returncode == 0
    assert "镇罗镇" in p.stdout and "103" in p.stdout
    assert "解析 5 份报告，失败 0 个" in p.stdout


def make_bad_files(d: Path) -> dict[str, Path]:
    from reportlab.pdfgen import canvas

    files = {}
    files["empty"] = d / "empty.txt"
    files["empty"].write_bytes(b"")
    files["binary"] = d / "junk.txt"
    files["binary"].write_bytes(bytes(range(256)) * 40)
    files["notreport"] = d / "recipe.md"
    files["notreport"].write_text(
        "# 红烧肉做法\n\n" + "五花肉切块，焯水，炒糖色，加酱油炖煮一小时。" * 20, encoding="utf-8"
    )
    files["ext"] = d / "report.xlsx"
    files["ext"].write_bytes(b"PK\x03\x04 not really")
    files["big"] = d / "huge.txt"
    with open(files["big"], "wb") as f:
        f.truncate(51 * 1024 * 1024)
    files["image_pdf"] = d / "scan.pdf"
    c = canvas.Canvas(str(files["image_pdf"]))
    c.rect(50, 50, 400, 600, fill=1)
    c.save()
    files["encrypted"] = d / "locked.pdf"
    c = canvas.Canvas(str(files["encrypted"]), encrypt="secret")
    c.drawString(100, 700, "annual report")
    c.save()
    files["broken_docx"] = d / "broken.docx"
    files["broken_docx"].write_bytes(b"this is not a zip")
    return files


def test_bad_inputs_are_named_and_do_not_stop_the_batch(tmp_path):
    bad = make_bad_files(tmp_path)
    good = SEEDS / "004_9c54c256ccc794aa.txt"
    p = run("check", "--json", *bad.values(), good)
    assert p.returncode == 1
    [r] = json.loads(p.stdout)
    assert r["cells"]["A.penalty_decisions"] == 103
    errors = [line for line in p.stderr.splitlines() if line.strip()]
    assert len(errors) == len(bad)
    reasons = {
        "empty": "为空",
        "binary": "不是文本文件",
        "notreport": "不是政府信息公开工作年度报告",
        "ext": "不支持的文件类型",
        "big": "过大",
        "image_pdf": "没有文字层",
        "encrypted": "加密",
        "broken_docx": "Word",
    }
    for key, path in bad.items():
        line = next((e for e in errors if path.name in e), None)
        assert line is not None, key
        assert reasons[key] in line, line


def test_gbk_text_file(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes((SEEDS / "001_ebb777f635682efc.txt").read_text(encoding="utf-8").encode("gb18030"))
    p = run("check", "--json", gbk)
    assert p.returncode == 0, p.stderr
    [r] = json.loads(p.stdout)
    assert r["town"] == "辛店镇" and r["cells"]["A.penalty_decisions"] == 1


def test_export_csv_one_row_per_cell():
    p = run("export", "--format", "csv", SEEDS / "004_9c54c256ccc794aa.txt", SEEDS / "001_ebb777f635682efc.txt")
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert len(rows) == 2 * len(all_keys())
    penalty = {r["file"]: r["value"] for r in rows if r["key"] == "A.penalty_decisions"}
    assert penalty == {"004_9c54c256ccc794aa.txt": "103", "001_ebb777f635682efc.txt": "1"}
    assert next(r for r in rows if r["key"] == "A.penalty_decisions")["label"].startswith("行政处罚")


def test_export_json():
    p = run("export", "--format", "json", SEEDS / "004_9c54c256ccc794aa.txt")
    rows = json.loads(p.stdout)
    assert {r["key"] for r in rows} == set(all_keys())


def test_usage_error_is_status_2():
    assert run("check").returncode == 2
    assert run("export", "--format", "xml", SEEDS).returncode == 2


def test_data_dir_accepted_before_subcommand(tmp_path):
    p = run("--data-dir", tmp_path, "check", "--json", SEEDS / "000_cd949d845be236b5.txt")
    assert p.returncode == 0


@pytest.mark.parametrize("missing", ["nope.txt"])
def test_missing_file(missing):
    p = run("check", missing)
    assert p.returncode == 1 and "文件不存在" in p.stderr


def test_ingest_summary_says_where_the_time_went(tmp_path):
    p = run("--data-dir", tmp_path / "lib", "--embeddings", "none", "ingest", SEEDS)
    assert p.returncode == 0, p.stderr
    said = "".join(p.stdout.split())  # the console wraps long lines
    assert "新增5" in said
    assert all(w in said for w in ("份/秒", "解析", "切分", "嵌入", "写入")), p.stdout


def test_a_bad_database_url_is_a_clear_error(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_DATABASE_URL="mysql://gk:secret@db/gk")
    p = subprocess.run(
        [*GONGKAI, "--data-dir", str(tmp_path), "list"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert p.returncode == 2 and "postgresql://" in p.stderr and "secret" not in p.stderr
    env["GONGKAI_DATABASE_URL"] = "postgresql://gk:secret@127.0.0.1:1/gk"  # nobody listens there
    p = subprocess.run(
        [*GONGKAI, "--data-dir", str(tmp_path), "list"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert p.returncode == 2 and "无法连接事实库" in p.stderr and "secret" not in p.stderr, p.stderr
