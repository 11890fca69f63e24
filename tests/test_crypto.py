"""Signatures, canonical encoding, keys on disk, atomic writes."""

from __future__ import annotations

import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from reviewer import crypto, keys
from reviewer.errors import KeyProblem
from reviewer.fileio import WriteFailed, atomic_write_bytes, atomic_writer
from reviewer.workspace import Workspace


def test_canonical_json_is_stable_and_exact() -> None:
    a = crypto.canonical_json({"b": Decimal("7.50"), "a": "评审", "c": [Decimal("10"), None]})
    b = crypto.canonical_json({"c": [Decimal("10.0"), None], "a": "评审", "b": Decimal("7.5")})
    assert a == b == '{"a":"评审","b":"7.5","c":["10",null]}'.encode()


def test_sign_and_verify_detects_any_change() -> None:
    key = crypto.generate_key()
    pub = crypto.public_hex(key)
    data = crypto.canonical_json({"score": "8.5"})
    sig = crypto.sign(key, data)
    assert crypto.verify(pub, data, sig)
    assert not crypto.verify(pub, data.replace(b"8.5", b"9.5"), sig)
    assert not crypto.verify(crypto.public_hex(crypto.generate_key()), data, sig)
    assert not crypto.verify(pub, data, "00" * 64)
    assert not crypto.verify(pub, data, "not hex")


def test_workspace_key_is_private_and_passphrase_protected(workspace: Workspace) -> None:
    pub = keys.ensure_key(workspace, passphrase="口令 secret")
    path = keys.key_path(workspace)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.key_needs_passphrase(workspace)
    with pytest.raises(KeyProblem, match="passphrase"):
        keys.load_key(workspace)
    with pytest.raises(KeyProblem, match="wrong passphrase"):
        keys.load_key(workspace, "wrong")
    assert crypto.public_hex(keys.load_key(workspace, "口令 secret")) == pub
    assert keys.ensure_key(workspace) == pub  # no new key on second use
    with pytest.raises(KeyProblem):
        keys.create_key(workspace)


def test_fingerprint_is_short_and_readable() -> None:
    fp = crypto.fingerprint(crypto.public_hex(crypto.generate_key()))
    assert len(fp) == 19 and fp.count(" ") == 3


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as fh:
            fh.write(b"half")
            raise RuntimeError("disk went away")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.pdf"]
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_unwritable_folder_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(WriteFailed, match="cannot write"):
        atomic_write_bytes(blocker / "out.pdf", b"x")
