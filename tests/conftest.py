"""Shared fixtures: the shared corpus and gold (../shared beside the repo) and report builders."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "data" / "reports"
EXTRA = SHARED / "corpus" / "extra"

collect_ignore = ["helpers"]  # scripts the tests run, not test modules
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared (corpus and gold) is not beside the repo")


def gold_seeds() -> list[dict]:
    return json.loads((SHARED / "gold" / "seeds.json").read_text())["reports"]


def gold_extra() -> dict[str, dict]:
    return json.loads((SHARED / "gold" / "extra.json").read_text())["reports"]


def seed_cells(g: dict) -> dict:
    """Every 2021-template cell of a seed as the gold states it (0 unless listed otherwise)."""
    from ingest.schema import template_keys

    out = {}
    for k in template_keys("2021"):
        if k in g["nonzero_cells"]:
            out[k] = g["nonzero_cells"][k]
        elif k in g["inferred_cells"]:
            out[k] = g["inferred_cells"][k]
        elif k in g["unknown_cells"]:
            out[k] = None
        else:
            out[k] = 0
    return out


def free_port() -> int:
    """A loopback port nobody listens on, for the servers the tests start."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
