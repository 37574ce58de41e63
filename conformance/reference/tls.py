"""A local CA (trustme) and the endpoint's server certificate, written as PEM files.

azure-mgmt-network refuses bearer tokens over plain http, so the endpoint serves HTTPS
by default; clients trust it through the CA file. The certificate names 127.0.0.1, ::1
and localhost. Files written next to a `--data` store are reused on restart, so a client
configured with the CA keeps working.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import trustme

SERVER_NAMES = ("127.0.0.1", "::1", "localhost")
CA_FILE = "ca.pem"
CERT_FILE = "server.pem"
KEY_FILE = "server-key.pem"


@dataclass(frozen=True)
class TlsFiles:
    ca_cert: Path
    server_cert: Path
    server_key: Path


def _files_in(directory: Path) -> TlsFiles:
    return TlsFiles(
        ca_cert=directory / CA_FILE,
        server_cert=directory / CERT_FILE,
        server_key=directory / KEY_FILE,
    )


def tls_files(directory: Path) -> TlsFiles:
    """The CA and server certificate in `directory`, created unless all three files exist."""
    files = _files_in(directory)
    if files.ca_cert.is_file() and files.server_cert.is_file() and files.server_key.is_file():
        return files
    directory.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="peering-conformance reference endpoint")
    leaf = ca.issue_cert(*SERVER_NAMES)
    key_fd = os.open(files.server_key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(key_fd, "wb") as key_file:
        key_file.write(leaf.private_key_pem.bytes())
    files.server_cert.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    files.ca_cert.write_bytes(ca.cert_pem.bytes())
    return files


def tls_directory_for(data: Path) -> Path:
    """Where the certificates of a `--data` store live: beside it, named after it."""
    return data.with_name(data.name + ".tls")
