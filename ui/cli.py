"""The `gongkai` command line (see ../shared/spec/cli.md for what scripts may rely on).

    $ gongkai check data/reports
    $ gongkai check --json data/reports/002_19cc13ecf0eb244d.txt
    $ gongkai export --format csv data/reports > cells.csv

--json output goes to stdout alone; errors and progress go to stderr. Exit status: 0 when every
input was handled, 1 when any failed (the others are still processed), 2 for a usage error.
"""

from __future__ import annotations

import csv
import json
import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest import IngestError, Report, parse_file
from ingest.across import across_findings
from ingest.duplicates import duplicate_of
from ingest.load import FORMATS
from ingest.schema import SECTION_TITLES, all_keys, cell_labels

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


@app.callback()
def main(ctx: typer.Context, data_dir: DataDir = None) -> None:
    ctx.obj = {"data_dir": data_dir}


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
        err.print(f"[red]错误[/red] {f}：{e.reason}", highlight=False, soft_wrap=True)
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
    meta = Table(title=f"{Path(r.file).name}", show_header=False, title_justify="left")
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
        meta.add_row(name, "—" if value in (None, "") else str(value))
    if dup:
        meta.add_row("重复", f"与 {Path(dup).name} 是同一份报告")
    out.print(meta)
    labels = cell_labels()
    nonzero = [(k, c) for k, c in r.cells.items() if c.value not in (None, 0)]
    if nonzero:
        t = Table("单元格", "名称", "数值", "来源")
        for k, c in nonzero:
            t.add_row(k, labels.get(k, ""), str(c.value) + ("（推定）" if c.inferred else ""), c.source or "")
        out.print(t)
    unknown = [k for k, c in r.cells.items() if c.value is None and k in _template_keys(r)]
    if unknown:
        out.print(f"未知单元格 {len(unknown)} 个：{', '.join(unknown[:8])}{' …' if len(unknown) > 8 else ''}")
    if r.findings:
        t = Table("类型", "级别", "说明")
        t.columns[2].overflow = "fold"
        colors = {"error": "red", "warning": "yellow", "info": "cyan"}
        for f in r.findings:
            t.add_row(f.kind, f"[{colors[f.severity]}]{f.severity}[/]", f.message)
        out.print(t)
    else:
        out.print("未发现问题。")
    out.print()


def _template_keys(r: Report) -> set[str]:
    from ingest.schema import template_keys

    return set(template_keys(r.template))


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


if __name__ == "__main__":
    app()
