"""The workspace's own signing key and identity.

A secretary's workspace signs bundles; an expert's signs reviews and returns. The
private key lives in ``keys/signing.pem`` (owner-only permissions, optionally
passphrase-protected); its public half is also kept in the settings so that it can
be shown and compared without the passphrase.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Expert
from reviewer import audit, crypto
from reviewer.errors import KeyProblem, NotFound, ValidationError
from reviewer.workspace import Workspace, get_setting

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


def set_organisation(session: Session, organisation: str, *, actor: str = "") -> int:
    """Correct the organisation of this workspace's expert (every round); returns the rows changed.

    The bundle brings the organisation the secretary typed; the expert may correct it,
    and the corrected one travels back in the return file. A later bundle of the same
    round brings the secretary's text again.
    """
    organisation = organisation.strip()
    if len(organisation) > 300:
        raise ValidationError("单位名称过长（最多 300 字）(the organisation name is too long)")
    name = get_setting(session, "expert_name")
    if not name:
        raise NotFound("此工作区没有登记专家身份，请先导入评审包 (this workspace has no expert identity: import a bundle)")
    changed = 0
    for expert in session.scalars(select(Expert).where(Expert.name == name)):
        if expert.organisation != organisation:
            audit.record(session, "expert.organisation", actor=actor or name, round_uid=expert.round.uid,
                         detail={"expert": name, "old": expert.organisation, "new": organisation})
            expert.organisation = organisation
            changed += 1
    return changed
