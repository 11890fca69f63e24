"""Dossier PDF reading: every corpus file and every self-made bad file ends in a result or a
PdfRejected, never another exception, a crash or a hang."""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from reviewer import pdfinfo
from reviewer.pdfinfo import KINDS, PdfInfo, PdfRejected, check_readable, extract_text, inspect_pdf, sha256_file

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
FONT = Path(__file__).resolve().parents[1] / "reviewer" / "resources" / "fonts" / "wqy-microhei.ttc"

#: Generous: a corpus file takes milliseconds; this only turns a hang into a failure.
FILE_DEADLINE = 30.0

#: ``real/`` files that are not readable after all. 017 has 1.1 MB of zero bytes in its middle,
#: wiping objects 79-174 including the page-tree root (172); PDFium (Chrome, QtPdf), pdf.js and
#: pypdf refuse it, qpdf counts 0 pages and poppler draws four blank 1x1 pages. Importing it would
#: give the experts an empty dossier, so it must be refused; if PDFium ever reads it, this fails.
UNREADABLE_REAL = {"sample-files__017-unreadable-meta-data_unreadablemetadata.pdf"}

#: Open passwords of ``encrypted/``. None: the file has an empty user password. The corpus README
#: names only asdfzxcv, test and openpassword; the other two come from pypdf's own tests
#: (``qpdf --encrypt foo bar 256``; crazyones "password").
PASSWORDS: dict[str, str | None] = {
    "pypdf__crazyones-encrypted-256.pdf": "password",
    "pypdf__encrypted-file.pdf": "test",
    "pypdf__encrypted_doc_no_id.pdf": None,
    "pypdf__r2-empty-password.pdf": None,
    "pypdf__r2-owner-password.pdf": None,
    "pypdf__r2-user-password.pdf": "asdfzxcv",
    "pypdf__r3-empty-password.pdf": None,
    "pypdf__r3-user-password.pdf": "asdfzxcv",
    "pypdf__r4-aes-user-password.pdf": "asdfzxcv",
    "pypdf__r4-aes-v2-no-key-length.pdf": None,
    "pypdf__r4-owner-password.pdf": None,
    "pypdf__r4-user-password.pdf": "asdfzxcv",
    "pypdf__r5-empty-password.pdf": None,
    "pypdf__r5-owner-password.pdf": None,
    "pypdf__r5-user-password.pdf": "asdfzxcv",
    "pypdf__r6-both-passwords.pdf": "foo",
    "pypdf__r6-empty-password.pdf": None,
    "pypdf__r6-owner-password.pdf": None,
    "pypdf__r6-user-password.pdf": "asdfzxcv",
    "sample-files__005-libreoffice-writer-password_libreoffice-writer-password.pdf": "openpassword",
}

T = TypeVar("T")


def within(seconds: float, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn`` in a daemon thread; fail the test instead of blocking if it does not return."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"{getattr(fn, '__name__', fn)} still running after {seconds} s (hang)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def corpus_files(folder: str) -> list[Any]:
    directory = CORPUS / folder
    if not directory.is_dir():
        return [pytest.param(None, id=f"{folder}-absent", marks=pytest.mark.skip(reason=f"{directory} is absent"))]
    return [pytest.param(path, id=path.name) for path in sorted(directory.iterdir()) if path.is_file()]


def read_all(path: Path, password: str | None = None) -> tuple[PdfInfo, list[tuple[int, str]]]:
    info = inspect_pdf(path, password)
    return info, list(extract_text(path, password))


def assert_readable_message(exc: PdfRejected) -> None:
    assert exc.kind in KINDS
    assert re.search(r"[\u4e00-\u9fff]", exc.message), exc.message  # Chinese first
    assert re.search(r"\([a-z][^)]*\)", exc.message), exc.message  # then English in brackets
    assert str(exc) == exc.message


def assert_complete(path: Path, info: PdfInfo, pages: list[tuple[int, str]]) -> None:
    assert info.pages > 0
    assert [number for number, _ in pages] == list(range(1, info.pages + 1))
    assert info.size == path.stat().st_size
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


# --- the shared corpus -----------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files("real"))
def test_real_corpus_file_opens(path: Path) -> None:
    if path.name in UNREADABLE_REAL:
        with pytest.raises(PdfRejected) as caught:
            within(FILE_DEADLINE, read_all, path)
        assert caught.value.kind == "damaged"
        assert_readable_message(caught.value)
        return
    info, pages = within(FILE_DEADLINE, read_all, path)
    assert_complete(path, info, pages)
    assert not info.encrypted
    within(FILE_DEADLINE, check_readable, path)


# Page counts from py-pdf/sample-files files.json, and text that must come out.
@pytest.mark.parametrize(
    ("name", "pages", "snippet"),
    [
        ("sample-files__001-trivial_minimal-document.pdf", 1, "Lorem ipsum dolor sit amet"),
        ("sample-files__004-pdflatex-4-pages_pdflatex-4-pages.pdf", 4, None),
        ("sample-files__007-imagemagick-images_imagemagick-images.pdf", 6, None),
        ("sample-files__009-pdflatex-geotopo_GeoTopo-komprimiert.pdf", 117, "Topologie"),
        ("sample-files__026-latex-multicolumn_multicolumn.pdf", 3, None),
    ],
)
def test_real_corpus_counts_and_text(name: str, pages: int, snippet: str | None) -> None:
    path = CORPUS / "real" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    info, texts = within(FILE_DEADLINE, read_all, path)
    assert info.pages == pages
    if snippet:
        assert snippet in "\n".join(text for _, text in texts)


def test_real_corpus_metadata_and_outline() -> None:
    geotopo = CORPUS / "real" / "sample-files__009-pdflatex-geotopo_GeoTopo-komprimiert.pdf"
    magick = CORPUS / "real" / "sample-files__007-imagemagick-images_imagemagick-lzw.pdf"
    if not (geotopo.is_file() and magick.is_file()):
        pytest.skip("corpus is absent")
    info = inspect_pdf(geotopo)
    assert (info.title, info.author, info.has_outline) == ("Geometrie und Topologie", "Martin Thoma", True)
    assert inspect_pdf(magick).title == "imagemagick-lzw"  # the stored title ends in a NUL byte


@pytest.mark.parametrize("path", corpus_files("broken"))
def test_broken_corpus_file_opens_or_is_refused(path: Path) -> None:
    try:
        info, pages = within(FILE_DEADLINE, read_all, path)
    except PdfRejected as exc:
        assert_readable_message(exc)
        assert exc.kind in {"not_pdf", "empty", "damaged"}
    else:
        assert_complete(path, info, pages)


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("qpdf__bad1.pdf", "not_pdf"),  # the file is "oops\n"
        ("qpdf__pages-loop.pdf", 1),
        ("qpdf__append-xref-loop.pdf", 30),
        ("qpdf__outlines-with-loop.pdf", 30),
        ("qpdf__issue-99.pdf", "damaged"),
        ("qpdf__bad34.pdf", "damaged"),  # opens, but page 1 cannot be loaded
    ],
)
def test_broken_corpus_known_outcomes(name: str, outcome: int | str) -> None:
    path = CORPUS / "broken" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    if isinstance(outcome, int):
        info, pages = within(FILE_DEADLINE, read_all, path)
        assert info.pages == len(pages) == outcome
        return
    with pytest.raises(PdfRejected) as caught:
        within(FILE_DEADLINE, read_all, path)
    assert caught.value.kind == outcome


def test_page_that_cannot_load_names_the_page() -> None:
    path = CORPUS / "broken" / "qpdf__bad34.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    assert inspect_pdf(path).pages == 1  # the cheap import step cannot see it ...
    with pytest.raises(PdfRejected) as caught:
        check_readable(path)  # ... loading the pages does
    assert (caught.value.kind, caught.value.page) == ("damaged", 1)
    assert "第1页" in caught.value.message and "page 1" in caught.value.message


@pytest.mark.parametrize("path", corpus_files("encrypted"))
def test_encrypted_corpus_file(path: Path) -> None:
    assert path.name in PASSWORDS, f"add {path.name} to PASSWORDS"
    password = PASSWORDS[path.name]
    if password is None:
        info, pages = within(FILE_DEADLINE, read_all, path)
        assert_complete(path, info, pages)
        assert info.encrypted
        # A password typed for a file that needs none must not lock it.
        assert within(FILE_DEADLINE, inspect_pdf, path, "not-the-password").pages == info.pages
        return
    with pytest.raises(PdfRejected) as caught:
        within(FILE_DEADLINE, inspect_pdf, path)
    assert caught.value.kind == "encrypted"
    assert_readable_message(caught.value)
    with pytest.raises(PdfRejected) as caught:
        within(FILE_DEADLINE, read_all, path, "not-the-password")
    assert caught.value.kind == "wrong_password"
    assert_readable_message(caught.value)
    info, pages = within(FILE_DEADLINE, read_all, path, password)
    assert_complete(path, info, pages)
    assert info.encrypted
    assert any(text.strip() for _, text in pages)


def test_owner_password_also_opens() -> None:
    path = CORPUS / "encrypted" / "pypdf__r6-both-passwords.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    assert inspect_pdf(path, "bar").pages == 1


# --- self-made files ---------------------------------------------------------------------------

PAGES = 5


def make_dossier(path: Path, pages: int = PAGES) -> Path:
    """A small Chinese dossier as reportlab writes it, with metadata and an outline."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("国家科学技术进步奖申报书")
    c.setAuthor("张三")
    for number in range(1, pages + 1):
        c.bookmarkPage(f"p{number}")
        c.addOutlineEntry(f"第{number}章", f"p{number}", level=0)
        c.setFont("WQY", 12)
        c.drawString(60, 780, f"第{number}页：项目创新点与应用成效")
        c.drawString(60, 760, f"Page {number}: 推广应用 page text")
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_dossier(tmp_path_factory.mktemp("dossier") / "申报书.pdf")


def write_raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """Objects 1..n as given (1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def one_page_pdf(path: Path, content: bytes, *, extra: list[bytes] | None = None, resources: bytes = b"") -> Path:
    """Catalog 1, Pages 2, Font 3, Page 4, content stream 5, then ``extra`` objects 6...."""
    return write_raw_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> " + resources + b" >> /Contents 5 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            *(extra or []),
        ],
    )


def test_good_dossier(dossier: Path) -> None:
    info = inspect_pdf(dossier)
    assert info == PdfInfo(
        sha256=hashlib.sha256(dossier.read_bytes()).hexdigest(),
        size=dossier.stat().st_size,
        pages=PAGES,
        encrypted=False,
        title="国家科学技术进步奖申报书",
        author="张三",
        has_outline=True,
    )
    check_readable(dossier)


def test_chinese_text_comes_back_per_page(dossier: Path) -> None:
    pages = dict(extract_text(dossier))
    assert sorted(pages) == list(range(1, PAGES + 1))
    for number, text in pages.items():
        assert f"第{number}页：项目创新点与应用成效" in text
        assert f"Page {number}: 推广应用 page text" in text
        assert "\r" not in text


def test_sha256_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 5000
    path = tmp_path / "x.bin"
    path.write_bytes(data)
    assert sha256_file(path) == sha256_file(path, chunk=1000) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_copy_is_refused(dossier: Path, tmp_path: Path, fraction: float) -> None:
    data = dossier.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: int(len(data) * fraction)])
    # reportlab writes the page tree last, so every cut loses it.
    with pytest.raises(PdfRejected) as caught:
        within(FILE_DEADLINE, inspect_pdf, cut)
    assert caught.value.kind == "damaged"
    assert_readable_message(caught.value)
    with pytest.raises(PdfRejected):
        within(FILE_DEADLINE, lambda: list(extract_text(cut)))


def test_missing_end_marker_is_repaired(dossier: Path, tmp_path: Path) -> None:
    data = dossier.read_bytes()
    assert data.endswith(b"%%EOF\n")
    cut = tmp_path / "no-eof.pdf"
    cut.write_bytes(data[: -len(b"%%EOF\n")])
    assert inspect_pdf(cut).pages == PAGES
    assert len(list(extract_text(cut))) == PAGES


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", "empty"),
        ("这不是PDF，是一个改了扩展名的文本文件。\n".encode() * 10, "not_pdf"),
        (b"\x89PNG\r\n\x1a\n" + bytes(2000), "not_pdf"),
        (b"X" * 1100 + b"%PDF-1.7\n", "not_pdf"),  # header beyond the first 1024 bytes
        (b"%PDF-1.7\n", "damaged"),
        (b"%PDF-1.4\n" + bytes(5000), "damaged"),
    ],
    ids=["zero-bytes", "text-renamed", "png-renamed", "late-header", "header-only", "header-then-zeros"],
)
def test_not_a_pdf(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "file.pdf"
    path.write_bytes(content)
    for step in (inspect_pdf, check_readable, lambda p: list(extract_text(p))):
        with pytest.raises(PdfRejected) as caught:
            within(FILE_DEADLINE, step, path)
        assert caught.value.kind == kind
        assert_readable_message(caught.value)


def test_header_after_leading_junk_is_accepted(dossier: Path, tmp_path: Path) -> None:
    path = tmp_path / "junk-first.pdf"
    path.write_bytes(b"\x00" * 500 + dossier.read_bytes())
    assert inspect_pdf(path).pages == PAGES


def test_zero_page_pdf_is_empty(tmp_path: Path) -> None:
    path = write_raw_pdf(
        tmp_path / "zero.pdf", [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(path)
    assert caught.value.kind == "empty"
    assert "没有任何页面" in caught.value.message


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        inspect_pdf(tmp_path / "nowhere.pdf")


def test_pypdf_encrypted_file(dossier: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    def encrypt(target: Path, user: str, owner: str) -> Path:
        writer = PdfWriter(clone_from=PdfReader(dossier))
        writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
        with open(target, "wb") as fh:
            writer.write(fh)
        return target

    locked = encrypt(tmp_path / "locked.pdf", "评审2024", "owner-secret")
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(locked)
    assert caught.value.kind == "encrypted"
    with pytest.raises(PdfRejected) as caught:
        list(extract_text(locked, "wrong"))
    assert caught.value.kind == "wrong_password"
    info = inspect_pdf(locked, "评审2024")
    assert (info.pages, info.encrypted) == (PAGES, True)
    assert "第2页：项目创新点与应用成效" in dict(extract_text(locked, "评审2024"))[2]
    assert inspect_pdf(locked, "owner-secret").pages == PAGES

    open_for_all = encrypt(tmp_path / "restricted.pdf", "", "owner-secret")
    info = inspect_pdf(open_for_all)
    assert (info.pages, info.encrypted) == (PAGES, True)
    assert inspect_pdf(open_for_all, "whatever the secretary typed").pages == PAGES


# --- hostile files -----------------------------------------------------------------------------


def test_self_drawing_form_is_stopped_by_the_deadline(tmp_path: Path) -> None:
    """PDFium never finishes loading this page (a form that draws itself twice, recursively)."""
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 6 0 R /Y 7 0 R >> >> /Length 11 >>\nstream\n/X Do /Y Do\nendstream"
    path = one_page_pdf(
        tmp_path / "loop.pdf",
        b"/X Do BT /F1 12 Tf 72 700 Td (hi) Tj ET",
        extra=[form, form],
        resources=b"/XObject << /X 6 0 R >>",
    )
    assert inspect_pdf(path).pages == 1  # opening does not load pages
    with pytest.raises(PdfRejected) as caught:
        within(FILE_DEADLINE, lambda: list(extract_text(path, page_timeout=1.0)))
    assert (caught.value.kind, caught.value.page) == ("damaged", 1)
    assert "1秒" in caught.value.message
    with pytest.raises(PdfRejected):
        within(FILE_DEADLINE, check_readable, path, page_timeout=1.0)
    # The stuck worker was replaced: the next file reads normally.
    ok = one_page_pdf(tmp_path / "ok.pdf", b"BT /F1 12 Tf 72 700 Td (fine) Tj ET")
    assert [text.strip() for _, text in extract_text(ok)] == ["fine"]


@pytest.mark.skipif(sys.platform != "linux", reason="the memory cap is RLIMIT_AS, enforced on Linux")
def test_decompression_bomb_is_stopped_by_the_memory_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """600 kB that inflate to 512 MiB of page content; the worker may use at most 256 MiB."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(compressor.compress(chunk) for _ in range(512)) + compressor.flush()
    bomb = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    path = write_raw_pdf(
        tmp_path / "bomb.pdf",
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            bomb,
        ],
    )
    monkeypatch.setattr(pdfinfo, "WORKER_MEMORY_LIMIT", 256 * 1024**2)
    pdfinfo.shutdown_workers()
    try:
        with pytest.raises(PdfRejected) as caught:
            within(FILE_DEADLINE, lambda: list(extract_text(path)))
        assert (caught.value.kind, caught.value.page) == ("damaged", 1)
        assert_readable_message(caught.value)
    finally:
        pdfinfo.shutdown_workers()


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(pdfinfo.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(PdfRejected) as caught:
        within(FILE_DEADLINE, inspect_pdf, path)
    assert caught.value.kind == "too_large"
    assert_readable_message(caught.value)


def test_too_many_pages(tmp_path: Path) -> None:
    count = pdfinfo.MAX_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
    path = write_raw_pdf(
        tmp_path / "many.pdf",
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            b"null",
            b"<< /Length 0 >>\nstream\n\nendstream",
            *([page] * count),
        ],
    )
    with pytest.raises(PdfRejected) as caught:
        within(FILE_DEADLINE, inspect_pdf, path)
    assert caught.value.kind == "too_large"
    assert str(count) in caught.value.message


def test_page_tree_that_lies_about_its_count(tmp_path: Path) -> None:
    """PDFium believes /Count; only loading the pages shows that eight of nine do not exist."""
    path = one_page_pdf(tmp_path / "liar.pdf", b"BT /F1 12 Tf 72 700 Td (one) Tj ET")
    path.write_bytes(path.read_bytes().replace(b"/Count 1 ", b"/Count 9 "))
    assert inspect_pdf(path).pages == 9
    with pytest.raises(PdfRejected) as caught:
        check_readable(path)
    assert (caught.value.kind, caught.value.page) == ("damaged", 2)


# --- iteration control -------------------------------------------------------------------------


def test_cancel_stops_extraction(dossier: Path) -> None:
    seen: list[int] = []
    for number, _ in extract_text(dossier, cancel=lambda: len(seen) >= 2):
        seen.append(number)
    assert seen == [1, 2]
    assert len(list(extract_text(dossier))) == PAGES  # a fresh worker serves the next call


def test_leaving_the_loop_early_and_interleaving(dossier: Path) -> None:
    for number, _ in extract_text(dossier):
        if number == 3:
            break
    first: Iterator[tuple[int, str]] = extract_text(dossier)
    second: Iterator[tuple[int, str]] = extract_text(dossier)
    pairs = list(zip(first, second, strict=True))
    assert [(a[0], b[0]) for a, b in pairs] == [(n, n) for n in range(1, PAGES + 1)]
    assert all(a[1] == b[1] for a, b in pairs)


def test_concurrent_callers(dossier: Path, tmp_path: Path) -> None:
    copies = [shutil.copy(dossier, tmp_path / f"{i}.pdf") for i in range(4)]
    results: dict[int, int] = {}

    def work(index: int) -> None:
        results[index] = sum(1 for _ in extract_text(copies[index])) + inspect_pdf(copies[index]).pages

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(FILE_DEADLINE)
    assert results == {i: 2 * PAGES for i in range(4)}


def test_rejection_kinds_are_closed() -> None:
    with pytest.raises(ValueError):
        PdfRejected("strange", "x")


def _serve_outcome(request: dict[str, Any]) -> list[Any]:
    sent: list[Any] = []
    try:
        pdfinfo._serve(request, sent.append)
    except PdfRejected as exc:
        sent.append(("rejected", exc.kind, exc.page))
    return sent


@pytest.mark.parametrize("folder, name, password", [
    ("real", None, None), ("broken", None, None), ("encrypted", "pypdf__r4-aes-user-password.pdf", "asdfzxcv"),
    ("encrypted", "pypdf__r4-aes-user-password.pdf", None),
])
def test_files_read_into_memory_and_through_the_read_callback_give_the_same_answers(
        monkeypatch: pytest.MonkeyPatch, dossier: Path, folder: str, name: str | None, password: str | None) -> None:
    """Files up to IN_MEMORY_LIMIT are parsed from memory, larger ones through PDFium's read
    callback; both ways must see the same file (run in this process, not the worker)."""
    if not (CORPUS / folder).is_dir():
        pytest.skip("the shared PDF corpus is not present")
    paths = [CORPUS / folder / name] if name else sorted((CORPUS / folder).glob("*.pdf"))[:6]
    paths.append(dossier)
    for path in paths:
        for op in ("inspect", "pages"):
            request = {"op": op, "path": str(path), "password": password, "text": True}
            in_memory = _serve_outcome(request)
            monkeypatch.setattr(pdfinfo, "IN_MEMORY_LIMIT", 0)
            through_callback = _serve_outcome(request)
            monkeypatch.undo()
            assert in_memory == through_callback, f"{path.name} {op}"
