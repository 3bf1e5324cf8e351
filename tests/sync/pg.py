"""A throwaway PostgreSQL cluster for the sync tests: initdb into a temp dir, loopback only, with
TLS from a certificate authority made for the run (`Cluster.ca_file`), as a center's hub would have.

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
from datetime import datetime, timedelta, timezone
from ipaddress import IPv4Address
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


def make_ca(directory: Path, name: str = "Test Hub CA"):
    """A certificate authority: (its certificate's path, certificate, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256()))
    path = directory / f"{name.replace(' ', '_').lower()}.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path, cert, key


def _server_cert(directory: Path, ca_cert, ca_key) -> tuple[Path, Path]:
    """The hub's certificate for 127.0.0.1 and localhost, signed by the CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(IPv4Address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_path, key_path = directory / "server.crt", directory / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


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

    @property
    def ca_file(self) -> Path:
        """The CA that signed the cluster's certificate (what a center hands its devices)."""
        return self.root / "test_hub_ca.crt"

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
        tls = self.root / "tls"
        tls.mkdir()
        _, ca_cert, ca_key = make_ca(self.root)
        cert, key = _server_cert(tls, ca_cert, ca_key)
        for path in (tls, cert, key):
            self._chown(path)
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.sockdir} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 "
                f"-c ssl=on -c ssl_cert_file={cert} -c ssl_key_file={key}")
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
