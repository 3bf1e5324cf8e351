"""The hub password never leaves the device in clear: a server that asks for it in clear text (a
machine on the LAN posing as the hub) gets nothing, because the client only answers SCRAM bound to
the TLS channel. (That password also opens the login's copy of the center's field key.)"""
from __future__ import annotations

import datetime
import socket
import ssl
import struct
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.sync.errors import SyncError
from app.sync.hub import HubConnection
from app.sync.settings import HubSettings


def self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "not-the-hub")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "k.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return tmp_path / "c.pem", tmp_path / "k.pem"


def fake_hub(listener, context, captured):
    """Speaks just enough of the PostgreSQL protocol to ask for a clear-text password."""
    conn, _ = listener.accept()
    conn.settimeout(5)
    try:
        n = struct.unpack("!I", conn.recv(4))[0]
        conn.recv(n - 4)                                   # SSLRequest
        conn.sendall(b"S")
        tls = context.wrap_socket(conn, server_side=True)
        n = struct.unpack("!I", tls.recv(4))[0]
        tls.recv(n - 4)                                    # StartupMessage
        tls.sendall(b"R" + struct.pack("!II", 8, 3))       # AuthenticationCleartextPassword
        kind = tls.recv(1)
        if kind:
            n = struct.unpack("!I", tls.recv(4))[0]
            captured.append((kind, tls.recv(n - 4)))
        tls.close()
    except (OSError, ssl.SSLError, struct.error):
        pass                                               # the client hung up: what we want


def test_a_server_asking_for_a_clear_text_password_gets_nothing(tmp_path):
    cert, key = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    captured: list = []
    thread = threading.Thread(target=fake_hub, args=(listener, context, captured), daemon=True)
    thread.start()
    settings = HubSettings(host="127.0.0.1", port=listener.getsockname()[1], database="hub", username="kim")
    with pytest.raises(SyncError):
        HubConnection(settings.dsn("kims-hub-password-1"))
    thread.join(5)
    listener.close()
    assert captured == []
