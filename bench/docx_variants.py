"""Word files the way real ones differ from clean generated ones, measured against the gold.

    python bench/docx_variants.py [REPORT ...]

Each 2021-template corpus report with gold (default: 2025_沭阳县人民政府.md) is typed into the
official blank template (shared/spec/template-2021-blank.docx) with the gold's cells, then changed
by one variant of tests/builders.py (DOCX_VARIANTS: list numbering, heading styles, tracked changes,
runs and fields, odd cell contents, nested/split/padded tables, a text box, headers and footers,
abbreviated labels, soft line breaks) and by all of them at once. Prints, per variant, the cells read
right out of 200 (against the gold; a cell the variant leaves blank and nothing pins: unknown),
the sections found out of 6, and whether body and year match the source's parse.
"""

from __future__ import annotations

import json
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import parse_file, schema  # noqa: E402
from tests.builders import DOCX_COMBINED, DOCX_VARIANTS, write_variant_docx  # noqa: E402

SHARED = ROOT.parent / "shared"
TEMPLATE = SHARED / "spec" / "template-2021-blank.docx"
KEYS = schema.template_keys("2021")


def same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return Decimal(str(a)) == Decimal(str(b))


def measure(name: str, variants, tmp: Path) -> tuple[int, int, int, bool, str]:
    gold = json.loads((SHARED / "gold" / "extra.json").read_text())["reports"][name]["cells"]
    source = parse_file(SHARED / "corpus" / "extra" / name)
    try:
        path, expected = write_variant_docx(source, tmp / "v.docx", TEMPLATE, gold, variants)
        r = parse_file(path)
    except Exception as e:  # the reader failing outright is a result too
        return 0, len(KEYS), 0, False, f"{type(e).__name__}: {e}"[:80]
    right = sum(same(r.cells[k].value, expected[k]) for k in KEYS)
    wrong = [k for k in KEYS if not same(r.cells[k].value, expected[k])]
    meta = (r.body, r.year) == (source.body, source.year)
    return right, len(KEYS), len(r.sections), meta, ", ".join(wrong[:3]) + (" …" if len(wrong) > 3 else "")


def main() -> None:
    names = sys.argv[1:] or ["2025_沭阳县人民政府.md"]
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for name in names:
            print(
                f"\n{name}\n| variant | cells right | sections | body, year | first misses |\n| --- | --- | --- | --- | --- |"
            )
            for label, variants in [("plain", []), *((v, v) for v in DOCX_VARIANTS), ("all combined", DOCX_COMBINED)]:
                right, total, sections, meta, misses = measure(name, variants, tmp)
                print(f"| {label} | {right}/{total} | {sections}/6 | {'ok' if meta else 'WRONG'} | {misses} |")


if __name__ == "__main__":
    main()
