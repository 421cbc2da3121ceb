"""`gongkai ingest` that stops inside its commit window, for tests of concurrent use.

When the reports of batch GONGKAI_PAUSE_BATCH (1-based, default 2) are written to the facts store
but not yet marked complete, it creates <GONGKAI_PAUSE_DIR>/paused and waits until
<GONGKAI_PAUSE_DIR>/go exists. Everything else is the real command, run with the same arguments."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ui.cli import app
from vectorstore.facts import FactsStore

signals = Path(os.environ["GONGKAI_PAUSE_DIR"])
pause_at = int(os.environ.get("GONGKAI_PAUSE_BATCH", "2"))
batches: list[list[str]] = []
mark_complete = FactsStore.mark_complete


def paused_mark_complete(self, ids):
    batches.append(ids)
    if len(batches) == pause_at:
        (signals / "paused").touch()
        while not (signals / "go").exists():
            time.sleep(0.05)
    mark_complete(self, ids)


FactsStore.mark_complete = paused_mark_complete
app(prog_name="gongkai")
