"""--report x.html: one self-contained, valid page with thumbnails, facts, findings and 字数 bars (issue 14)."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

from conftest import EXAMPLES, run_cli
from factories import make_jpeg, make_pdf_with_image, make_plain_scan_jpeg, make_red_seal_jpeg
from html_helpers import outside_refs, strict_parse
from PIL import Image

from wuxiao_cli.report.gallery import THUMB_BYTES, THUMB_SIDE, card

_THUMB = re.compile(r'src="data:image/jpeg;base64,([^"]+)"')


def _report(tmp_path: Path, *paths: str) -> str:
    out = tmp_path / "报告.html"
    proc = run_cli("check", "--quiet", *paths, "--report", str(out))
    assert proc.returncode == 1, proc.stderr
    assert f"已写入 {out}" in proc.stderr and "KB" in proc.stderr  # the written file is named, with its size
    return out.read_text(encoding="utf-8")


def test_flawed_example_report_is_valid_self_contained_and_complete(tmp_path):
    text = _report(tmp_path, "examples/flawed-project")
    strict_parse(text)
    assert outside_refs(text) == []
    assert "http://" not in text.replace("https://example.com/genzhuojia", "")  # only the URL F025 quotes
    assert "先改这几件事" in text and "另有 16 个错误" in text  # 26 errors (Q005 单选题 is a warning): the first 10, then a pointer
    for rule in ("A002", "D002", "F012", "P005", "Q004", "V004", "V005"):
        assert f"<b>{rule}</b>" in text
    assert "160 / 上限 100 字" in text and 'class="fill over"' in text  # 第一完成人简介 over its limit
    # 成果背景 has 15 字 of 50–150: red because it is short, and the label says the minimum too
    assert re.search(r'<span>成果背景</span><div class="track"><div class="fill over"[^>]*></div></div>'
                     r"<span>15 / 50–150 字</span>", text)
    thumbs = _THUMB.findall(text)
    assert len(thumbs) >= 5  # photos, the scan, a video poster frame
    for b64 in thumbs:
        assert len(base64.b64decode(b64)) <= THUMB_BYTES
    assert "1080×720 像素" in text and "72 dpi" in text  # measured facts of IMG_1234.jpg


def test_batch_report_has_a_section_a_project_and_the_batch_findings(tmp_path):
    text = _report(tmp_path, "examples/batch")
    strict_parse(text)
    assert outside_refs(text) == []
    assert text.count('<section class="project">') == 5
    assert "整个批次" in text and "<b>B001</b>" in text
    # the B001 pair fails for it alone: it leads 先改这几件事 and sits in each of their sections
    first = text[text.index("先改这几件事"):text.index("</ol>")]
    assert "数控车床快速对刀装置的研制与应用" in first.split("</li>")[0]
    # the pair share a name: each of their own errors says which folder it is in
    assert "数控车床快速对刀装置的研制与应用（01-数控车床对刀装置） · photos/" in first
    for folder in ("01-数控车床对刀装置", "02-二车间对刀装置"):
        section = next(s for s in text.split('<section class="project">')[1:] if f"examples/batch/{folder}" in s)
        assert "<b>B001</b>" in section and "没有问题" not in section


def test_seal_outline_only_where_the_detector_finds_one(tmp_path):
    stamped = card(make_red_seal_jpeg(tmp_path / "a.jpg"), "authorization/a.jpg", 1, seal=True)
    left, top, right, bottom = stamped.seal
    assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1
    plain = card(make_plain_scan_jpeg(tmp_path / "b.jpg"), "authorization/b.jpg", 1, seal=True)
    assert plain.thumb is not None and plain.seal is None


def test_pdf_page_one_is_rendered_small(tmp_path):
    scan = make_red_seal_jpeg(tmp_path / "scan.jpg")
    pdf = make_pdf_with_image(tmp_path / "授权书.pdf", scan)
    c = card(pdf, "authorization/授权书.pdf", pdf.stat().st_size, seal=True)
    assert "1 页" in c.facts and c.thumb.startswith("data:image/jpeg;base64,")
    raw = base64.b64decode(c.thumb.split(",", 1)[1])
    assert len(raw) <= THUMB_BYTES
    assert c.seal is not None  # the stamp on the rendered page is outlined


def test_big_photo_thumbnail_is_small_and_bounded(tmp_path):
    photo = make_jpeg(tmp_path / "big.jpg", width=4000, height=3000)
    c = card(photo, "photos/big.jpg", photo.stat().st_size)
    raw = base64.b64decode(c.thumb.split(",", 1)[1])
    assert len(raw) <= THUMB_BYTES
    from io import BytesIO

    with Image.open(BytesIO(raw)) as im:
        assert max(im.size) == THUMB_SIDE
    assert "4000×3000 像素" in c.facts


def test_damaged_files_get_a_card_without_a_picture(tmp_path):
    bad = tmp_path / "坏.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    c = card(bad, "photos/坏.jpg", bad.stat().st_size)
    assert c.thumb is None and c.file == "photos/坏.jpg"


def test_report_never_changes_the_project_folder(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "flawed-project", project)
    before = sorted((p.relative_to(project), p.stat().st_mtime_ns) for p in project.rglob("*"))
    _report(tmp_path, str(project))
    assert sorted((p.relative_to(project), p.stat().st_mtime_ns) for p in project.rglob("*")) == before


def test_a_text_form_is_named_text_and_junk_stays_unrecognised(tmp_path):
    form = tmp_path / "form.toml"
    form.write_text('name = "快速对刀装置"\n' + "summary = \"" + "对刀" * 3000 + "\"\n", encoding="utf-8")  # cut mid-character
    junk = tmp_path / "x.bin"
    junk.write_bytes(b"name = 1\n\x00\x01\x02" * 10)
    assert card(form, "form.toml", form.stat().st_size).facts[0] == "文本文件"
    assert card(junk, "x.bin", junk.stat().st_size).facts[0] == "无法识别的格式"


def test_a_photo_whose_records_disagree_shows_both_densities(tmp_path):
    """JFIF 300 and EXIF 72: P005 judges by 300 and warns; the card shows 72–300 dpi, not 72 beside that warning."""
    from PIL import Image

    from wuxiao_cli.media.image import read_image
    from wuxiao_cli.report.gallery import _dpi

    path = tmp_path / "两处.jpg"
    exif = Image.Exif()
    exif[0x011A], exif[0x011B], exif[0x0128] = 72, 72, 2  # XResolution, YResolution, inch
    Image.new("RGB", (64, 48), "gray").save(path, dpi=(300, 300), exif=exif)
    facts = read_image(path)
    assert _dpi(facts) == "72–300 dpi"
    Image.new("RGB", (64, 48), "gray").save(path, dpi=(300, 300))
    assert _dpi(read_image(path)) == "300 dpi"


def test_a_command_in_a_fix_is_shown_as_code_not_with_backticks():
    from wuxiao_cli.report.html_report import _hint

    assert _hint("用 `wuxiao fix` 把分辨率改为 300 dpi <不改画面>") == \
        "用 <code>wuxiao fix</code> 把分辨率改为 300 dpi &lt;不改画面&gt;"
