"""The device's Ed25519 key pair: generated at enrolment, signs the server's token nonces.

Limitation: the private key is kept as PEM in the ``device_identity`` row, protected only by the
OS account's file permissions on the data directory. On Windows the Credential Locker / DPAPI
(``keyring``) would bind it to the user's login; see docs/sync.md.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def generate_key_pair() -> tuple[str, str]:
    """(private key PEM PKCS#8, public key PEM SubjectPublicKeyInfo)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    return private, public


def sign_nonce(private_pem: str, nonce: str) -> str:
    """base64 of the Ed25519 signature over the nonce's UTF-8 bytes (wire.TokenRequest)."""
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("device key is not Ed25519")
    return base64.b64encode(key.sign(nonce.encode("utf-8"))).decode("ascii")
