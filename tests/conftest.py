"""Shared fixtures: the shared corpus and gold (../shared beside the repo) and report builders."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
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


# --- the facts store on PostgreSQL: a throw-away cluster for the session -------------------------------


def postgres_bin() -> Path | None:
    """The folder of Debian's initdb/pg_ctl (the newest installed), or one on PATH."""
    import shutil

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


class PostgresCluster:
    """initdb + pg_ctl in a temporary folder, on a loopback port, run as an unprivileged user (as root,
    Debian's `postgres` user: PostgreSQL refuses to run as root). Each test gets a database of its own."""

    def __init__(self, bin_dir: Path):
        import os
        import pwd
        import subprocess
        import tempfile

        self.bin = bin_dir
        self.run_as: dict = {}
        if os.geteuid() == 0:
            try:
                who = pwd.getpwnam("postgres")
            except KeyError:
                who = pwd.getpwnam("nobody")
            self.run_as = {"user": who.pw_uid, "group": who.pw_gid, "extra_groups": []}
        self.dir = Path(tempfile.mkdtemp(prefix="gongkai-pg-"))  # not under pytest's root-only folder
        if self.run_as:
            os.chown(self.dir, self.run_as["user"], self.run_as["group"])
        self.port = free_port()
        self.n = 0
        data = self.dir / "data"
        self._pg("initdb", "-D", data, "-U", "gongkai", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        opts += " -c synchronous_commit=off -c max_connections=200"
        self._pg("pg_ctl", "-D", data, "-o", opts, "-l", self.dir / "log", "-w", "-t", "60", "start")
        self.url = f"postgresql://gongkai@127.0.0.1:{self.port}"
        self._subprocess = subprocess

    def _pg(self, tool: str, *args) -> None:
        import subprocess

        p = subprocess.run(
            [str(self.bin / tool), *map(str, args)], cwd=self.dir, capture_output=True, text=True, **self.run_as
        )
        if p.returncode != 0:
            log = (self.dir / "log").read_text() if (self.dir / "log").exists() else ""
            raise RuntimeError(f"{tool} failed: {p.stdout}{p.stderr}{log}")

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as c:
            c.execute(sql)

    def new_database(self) -> str:
        self.n += 1
        name = f"t{self.n}"
        self.admin(f"CREATE DATABASE {name}")
        return f"{self.url}/{name}"

    def drop_database(self, url: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        import shutil

        try:
            self._pg("pg_ctl", "-D", self.dir / "data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster():
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (initdb/pg_ctl not found; `make test` installs Debian's postgresql)")
    cluster = PostgresCluster(bin_dir)
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster):
    """A fresh, empty database on the session's cluster."""
    url = postgres_cluster.new_database()
    yield url
    postgres_cluster.drop_database(url)


@pytest.fixture(params=["sqlite", "postgres"])
def facts_backend(request, monkeypatch):
    """Run a test with the facts store on SQLite, then on PostgreSQL (GONGKAI_DATABASE_URL set for this
    process and every process the test starts). Returns the database URL, or None for SQLite."""
    if request.param == "sqlite":
        monkeypatch.delenv("GONGKAI_DATABASE_URL", raising=False)
        return None
    url = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("GONGKAI_DATABASE_URL", url)
    return url


@pytest.fixture
def another_database(request, facts_backend):
    """For a test that wants a second, separate library: a function that returns the settings
    override giving it its own facts store ({} on SQLite, where the data directory does)."""
    made: list[str] = []

    def new() -> dict:
        if facts_backend is None:
            return {}
        cluster = request.getfixturevalue("postgres_cluster")
        made.append(cluster.new_database())
        return {"database_url": made[-1]}

    yield new
    for url in made:
        request.getfixturevalue("postgres_cluster").drop_database(url)


# --- the web app in a browser: one Chromium, one way to wait for a server ------------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"  # screenshots the browser tests leave for people to look at


def wait_for_http(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    """Until the server answers 200 at the url; fail (and stop it) if it exits or never does."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        assert proc.poll() is None, "the app exited"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    proc.kill()
    pytest.fail("the web app did not start")


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright, for one test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


def pytest_collection_modifyitems(config, items):
    """Under `make test` (pytest-xdist, --dist loadgroup): the tests of a module that share a
    module-scoped fixture (a library, a running app, a model server) run on one worker, built once;
    every other test goes to whichever worker is free."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info and any(d.scope in ("module", "class") for ds in info.name2fixturedefs.values() for d in ds):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
