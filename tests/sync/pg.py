"""A throwaway PostgreSQL cluster for the sync tests: initdb into a temp dir, loopback only.

Never touches a shared cluster. PostgreSQL refuses to run as root, so when the tests run as root
the cluster is made and run by an unprivileged system user (created if missing).
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")
RUN_AS = "pgtest"
SUPERUSER = "hubadmin"
SUPERUSER_PASSWORD = "hubadmin-test-only"


def find_pg_bin() -> Path | None:
    env = os.environ.get("PG_BIN")
    for cand in ([env] if env else []) + list(PG_BIN_CANDIDATES):
        if cand and (Path(cand) / "initdb").is_file() and (Path(cand) / "pg_ctl").is_file():
            return Path(cand)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    bin: Path
    root: Path
    port: int
    runner: list[str]

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def sockdir(self) -> Path:
        return self.root / "sock"

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER, password: str = SUPERUSER_PASSWORD) -> str:
        return f"host=127.0.0.1 port={self.port} dbname={dbname} user={user} password={password}"

    def _run(self, *args: str) -> None:
        subprocess.run(self.runner + list(args), check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(SUPERUSER_PASSWORD)
        self._chown(pwfile)
        self._run(str(self.bin / "initdb"), "-D", str(self.datadir), "-U", SUPERUSER, "--pwfile", str(pwfile),
                  "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        pwfile.unlink()
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.sockdir} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.root / "log"),
                  "-o", opts, "-w", "-t", "60", "start")

    def stop(self) -> None:
        subprocess.run(self.runner + [str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate",
                                      "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)

    def _chown(self, path: Path) -> None:
        if self.runner:
            pw = pwd.getpwnam(RUN_AS)
            os.chown(path, pw.pw_uid, pw.pw_gid)


def _ensure_user() -> None:
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        subprocess.run(["useradd", "-r", "-M", "-s", "/usr/sbin/nologin", RUN_AS], check=True, capture_output=True)


def start_cluster() -> Cluster:
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN")
    root = Path(tempfile.mkdtemp(prefix="synctest-pg-"))
    runner: list[str] = []
    if os.geteuid() == 0:
        _ensure_user()
        runner = ["runuser", "-u", RUN_AS, "--"]
        pw = pwd.getpwnam(RUN_AS)
        os.chown(root, pw.pw_uid, pw.pw_gid)
    (root / "sock").mkdir()
    cluster = Cluster(pg_bin, root, _free_port(), runner)
    cluster._chown(root / "sock")
    try:
        cluster.start()
    except Exception:
        cluster.stop()
        raise
    return cluster
