"""The workspace's own signing key and identity.

A secretary's workspace signs bundles; an expert's signs reviews and returns. The
private key lives in ``keys/signing.pem`` (owner-only permissions, optionally
passphrase-protected); its public half is also kept in the settings so that it can
be shown and compared without the passphrase.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reviewer import crypto
from reviewer.errors import KeyProblem
from reviewer.workspace import Workspace

KEY_FILE = "signing.pem"
SIGNATURE_IMAGE = "signature.png"


def key_path(ws: Workspace) -> Path:
    return ws.keys_dir / KEY_FILE


def has_key(ws: Workspace) -> bool:
    return key_path(ws).exists()


def key_needs_passphrase(ws: Workspace) -> bool:
    return has_key(ws) and crypto.key_is_encrypted(key_path(ws))


def create_key(ws: Workspace, passphrase: str | None = None) -> str:
    """Generate the workspace key (refusing to overwrite one); returns the public key hex."""
    path = key_path(ws)
    if path.exists():
        raise KeyProblem("此工作区已有签名密钥 (this workspace already has a signing key)")
    key = crypto.generate_key()
    crypto.save_private_key(path, key, passphrase)
    public = crypto.public_hex(key)
    ws.set_setting("public_key", public)
    return public


def ensure_key(ws: Workspace, passphrase: str | None = None) -> str:
    """The workspace's public key, creating the key pair on first use."""
    if has_key(ws):
        public = ws.get_setting("public_key")
        if public:
            return public
        public = crypto.public_hex(load_key(ws, passphrase))
        ws.set_setting("public_key", public)
        return public
    return create_key(ws, passphrase)


def load_key(ws: Workspace, passphrase: str | None = None) -> Ed25519PrivateKey:
    return crypto.load_private_key(key_path(ws), passphrase)


def public_key(ws: Workspace) -> str | None:
    return ws.get_setting("public_key")


def change_passphrase(ws: Workspace, old: str | None, new: str | None) -> None:
    key = load_key(ws, old)
    crypto.save_private_key(key_path(ws), key, new)


def signature_image_path(ws: Workspace) -> Path:
    return ws.keys_dir / SIGNATURE_IMAGE


def save_signature_image(ws: Workspace, png: bytes) -> None:
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise KeyProblem("签名图片必须是 PNG 格式 (the signature image must be a PNG)")
    from reviewer.fileio import atomic_write_bytes

    atomic_write_bytes(signature_image_path(ws), png)


def signature_image(ws: Workspace) -> bytes | None:
    path = signature_image_path(ws)
    return path.read_bytes() if path.exists() else None
