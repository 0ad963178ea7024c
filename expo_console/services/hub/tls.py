"""The hub's TLS certificate: made with the cluster, so desks on the venue LAN talk to the hub
encrypted (libpq's default, sslmode=prefer, uses TLS whenever the server offers it). The
certificate is self-signed: it keeps what travels private from others on the LAN; a desk that
must also be sure of the hub's identity is given server.crt and connects with
sslmode=verify-ca&sslrootcert=server.crt."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

VALID_DAYS = 3 * 365  # an event's hub lives days; a folder reused for next year's still works


def make_certificate(data: Path, owner_uid: int | None = None, owner_gid: int | None = None) -> None:
    """server.key and server.crt in the cluster's data folder, readable by the server only."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Expo Console event hub")])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    key_path, certificate_path = data / "server.key", data / "server.crt"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)  # PostgreSQL refuses a key others may read
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    if owner_uid is not None and owner_gid is not None:
        for path in (key_path, certificate_path):
            os.chown(path, owner_uid, owner_gid)
