"""China's real place names, for telling a typo from a real place: "沐阳县" is no county (the
library's 沭阳县 typed one character off), "泗阳县" is one, and a question about it is about a
place the library does not hold.

The names come from jionlp's administrative-division dictionary (provinces down to townships,
and the names changed since 2002), read from the file its wheel ships; jionlp itself is not
imported (it loads far more than this). Without jionlp installed the set is empty and nothing is
read as a typo of a three-character name: asked, never assumed.

    >>> real = place_names()
    >>> not real or ("沭阳县" in real and "淮阳县" in real and "沐阳县" not in real)
    True
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from functools import cache
from pathlib import Path

_TOWNSHIP_DEPTH = 3  # province 0, city 1, county 2, township 3 (villages below are left out)


def _dictionary() -> Path | None:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionary"
    return folder if folder.is_dir() else None


@cache
def place_names() -> frozenset[str]:
    """Every province, city, county and township name, full and short ("沭阳县", "沭阳"), current
    or changed since 2002 ("淮阳县", now 淮阳区)."""
    folder = _dictionary()
    if folder is None:
        return frozenset()
    names: set[str] = set()
    try:
        with zipfile.ZipFile(folder / "china_location.zip") as z, z.open("china_location.txt") as f:
            for line in io.TextIOWrapper(f, encoding="utf-8"):
                depth = len(line) - len(line.lstrip("\t"))
                if depth > _TOWNSHIP_DEPTH:
                    continue
                parts = line.strip().split("\t")
                names.add(parts[0])
                if len(parts) > 2 and len(parts[2]) >= 2:
                    names.add(parts[2])
        changes = folder / "china_location_change.txt"
        if changes.exists():
            for line in changes.read_text(encoding="utf-8").splitlines():
                for field in line.replace("=>", "\t").split("\t")[2:]:
                    if len(field) >= 2 and not field[0].isdigit():
                        names.add(field)
    except (OSError, zipfile.BadZipFile, KeyError):
        return frozenset()
    return frozenset(names)


def is_real_place(word: str) -> bool:
    return word in place_names()


def known() -> bool:
    """Whether the dictionary is there to tell by."""
    return bool(place_names())
