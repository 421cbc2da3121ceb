"""The same seed content as a real .docx (Word tables, on the official blank template) and a real PDF
(ruled tables, Chinese text layer) parses to the same cells as the text file."""

from __future__ import annotations

import pytest

from ingest import parse_file
from ingest.load import load_path

from .builders import write_docx, write_pdf
from .conftest import SEEDS, SHARED

SEED_FILES = sorted(SEEDS.glob("*.txt"))
TEMPLATE = SHARED / "spec" / "template-2021-blank.docx"


def comparable(r):
    return {k: c.value for k, c in r.cells.items()}


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_docx_parses_to_the_same_cells(seed, tmp_path):
    text = parse_file(seed)
    template = TEMPLATE if TEMPLATE.exists() else None
    docx = parse_file(write_docx(load_path(seed), tmp_path / (seed.stem + ".docx"), template))
    assert docx.format == "docx"
    assert comparable(docx) == comparable(text)
    assert (docx.body, docx.year, docx.town) == (text.body, text.year, text.town)
    assert sorted(f.kind for f in docx.findings) == sorted(f.kind for f in text.findings)
    assert docx.cells["A.licensing_decisions"].source.startswith("table")


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_pdf_parses_to_the_same_cells(seed, tmp_path):
    text = parse_file(seed)
    pdf = parse_file(write_pdf(load_path(seed), tmp_path / (seed.stem + ".pdf")))
    assert pdf.format == "pdf"
    assert comparable(pdf) == comparable(text)
    assert (pdf.body, pdf.year, pdf.county) == (text.body, text.year, text.county)
    assert pdf.cells["B.new_applications.total"].source.startswith("page")
