"""Ed25519 keys, signatures and the canonical encoding that is signed.

Everything signed in this product is canonical JSON: UTF-8, keys sorted, no
insignificant whitespace, decimals as strings. The same content therefore always
gives the same bytes, on any machine, and a verifier can rebuild them.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from reviewer.errors import KeyProblem
from reviewer.fileio import atomic_write_bytes


def _default(obj: object) -> object:
    if isinstance(obj, Decimal):
        return format_decimal(obj)
    raise TypeError(f"not canonical-JSON serialisable: {type(obj).__name__}")


def format_decimal(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros: 7.50 → "7.5", 10 → "10"."""
    if value == value.to_integral():
        return str(int(value))
    return format(value.normalize(), "f")


def canonical_json(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default).encode(
        "utf-8"
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def fingerprint(public_key_hex: str) -> str:
    """A short, readable fingerprint of a public key, for people to compare by eye."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return key.sign(data).hex()


def verify(public_key_hex: str, data: bytes, signature_hex: str) -> bool:
    try:
        pub = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        pub.verify(bytes.fromhex(signature_hex), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def save_private_key(path: Path, key: Ed25519PrivateKey, passphrase: str | None = None) -> None:
    """Write the key as PEM, readable by the owner only, encrypted if a passphrase is given."""
    encryption: serialization.KeySerializationEncryption
    if passphrase:
        encryption = serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
    else:
        encryption = serialization.NoEncryption()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, pem, mode=stat.S_IRUSR | stat.S_IWUSR)


def key_is_encrypted(path: Path) -> bool:
    return b"ENCRYPTED" in path.read_bytes()[:64]


def load_private_key(path: Path, passphrase: str | None = None) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise KeyProblem(f"找不到签名密钥 {path} (signing key not found)") from exc
    encrypted = b"ENCRYPTED" in data[:64]
    if encrypted and not passphrase:
        raise KeyProblem("签名密钥受口令保护，请输入口令 (the signing key is protected by a passphrase)")
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode("utf-8") if encrypted and passphrase else None)
    except ValueError as exc:
        if encrypted:
            raise KeyProblem("口令不正确 (wrong passphrase)") from exc
        raise KeyProblem(f"签名密钥文件已损坏 {path} (the key file is damaged)") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"{path} 不是 Ed25519 密钥 (not an Ed25519 key)")
    return key


def restrict_permissions(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
