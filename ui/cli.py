"""The `gongkai` command line (see ../shared/spec/cli.md for what scripts may rely on).

    $ gongkai check data/reports
    $ gongkai check --json data/reports/002_19cc13ecf0eb244d.txt
    $ gongkai export --format csv data/reports > cells.csv

--json output goes to stdout alone; errors and progress go to stderr. Exit status: 0 when every
input was handled, 1 when any failed (the others are still processed), 2 for a usage error.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
import unicodedata
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ingest import IngestError, Report, parse_file
from ingest.across import across_findings
from ingest.duplicates import duplicate_of
from ingest.load import FORMATS, MAX_BYTES
from ingest.schema import SECTION_TITLES, all_keys, cell_labels, template_keys

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="gongkai（公开）：政府信息公开工作年度报告的解析、检查与问答。",
    rich_markup_mode=None,
)
err = Console(stderr=True)
out = Console()

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="资料库目录（默认取 GONGKAI_DATA_DIR 或用户数据目录）")
]
Paths = Annotated[list[Path], typer.Argument(help="报告文件或文件夹", show_default=False)]


Embeddings = Annotated[
    str | None,
    typer.Option("--embeddings", help="e5-small（默认）、sentence-transformers:<模型名或路径>、none（仅关键词检索）"),
]


@app.callback()
def main(ctx: typer.Context, data_dir: DataDir = None, embeddings: Embeddings = None) -> None:
    ctx.obj = {"data_dir": data_dir, "embeddings": embeddings}


def _sub_data_dir(ctx: typer.Context, data_dir: Path | None, embeddings: str | None = None):
    """--data-dir and --embeddings are accepted before or after the subcommand."""
    obj = ctx.obj or {}
    return data_dir or obj.get("data_dir"), embeddings or obj.get("embeddings")


def open_library(ctx: typer.Context, data_dir: Path | None = None, embeddings: str | None = None):
    from vectorstore import Library, LibraryError, Settings

    data_dir, embeddings = _sub_data_dir(ctx, data_dir, embeddings)
    kwargs = {}
    if data_dir:
        kwargs["data_dir"] = data_dir
    if embeddings:
        kwargs["embeddings"] = embeddings
    try:
        return Library(Settings(**kwargs))
    except (LibraryError, ValueError) as e:
        err.print(f"[red]错误[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from e


@functools.cache  # said once per process, however many writes wait
def say_waiting() -> None:
    """Called when another process is writing to the library: this one waits its turn."""
    err.print("另一个导入正在进行，等待其完成…", highlight=False)


def shown(value: object, lines: bool = False) -> str:
    r"""Text from outside (a file name, report text) as it is safe to print: control and format
    characters (a newline, a terminal escape, a bidi override, an undecodable byte) written as
    escapes, and no Rich markup. With lines=True, line breaks and tabs stay.

    >>> shown("a\nb\x1b[2J[red]c.txt")
    'a\\nb\\x1b[2J\\[red]c.txt'
    """
    s = str(value)
    if not s.isprintable():
        keep = "\n\t" if lines else ""
        s = "".join(
            c.encode("unicode_escape").decode("ascii")
            if c not in keep and (unicodedata.category(c)[0] == "C" or c in "\u2028\u2029")
            else c
            for c in s
        )
    return escape(s)


def expand(paths: list[Path]) -> list[Path]:
    """Files as given, folders as the report files inside them (sorted, recursive)."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS))
        else:
            files.append(p)
    return files


def parse_all(paths: list[Path]) -> tuple[list[Report], list[IngestError]]:
    """Parse every file; a bad file is reported on stderr and never stops the batch."""
    reports: list[Report] = []
    errors: list[IngestError] = []
    for f in expand(paths):
        if not f.exists():
            e = IngestError(f, "文件不存在")
        else:
            try:
                reports.append(parse_file(f))
                continue
            except IngestError as exc:
                e = exc
            except Exception as exc:  # a parser bug must not stop the batch either
                e = IngestError(f, f"解析出错（{type(exc).__name__}: {exc}）")
        errors.append(e)
        err.print(f"[red]错误[/red] {shown(f)}：{shown(e.reason)}", highlight=False, soft_wrap=True)
    return reports, errors


def jsonable(v):
    if isinstance(v, Decimal):
        return float(v) if v == v.normalize() and abs(v) < Decimal("1e15") else str(v)
    return v


def report_json(r: Report, dup: str | None = None) -> dict:
    d = {
        "file": r.file,
        "body": r.body,
        "town": r.town,
        "county": r.county,
        "city": r.city,
        "level": r.level,
        "year": r.year,
        "template": r.template,
        "title": r.title,
        "complete": r.complete,
        "sections": [s.key for s in r.sections],
        "cells": {k: jsonable(r.value(k)) for k in (all_keys() if r.cells else ())},
        "findings": [{k: v for k, v in f.model_dump().items()} for f in r.findings],
    }
    if dup:
        d["duplicate_of"] = dup
    return d


@app.command()
def check(
    paths: Paths,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出到标准输出")] = False,
) -> None:
    """解析并检查报告：元数据、非零单元格、发现的问题。"""
    reports, errors = parse_all(paths)
    dups = duplicate_of(reports)
    across = across_findings(r for r in reports if r.file not in dups)
    reports = [r.model_copy(update={"findings": r.findings + tuple(across.get(r.file, ()))}) for r in reports]
    if as_json:
        sys.stdout.write(json.dumps([report_json(r, dups.get(r.file)) for r in reports], ensure_ascii=False, indent=1))
        sys.stdout.write("\n")
    else:
        for r in reports:
            print_report(r, dups.get(r.file))
        out.print(f"共 {len(reports) + len(errors)} 个文件：解析 {len(reports)} 份报告，失败 {len(errors)} 个。")
    raise typer.Exit(1 if errors else 0)


def print_report(r: Report, dup: str | None) -> None:
    meta = Table(title=shown(Path(r.file).name), show_header=False, title_justify="left")
    meta.add_column(no_wrap=True)
    meta.add_column(overflow="fold")
    for name, value in (
        ("发布机关", r.body),
        ("乡镇/街道", r.town),
        ("县（区）", r.county),
        ("地级市", r.city),
        ("层级", r.level),
        ("年度", r.year),
        ("模板", r.template),
        ("章节", "、".join(SECTION_TITLES[s.key] for s in r.sections)),
    ):
        meta.add_row(name, "—" if value in (None, "") else shown(value))
    if dup:
        meta.add_row("重复", f"与 {shown(Path(dup).name)} 是同一份报告")
    out.print(meta)
    labels = cell_labels()
    nonzero = [(k, c) for k, c in r.cells.items() if c.value not in (None, 0)]
    if nonzero:
        t = Table("单元格", "名称", "数值", "来源")
        for k, c in nonzero:
            t.add_row(k, labels.get(k, ""), str(c.value) + ("（推定）" if c.inferred else ""), shown(c.source or ""))
        out.print(t)
    unknown = [k for k, c in r.cells.items() if c.value is None and k in template_keys(r.template)]
    if unknown:
        out.print(f"未知单元格 {len(unknown)} 个：{', '.join(unknown[:8])}{' …' if len(unknown) > 8 else ''}")
    if r.findings:
        t = Table("类型", "级别", "说明")
        t.columns[2].overflow = "fold"
        colors = {"error": "red", "warning": "yellow", "info": "cyan"}
        for f in r.findings:
            t.add_row(f.kind, f"[{colors[f.severity]}]{f.severity}[/]", shown(f.message, lines=True))
        out.print(t)
    else:
        out.print("未发现问题。")
    out.print()


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@app.command()
def export(
    paths: Paths,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv 或 json")] = ExportFormat.csv,
) -> None:
    """导出每份报告的每个单元格（一行一格），便于用表格软件分析。"""
    reports, errors = parse_all(paths)
    labels = cell_labels()
    rows = []
    for r in reports:
        for k in all_keys() if r.cells else ():
            c = r.cells[k]
            rows.append(
                {
                    "file": Path(r.file).name,
                    "body": r.body,
                    "town": r.town,
                    "county": r.county,
                    "city": r.city,
                    "level": r.level,
                    "year": r.year,
                    "template": r.template,
                    "key": k,
                    "label": labels.get(k, ""),
                    "value": jsonable(c.value),
                    "inferred": c.inferred,
                    "source": c.source,
                }
            )
    if fmt is ExportFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
    else:
        w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["file", "key", "value"])
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    raise typer.Exit(1 if errors else 0)


STATUS_ZH = {"added": "新增", "replaced": "已替换", "unchanged": "未变化，跳过", "duplicate": "重复", "error": "错误"}


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Paths,
    data_dir: DataDir = None,
    embeddings: Embeddings = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出每个文件的结果")] = False,
    batch: Annotated[int, typer.Option("--batch", min=1, help="每批写入的报告数")] = 32,
) -> None:
    """导入报告到资料库（增量、幂等：未变化的文件跳过，修改过的文件替换旧版本，重复的报告只收录一次）。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    lib = open_library(ctx, data_dir, embeddings)
    files = expand(paths)
    results = []
    with Progress(
        TextColumn("导入"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=len(files), rate="")
        import time

        t0 = time.perf_counter()

        def step(r):
            results.append(r)
            bar.update(task, advance=1, rate=f"{len(results) / max(1e-9, time.perf_counter() - t0):.1f} 份/秒")
            if r.status == "error":
                err.print(f"[red]错误[/red] {shown(r.file)}：{shown(r.message)}", highlight=False, soft_wrap=True)
            elif r.status == "duplicate":
                err.print(f"[yellow]重复[/yellow] {shown(r.file)}：{shown(r.message)}", highlight=False, soft_wrap=True)

        lib.ingest(files, progress=step, batch=batch, on_wait=say_waiting)
    if as_json:
        sys.stdout.write(json.dumps([r.__dict__ for r in results], ensure_ascii=False) + "\n")
    else:
        counts: dict[str, int] = {}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        summary = "，".join(f"{STATUS_ZH[k]} {v}" for k, v in counts.items())
        out.print(
            f"共 {len(results)} 个文件：{summary or '无'}。资料库：{shown(lib.dir)}（{len(lib.reports())} 份报告）",
            highlight=False,
        )
        out.print(stage_times(lib.last_ingest), highlight=False)
    raise typer.Exit(1 if any(r.status == "error" for r in results) else 0)


def stage_times(s) -> str:
    """Where an ingest's time went (vectorstore.library.IngestStats), in one line."""
    line = (
        f"用时 {s.wall_s:.1f} 秒（{s.per_second():.1f} 份/秒）：解析 {s.parse_s:.1f} 秒，切分 {s.chunk_s + s.tokenize_s:.1f} 秒"
        f"{f'（{s.workers} 个进程合计）' if s.workers > 1 else ''}，嵌入 {s.embed_s:.1f} 秒，写入 {s.write_s + s.index_s:.1f} 秒"
    )
    if s.embedded or s.cached:
        line += f"；嵌入 {s.embedded} 段，{s.cached} 段取自缓存"
    return line


@app.command()
def remove(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(help="要移除的报告文件名")],
    data_dir: DataDir = None,
) -> None:
    """从资料库中移除报告（按文件名）。"""
    lib = open_library(ctx, data_dir)
    missing = [n for n in names if not lib.remove(n, on_wait=say_waiting)]
    for n in missing:
        err.print(
            f"[red]错误[/red] 资料库中没有 {shown(n)}（用 gongkai list 查看已导入的报告）",
            highlight=False,
            soft_wrap=True,
        )
    raise typer.Exit(1 if missing else 0)


@app.command("list")
def list_reports(
    ctx: typer.Context,
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """列出资料库中的报告。"""
    lib = open_library(ctx, data_dir)
    rows = lib.reports()
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    t = Table("文件", "发布机关", "年度", "层级", "模板")
    for r in rows:
        t.add_row(shown(r["name"]), shown(r["body"] or "—"), str(r["year"] or "—"), r["level"] or "—", r["template"])
    out.print(t)
    out.print(f"共 {len(rows)} 份报告（{shown(lib.dir)}）", highlight=False)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="检索内容")],
    year: Annotated[list[int] | None, typer.Option("--year", help="年度，可多次给出")] = None,
    town: Annotated[list[str] | None, typer.Option("--town", help="乡镇/街道全称，如 七营镇")] = None,
    county: Annotated[list[str] | None, typer.Option("--county")] = None,
    body: Annotated[list[str] | None, typer.Option("--body", help="发布机关全称")] = None,
    section: Annotated[list[str] | None, typer.Option("--section", help="章节键，如 problems_and_improvements")] = None,
    k: Annotated[int, typer.Option("-k", "--top", help="返回条数")] = 5,
    mode: Annotated[str, typer.Option("--mode", help="hybrid、dense 或 lexical")] = "hybrid",
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """检索报告段落（向量与关键词混合排序），可按年度、乡镇、县、机关、章节筛选。"""
    lib = open_library(ctx, data_dir)
    try:
        hits = lib.search(query, k=k, mode=mode, year=year, town=town, county=county, body=body, section=section)
    except ValueError as e:
        err.print(f"[red]错误[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from e
    if as_json:
        keys = ("file", "body", "year", "section", "text", "score", "start", "end", "town", "kind", "chunk_id")
        sys.stdout.write(json.dumps([{k2: getattr(h, k2) for k2 in keys} for h in hits], ensure_ascii=False) + "\n")
        return
    if not hits:
        out.print("没有找到相关段落。")
    for i, h in enumerate(hits, 1):
        out.print(
            f"[bold]{i}. {shown(h.body)} {h.year} 年 · {SECTION_TITLES.get(h.section, h.section)}[/bold]"
            f"（{shown(Path(h.file).name)}，得分 {h.score}）"
        )
        out.print(shown(h.text, lines=True), highlight=False)
        out.print()


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="问题（中文或英文）")],
    after: Annotated[
        list[str] | None, typer.Option("--after", help="同一对话中先问过的问题（按顺序，可重复），本问题作为追问")
    ] = None,
    year: Annotated[list[int] | None, typer.Option("--year", help="只看这些年度")] = None,
    body: Annotated[list[str] | None, typer.Option("--body", help="只看这些机关（全称）")] = None,
    llm: Annotated[
        str | None, typer.Option("--llm", help="openai 或 ollama：用大模型组织答案（默认离线抽取式）")
    ] = None,
    llm_model: Annotated[str | None, typer.Option("--llm-model", help="模型名（也可设 GONGKAI_LLM_MODEL）")] = None,
    llm_url: Annotated[str | None, typer.Option("--llm-url", help="接口地址（也可设 GONGKAI_LLM_URL）")] = None,
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """向资料库提问：统计表问题直接查表作答，叙述性问题检索原文作答；每个数字都经过核对。"""
    from bot.answer import Bot
    from bot.narrative import shown as flowed

    lib = open_library(ctx, data_dir)
    composer = None
    if llm:
        from bot.llm import LLMComposer, LLMError

        try:
            composer = LLMComposer.from_settings(llm, model=llm_model, base_url=llm_url)
        except LLMError as e:
            err.print(f"[red]错误[/red] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from e
    bot = Bot(lib, composer)
    a = bot.converse([*(after or []), question], year=year, body=body)
    if as_json:
        sys.stdout.write(json.dumps(a.to_json(), ensure_ascii=False) + "\n")
        return
    # the terminal wraps (rich would break a line of Chinese only at its spaces, leaving "- " alone)
    out.print(shown(a.text, lines=True), highlight=False, soft_wrap=True)
    if a.citations:
        out.print("\n[bold]来源[/bold]")
        for c in a.citations:
            out.print(
                f"[{c.n}] {shown(c.body)} {c.year} 年 · {SECTION_TITLES.get(c.section, c.section)}"
                f"（{shown(Path(c.file).name)}）：{shown(flowed(c.quote)[:120])}",
                highlight=False,
                soft_wrap=True,
            )
    flagged = [x for x in a.numbers if x.status != "verified"]
    if flagged:
        out.print("\n[yellow]未能核实的数字：[/yellow]" + "、".join(f"{x.value}（{x.status}）" for x in flagged))


@app.command("eval")
def eval_cmd(
    ctx: typer.Context,
    questions: Annotated[Path, typer.Argument(help="questions.jsonl")],
    retrieval: Annotated[bool, typer.Option("--retrieval", help="评估检索：被引用报告的 recall@1/5")] = False,
    baseline: Annotated[str | None, typer.Option("--baseline", help="naive：同时评估朴素 RAG 基线")] = "naive",
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """评估问答（默认，附朴素 RAG 基线对照），或 --retrieval 评估检索。"""
    from vectorstore.evaluate import load_questions

    lib = open_library(ctx, data_dir)
    qs = load_questions(questions)
    if retrieval:
        from vectorstore.evaluate import evaluate

        figures = evaluate(lib, qs)
        if as_json:
            sys.stdout.write(json.dumps(figures, ensure_ascii=False) + "\n")
            return
        modes = list(figures)
        kinds = [*sorted({k for m in figures.values() for k in m} - {"all"}), "all"]
        t = Table(title="检索评估：被引用报告的 recall@k")
        for name in ("问题类型", "n", *[f"{m} R@1" for m in modes], *[f"{m} R@5" for m in modes]):
            t.add_column(name, no_wrap=True)
        for kind in kinds:
            n = next(figures[m][kind]["n"] for m in modes if kind in figures[m])
            t.add_row(
                kind,
                str(n),
                *[str(figures[m].get(kind, {}).get("recall@1", "—")) for m in modes],
                *[str(figures[m].get(kind, {}).get("recall@5", "—")) for m in modes],
            )
        out.print(t)
        return
    from bot.answer import Bot
    from bot.evaluate import score, summarise

    bot = Bot(lib)
    ours = []
    details = []
    for q in qs:
        a = bot.converse([*q.get("after", []), q["question"]])
        r = score(q, a.text, [c.file for c in a.citations])
        r["unverified"] = [x.value for x in a.numbers if x.status == "contradicted"]
        ours.append(r)
        details.append({"id": q["id"], "answer": a.text, "ok": r["ok"], "checks": r["checks"]})
    figures = {"gongkai": summarise(ours)}
    if baseline == "naive":
        from bot.baseline import NaiveRAG

        naive = NaiveRAG(lib)
        figures["naive"] = summarise(
            [
                score(
                    q,
                    (a := naive.answer(" ".join([*q.get("after", []), q["question"]]), bot)).text,
                    [c.file for c in a.citations],
                )
                for q in qs
            ]
        )
    if as_json:
        sys.stdout.write(json.dumps({"figures": figures, "answers": details}, ensure_ascii=False) + "\n")
        return
    systems = list(figures)
    t = Table(title=f"问答评估（{questions.name}）")
    t.add_column("问题类型", no_wrap=True)
    t.add_column("n")
    for sname in systems:
        t.add_column(sname, no_wrap=True)
    kinds = [*sorted(k for k in figures["gongkai"] if k != "all"), "all"]
    for kind in kinds:
        t.add_row(
            kind,
            str(figures["gongkai"][kind]["n"]),
            *[f"{figures[s][kind]['right']}/{figures[s][kind]['n']}" for s in systems],
        )
    out.print(t)
    wrong = [r for r in ours if not r["ok"]]
    for r in wrong:
        out.print(f"未通过 {r['id']}：{', '.join(k for k, v in r['checks'].items() if not v)}")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="监听地址（默认只在本机）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 7860,
    llm: Annotated[str | None, typer.Option("--llm", help="openai 或 ollama（叙述性问题用大模型组织答案）")] = None,
    llm_model: Annotated[str | None, typer.Option("--llm-model")] = None,
    llm_url: Annotated[str | None, typer.Option("--llm-url")] = None,
    data_dir: DataDir = None,
    embeddings: Embeddings = None,
) -> None:
    """启动网页版（问答、检索、年报、机关历年、对比、导入）。资料库为空时先导入自带的样本年报。"""
    import os

    from bot.answer import Bot
    from ui.web import CSS, build_app

    lib = open_library(ctx, data_dir, embeddings)
    if not lib.reports():
        samples = Path(__file__).resolve().parent.parent / "data" / "reports"
        files = expand([samples])
        err.print(f"资料库为空：导入自带的 {len(files)} 份样本年报……")
        from rich.progress import track

        done = []
        for f in track(files, description="导入样本年报", console=err):
            done += lib.ingest([f], on_wait=say_waiting)
    composer = None
    if llm:
        from bot.llm import LLMComposer

        composer = LLMComposer.from_settings(llm, model=llm_model, base_url=llm_url)
    web = build_app(lib, Bot(lib, composer))
    auth = os.environ.get("GONGKAI_AUTH")
    creds = tuple(auth.split(":", 1)) if auth and ":" in auth else None
    web.queue(default_concurrency_limit=10).launch(
        server_name=host,
        server_port=port,
        auth=creds,
        css=CSS,
        show_error=True,
        quiet=True,
        footer_links=[],
        max_file_size=MAX_BYTES,  # refused while uploading, before Gradio stores anything
        prevent_thread_lock=True,  # the address is printed once the server answers
    )
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    line = "─" * 44
    out.print(
        f"\n{line}\n  gongkai 网页版已就绪：[bold]http://{shown}:{port}[/bold]\n"
        f"  在浏览器中打开这个网址；按 Ctrl+C 停止。\n{line}",
        highlight=False,
    )
    try:
        web.block_thread()
    finally:
        web.close()


if __name__ == "__main__":
    app()
