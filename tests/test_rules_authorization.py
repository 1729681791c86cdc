"""Authorization rules D001–D003 (附件1, 附件3 第7项): the stamped scans, as PDF/JPEG/PNG."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile

import pytest
from pypdf import PdfWriter

from tests.factories import (
    QPDF,
    make_docx_form,
    make_pdf_aes256,
    make_pdf_text_only,
    make_pdf_vector_seal,
    make_pdf_with_image,
    make_plain_scan_jpeg,
    make_red_seal_jpeg,
    make_red_seal_png,
    make_truncated_jpeg,
)
from tests.media_helpers import check, family, of, put, stored
from wuxiao_cli.media.pdf import read_pdf

SCAN = "authorization/授权书.pdf"


def sev_files(findings):
    return [(f.severity, f.file) for f in findings]


def sealed_pdf(path):
    """One-page PDF whose page is the red-seal scan (the image is embedded as JPEG)."""
    return make_pdf_with_image(path, stored("seal.png", make_red_seal_png))


def plain_pdf(path):
    return make_pdf_with_image(path, stored("plain.jpg", make_plain_scan_jpeg))


def encrypted_pdf(path):
    writer = PdfWriter(clone_from=str(stored("text.pdf", make_pdf_text_only)))
    writer.encrypt("secret")
    writer.write(str(path))
    return path


def corrupt_pdf(path):
    data = stored("sealed.pdf", sealed_pdf).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


# --------------------------------------------------------------------------- D001


def test_d001_no_folder(tmp_path):
    (tmp_path / "photos").mkdir()
    found = of(check(tmp_path), "D001")
    assert sev_files(found) == [("error", None)]
    assert "authorization/" in found[0].message


def test_d001_empty_folder(tmp_path):
    (tmp_path / "authorization").mkdir()
    found = check(tmp_path)
    assert sev_files(of(found, "D001")) == [("error", "authorization/")]
    assert of(found, "D002") == [] and of(found, "D003") == []


def test_d001_folder_with_only_junk_is_empty(tmp_path):
    (tmp_path / "authorization").mkdir()
    (tmp_path / "authorization" / "Thumbs.db").write_bytes(b"\x00")
    assert sev_files(of(check(tmp_path), "D001")) == [("error", "authorization/")]


# --------------------------------------------------------------------------- D002 / D003 per kind


@pytest.mark.parametrize(("rel", "name", "factory"), [
    ("authorization/授权书.png", "seal.png", make_red_seal_png),
    ("authorization/授权书.jpg", "seal.jpg", make_red_seal_jpeg),
    ("authorization/授权书.pdf", "sealed.pdf", sealed_pdf),
])
def test_red_seal_scans_pass(tmp_path, rel, name, factory):
    put(tmp_path, rel, name, factory)
    assert family(check(tmp_path), "D") == []


@pytest.mark.parametrize(("rel", "name", "factory"), [
    ("authorization/授权书.jpg", "plain.jpg", make_plain_scan_jpeg),
    ("authorization/授权书.pdf", "text.pdf", make_pdf_text_only),
    ("authorization/授权书.pdf", "plain.pdf", plain_pdf),
])
def test_d003_no_red_seal_warns(tmp_path, rel, name, factory):
    put(tmp_path, rel, name, factory)
    found = check(tmp_path)
    assert sev_files(of(found, "D003")) == [("warning", rel)]
    assert "启发式" in of(found, "D003")[0].message  # the message says it is a heuristic
    assert of(found, "D002") == []


def test_d003_vector_seal_in_a_pdf_is_found(tmp_path):
    """An electronic seal drawn as paths in the content stream (no image in the PDF): page 1 is rendered."""
    path = put(tmp_path, SCAN, "vector-seal.pdf", make_pdf_vector_seal)
    assert b"/Image" not in path.read_bytes() and b" RG " in path.read_bytes()
    assert family(check(tmp_path), "D") == []


SEAL_PS = """%!PS-Adobe-3.0
<< /PageSize [595 842] >> setpagedevice
/Helvetica findfont 14 scalefont setfont 72 770 moveto (Authorization and statement of authenticity) show
0.85 0.1 0.15 setrgbcolor
5 setlinewidth newpath 460 170 70 0 360 arc closepath stroke
1.5 setlinewidth newpath 460 170 60 0 360 arc closepath stroke
newpath 460 198 moveto 476.5 147.3 lineto 433.4 178.7 lineto 486.6 178.7 lineto 443.5 147.3 lineto closepath fill
showpage
"""


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (gs) not installed")
def test_d003_vector_seal_written_by_ghostscript_is_found(tmp_path):
    """The same kind of seal, but the PDF written by another tool (Ghostscript's pdfwrite, compressed streams)."""
    source = tmp_path / "seal.ps"
    source.write_text(SEAL_PS, encoding="latin-1")
    pdf = tmp_path / "authorization" / "授权书.pdf"
    pdf.parent.mkdir()
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-o", str(pdf), str(source)],
                   check=True, capture_output=True, timeout=60)
    source.unlink()
    assert b"/Image" not in pdf.read_bytes()
    assert family(check(tmp_path), "D") == []


def test_d003_black_vector_ring_is_not_a_red_seal(tmp_path):
    put(tmp_path, SCAN, "vector-black.pdf", lambda p: make_pdf_vector_seal(p, color="0 0 0"))
    assert sev_files(of(check(tmp_path), "D003")) == [("warning", SCAN)]


def test_d003_one_sealed_scan_is_enough(tmp_path):
    put(tmp_path, "authorization/承诺书.pdf", "text.pdf", make_pdf_text_only)
    put(tmp_path, "authorization/授权书.png", "seal.png", make_red_seal_png)
    assert family(check(tmp_path), "D") == []


@pytest.mark.parametrize(("rel", "name", "factory", "says"), [
    (SCAN, "encrypted.pdf", encrypted_pdf, "加密"),
    (SCAN, "corrupt.pdf", corrupt_pdf, "无法打开"),
    ("authorization/授权书.jpg", "truncated.jpg", make_truncated_jpeg, "无法打开"),
    ("authorization/授权书.docx", "auth-form.docx", lambda p: make_docx_form(p, {"创新成果授权书": "同意"}), "Word"),
])
def test_d002_unreadable_or_wrong_kind(tmp_path, rel, name, factory, says):
    put(tmp_path, rel, name, factory)
    found = check(tmp_path)
    assert sev_files(of(found, "D002")) == [("error", rel)]
    assert says in of(found, "D002")[0].message
    assert of(found, "D003") == []  # nothing readable to look for a seal in
    assert of(found, "D001") == []


@pytest.mark.parametrize(("name", "factory", "says"), [
    ("corrupt.pdf", corrupt_pdf, "无法打开：PDF 文件已损坏或不完整"),
    ("truncated.jpg", make_truncated_jpeg, "无法打开：文件不完整（缺少结束标记），可能传输中断"),
])
def test_d002_damage_is_told_in_chinese_not_the_readers_words(tmp_path, name, factory, says):
    rel = f"authorization/授权书{name[-4:]}"
    put(tmp_path, rel, name, factory)
    (found,) = of(check(tmp_path), "D002")
    assert found.message == f"授权书{name[-4:]} {says}"


def test_d002_zero_byte_pdf(tmp_path):
    (tmp_path / "authorization").mkdir()
    (tmp_path / SCAN).write_bytes(b"")
    found = of(check(tmp_path), "D002")
    assert sev_files(found) == [("error", SCAN)]
    assert "0 字节" in found[0].message


def test_d002_docx_that_is_a_zip_of_junk(tmp_path):
    (tmp_path / "authorization").mkdir()
    with zipfile.ZipFile(tmp_path / "authorization" / "授权书.docx", "w") as zf:
        zf.writestr("junk.bin", b"\x00\x01 not office at all")
    assert sev_files(of(check(tmp_path), "D002")) == [("error", "authorization/授权书.docx")]


def test_d002_bad_file_beside_a_good_scan(tmp_path):
    put(tmp_path, "authorization/授权书.png", "seal.png", make_red_seal_png)
    put(tmp_path, SCAN, "encrypted.pdf", encrypted_pdf)
    found = check(tmp_path)
    assert sev_files(of(found, "D002")) == [("error", SCAN)]
    assert of(found, "D003") == []


# --------------------------------------------------------------------------- AES-256 (no open password)

needs_qpdf = pytest.mark.skipif(QPDF is None, reason="qpdf not installed (it writes the AES-256 PDFs)")
PYPDF_HAS_AES = any(importlib.util.find_spec(m) for m in ("cryptography", "Crypto"))


def aes256_pdf(source_name, source_factory, user_password=""):
    return lambda path: make_pdf_aes256(path, stored(source_name, source_factory), user_password=user_password)


@needs_qpdf
@pytest.mark.parametrize(("name", "source", "factory", "expected"), [
    ("aes-sealed.pdf", "sealed.pdf", sealed_pdf, []),
    ("aes-plain.pdf", "plain.pdf", plain_pdf, [("D003", "warning", SCAN)]),
    ("aes-vector.pdf", "vector-seal.pdf", make_pdf_vector_seal, []),
])
def test_aes256_pdf_with_no_open_password_is_judged_like_any_pdf(tmp_path, name, source, factory, expected):
    """Acrobat's "restrict editing" encrypts with AES-256 and an owner password only: it opens without
    asking. pypdf needs `cryptography` for AES (no dependency): pdfium reads it, no D002, the seal seen."""
    path = put(tmp_path, SCAN, name, aes256_pdf(source, factory))
    assert b"/AESV3" in path.read_bytes()
    assert family(check(tmp_path), "D") == expected
    facts = read_pdf(path, want_images=True)
    assert (facts.pages, facts.encrypted, facts.error) == (1, False, None) and facts.images


@needs_qpdf
def test_aes256_pdf_that_asks_for_a_password_is_still_encrypted(tmp_path):
    put(tmp_path, SCAN, "aes-secret.pdf", aes256_pdf("sealed.pdf", sealed_pdf, user_password="secret"))
    found = check(tmp_path)
    assert sev_files(of(found, "D002")) == [("error", SCAN)]
    assert "是加密的 PDF" in of(found, "D002")[0].message and of(found, "D003") == []


@needs_qpdf
@pytest.mark.skipif(PYPDF_HAS_AES, reason="pypdf reads AES itself where cryptography or pycryptodome is installed")
def test_a_missing_pdf_library_is_wuxiaos_install_fault_not_the_file(tmp_path, monkeypatch):
    """pypdf lacks AES and pdfium cannot be imported (a damaged install): the finding says so and does not
    call the user's file damaged."""
    put(tmp_path, SCAN, "aes-sealed.pdf", aes256_pdf("sealed.pdf", sealed_pdf))
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import pypdfium2 raises ImportError
    (found,) = of(check(tmp_path), "D002")
    assert "wuxiao 的安装问题" in found.message and "pypdfium2" in found.message
    assert "无法打开" not in found.message and "DependencyError" not in found.message
