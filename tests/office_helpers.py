"""LibreOffice as a reader would print: convert to PDF headless, then read the pages' text back.

Skips (with the reason) where soffice, or its Writer/Calc module, is not installed; .ci/run installs them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def to_pdf(source: Path, out_dir: Path) -> Path:
    """``source`` converted by LibreOffice; a fresh profile each time so runs do not share state."""
    return convert(source, out_dir, "pdf")


def convert(source: Path, out_dir: Path, target: str) -> Path:
    """``source`` saved by LibreOffice as ``target`` (pdf, doc, odt, rtf, xls…), as a clerk's 另存为 makes it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                           "--convert-to", target, "--outdir", str(out_dir), str(source)],
                          capture_output=True, text=True, timeout=240, check=False)
    out = out_dir / f"{source.stem}.{target.split(':')[0]}"
    if not out.is_file() and "no export filter" in (done.stdout + done.stderr).lower():
        pytest.skip(f"LibreOffice cannot convert {source.suffix} here (Writer/Calc module missing)")
    assert out.is_file(), done.stdout + done.stderr
    return out


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, in reading order (pdftotext -layout where installed, else pypdfium2)."""
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              timeout=120, check=True)
        return done.stdout.decode("utf-8").split("\f")[:-1] or [""]
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
