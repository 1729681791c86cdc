"""PDF facts with pypdf: does it open, is it encrypted, how many pages, and its first embedded images.

For the seal heuristic page 1 is also rendered (pypdfium2) at a small size: an electronic seal or a
Word letter's stamp is often drawn as vector paths, not an image, and only the pixels show it.
Where pypdf needs an optional library it lacks (AES-256 encryption needs `cryptography`, which is no
dependency), pypdfium2 answers alone: a PDF that opens without a password is judged as any other.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

MAX_IMAGES = 6  # enough to find a seal on a scanned page or two
RENDER_SIDE = 400  # px on the long side of the rendered page 1; the seal detector works at 200, the report at 240
# Page 1 is drawn only when its content (its streams and the forms it draws, decompressed) stays within
# these: pdfium parses all of it into memory first (8 M path operators: > 4 GB, > 5 minutes). A letter
# exported by Word or LibreOffice is a few thousand operators and well under 1 MB.
MAX_CONTENT_BYTES = 8 * 2**20
MAX_OPERATORS = 200_000
MAX_CONTENT_STREAMS = 500  # content streams and form XObjects looked at on page 1


@dataclass(frozen=True)
class PdfFacts:
    pages: int = 0
    encrypted: bool = False
    error: str | None = None
    missing: str | None = None  # the library wuxiao lacks to read it (error "missing-library"): the install's fault
    images: list = field(default_factory=list)  # PIL images, downscaled
    seals: dict = field(default_factory=dict, compare=False, repr=False)  # found on images, by index (media.scans)
    unsearched: str | None = None  # "complex": page 1 was not drawn, too much to draw safely (media.scans)


def read_pdf(path: Path, *, want_images: bool = False) -> PdfFacts:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path))
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        return PdfFacts(encrypted=True, error="encrypted")
                except (PyPdfError, NotImplementedError):
                    return PdfFacts(encrypted=True, error="encrypted")
            pages = len(reader.pages)
            images, unsearched = [], None
            if want_images:
                # Page 1 drawn by pdfium shows its vector seals and its scanned images alike; the
                # embedded pictures are decoded one by one only for the pages it did not draw.
                unsearched = "complex" if _weighs_too_much(reader) else None
                rendered = [] if unsearched else _scanned_page_one(reader)
                if not rendered and not unsearched:
                    rendered, unsearched = _render_first_page(path)
                # (pypdf parses a page's whole content for its inline pictures: not a page too complex to draw)
                images = rendered + _first_images(reader, first_page=1 if rendered or unsearched else 0)
    except DependencyError:  # pypdf lacks an optional library, the file is not at fault: pdfium reads it
        return _read_with_pdfium(path, want_images)
    except Exception as exc:  # pypdf raises many types on damaged files (IndexError, zlib.error, …): unreadable
        return PdfFacts(error=f"{type(exc).__name__}: {exc}"[:120])
    if pages == 0:
        return PdfFacts(error="no-pages")
    return PdfFacts(pages=pages, images=images, unsearched=unsearched)


def _first_images(reader, first_page: int = 0) -> list:
    """Up to MAX_IMAGES pictures from the first three pages (from ``first_page`` on), downscaled.

    An image pypdf cannot decode (JBIG2 or CCITT scans, odd filters, a damaged stream) is skipped:
    it says nothing about whether the PDF opens, and the seal heuristic only warns anyway.
    """
    images: list = []
    for page in reader.pages[first_page:3]:
        try:
            keys = list(page.images.keys())
        except Exception:  # pypdf raises many types (NotImplementedError for unsupported filters, …)
            continue
        for key in keys:
            try:
                pic = _plain_jpeg(page, key) or page.images[key].image
                if pic is None or pic.width * pic.height > 120_000_000:
                    continue
                pic.thumbnail((600, 600))
            except Exception:  # same reason as above
                continue
            images.append(pic)
            if len(images) >= MAX_IMAGES:
                return images
    return images


def render_page_one(path: Path, side: int = RENDER_SIDE, reader=None):
    """(page 1 drawn by pdfium, ``side`` px on its long edge, vector seals included; the page count),
    or None if pdfium cannot draw it, or it is too much to draw safely (``page_one_too_complex``, or
    past the media time limit). One renderer for the seal heuristic and the report's thumbnails."""
    return _page_one(path, side, reader)[0]


def _weighs_too_much(reader) -> bool:
    try:
        return page_one_too_complex(reader)
    except Exception:  # pypdf cannot weigh it (a damaged page): pdfium, under the time limit
        return False


_abandoned: list = []  # a render past its time limit still runs in its thread: pdfium is not used again


def _page_one(path: Path, side: int, reader=None):
    """(render_page_one's answer or None, None or "complex" when it was not drawn for its weight or time).
    ``reader``: False when the caller weighed page 1 already, None to open the file with pypdf here."""
    from wuxiao_cli.media import timed

    if reader is None:
        try:
            import logging

            from pypdf import PdfReader

            logging.getLogger("pypdf").setLevel(logging.ERROR)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = PdfReader(str(path))
                if reader.is_encrypted:
                    reader.decrypt("")
        except Exception:  # pypdf cannot open it (damaged, AES without `cryptography`): pdfium, time-limited
            reader = False
    if reader is not False and _weighs_too_much(reader):
        return None, "complex"
    if _abandoned:
        return None, "complex"
    try:
        return timed.call(_render, path, side), None
    except timed.ReadTimeout:
        _abandoned.append(path)
        return None, "complex"
    except Exception:  # pdfium raises PdfiumError, and ImportError on a platform without its wheel
        return None, None


def _render(path: Path, side: int):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return _draw(pdf, 0, side), len(pdf)
    finally:
        pdf.close()


# An operator, roughly: a letter (or ' ") starting a token, after whitespace or a closing delimiter
_OPERATOR = re.compile(rb"(?:(?<=[\s\])>])|^)[A-Za-z'\"]")
_CHUNK = 1 << 20


def page_one_too_complex(reader) -> bool:
    """True when page 1's content streams and the form XObjects they may draw hold more than
    MAX_CONTENT_BYTES decompressed or about MAX_OPERATORS operators. Flate is inflated in chunks with a
    cap (a 2 MB stream may hold 2 GB), and nothing is kept; a filter not measured here (LZW, …) is
    left to pdfium, which draws under the media time limit."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    page = reader.pages[0]
    todo, seen, streams = [page.get("/Contents"), page.get("/Resources")], set(), 0
    size = operators = 0
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, ArrayObject):
            todo.extend(item)
        elif isinstance(item, StreamObject):
            streams += 1
            if streams > MAX_CONTENT_STREAMS:
                return True
            for chunk in _inflated(item):
                size += len(chunk)
                operators += len(_OPERATOR.findall(chunk))
                if size > MAX_CONTENT_BYTES or operators > MAX_OPERATORS:
                    return True
            todo.append(item.get("/Resources"))
        elif isinstance(item, DictionaryObject):  # a /Resources dictionary: the forms it names
            xobjects = item.get("/XObject")
            xobjects = xobjects.get_object() if xobjects is not None else None
            if isinstance(xobjects, DictionaryObject):
                for ref in xobjects.values():
                    form = ref.get_object() if isinstance(ref, IndirectObject) else ref
                    if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form":
                        todo.append(ref)
    return False


def _inflated(stream):
    """A content stream's decoded bytes in chunks of at most _CHUNK, Flate inflated with a cap."""
    import zlib

    from pypdf.filters import ASCII85Decode, ASCIIHexDecode

    data = getattr(stream, "_data", b"")
    filters = stream.get("/Filter", [])
    filters = [filters] if isinstance(filters, str) else list(filters)
    for index, name in enumerate(filters):
        if name in ("/ASCIIHexDecode", "/AHx"):
            data = ASCIIHexDecode.decode(data)  # never longer than its input
        elif name in ("/ASCII85Decode", "/A85"):
            data = ASCII85Decode.decode(data)  # at most 5/4 of its input
        elif name in ("/FlateDecode", "/Fl") and index == len(filters) - 1:
            inflate = zlib.decompressobj()
            try:
                while data and not inflate.eof:
                    yield inflate.decompress(data, _CHUNK)
                    data = inflate.unconsumed_tail
            except zlib.error:  # damaged: pdfium decides what it can draw
                return
            return
        else:  # not measured here (LZW, RunLength, Flate then another filter)
            return
    for start in range(0, len(data), _CHUNK):
        yield data[start:start + _CHUNK]


def _draw(pdf, index: int, side: int):
    """Page ``index`` of an open pdfium document, ``side`` px on its long edge, as an RGB picture."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = min(4.0, side / max(width, height, 1))  # a tiny page is not blown up past 4×
        return page.render(scale=scale).to_pil().convert("RGB")
    finally:
        page.close()


def _read_with_pdfium(path: Path, want_images: bool) -> PdfFacts:
    """The facts pypdf gives, from pdfium: does it open with no password, its pages, and (for the seal
    heuristic) its first three pages drawn, where pypdf would also look at pages 2–3's pictures."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # neither reader can open it for want of a library: wuxiao's install, not the file
        return PdfFacts(error="missing-library", missing="pypdfium2")
    try:
        pdf = pdfium.PdfDocument(str(path))  # tries the empty password, as Acrobat does on opening
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():  # FPDF_ERR_PASSWORD, worded differently across versions
            return PdfFacts(encrypted=True, error="encrypted")
        return PdfFacts(error=f"PdfiumError: {exc}"[:120])
    try:
        pages = len(pdf)
        images = _drawn_pages(pdf, min(pages, 3)) if want_images else []
    finally:
        pdf.close()
    if pages == 0:
        return PdfFacts(error="no-pages")
    return PdfFacts(pages=pages, images=images)


def _drawn_pages(pdf, count: int) -> list:
    """The first ``count`` pages drawn, or as many as pdfium can draw: as in ``_render_first_page``, a
    page it cannot draw says nothing about whether the PDF opens, and the seal heuristic only warns."""
    images = []
    for index in range(count):
        try:
            images.append(_draw(pdf, index, RENDER_SIDE))
        except Exception:  # PdfiumError on a page it cannot load, MemoryError on a huge one
            break
    return images


def _render_first_page(path: Path) -> tuple[list, str | None]:
    """Page 1 (weighed by the caller) for the seal heuristic, or nothing, and "complex" when it was too
    slow to draw.
    A page pdfium cannot render says nothing about the user's file here: pypdf already decided whether
    it opens, and the seal heuristic only warns."""
    rendered, unsearched = _page_one(path, RENDER_SIDE, reader=False)
    return ([rendered[0]] if rendered else []), unsearched


# A page that is nothing but one picture drawn over the whole page: ``q W 0 0 H 0 0 cm /Name Do Q``
_ONE_PICTURE = re.compile(rb"\s*(?:q\s+)?([\d.]+)\s+0\s+0\s+([\d.]+)\s+0\s+0\s+cm\s+/([!-~]+?)\s+Do\s*(?:Q\s*)?")


def _scanned_page_one(reader) -> list:
    """Page 1 when it is a scanner's page as most PDFs hold it (one plain JPEG over the whole upright
    page, and nothing else: no text, paths or annotations, where an electronic seal would be): the
    JPEG decoded straight at the render's scale, the picture pdfium would draw for a fraction of its
    work (it decodes the whole JPEG first). Anything else, or any doubt: [] and pdfium draws the page."""
    try:
        page = reader.pages[0]
        if "/Annots" in page or int(page.get("/Rotate", 0)) % 360:
            return []
        contents = page.get_contents()
        drawn = _ONE_PICTURE.fullmatch(contents.get_data()) if contents is not None else None
        box = page.mediabox
        if drawn is None or float(box.left) or float(box.bottom) or \
                abs(float(drawn[1]) - float(box.width)) > 1 or abs(float(drawn[2]) - float(box.height)) > 1:
            return []
        picture = _plain_jpeg(page, "/" + drawn[3].decode("ascii"), RENDER_SIDE)
    except Exception:  # an odd page: pdfium draws it
        return []
    if picture is None:
        return []
    picture = picture.convert("RGB")
    picture.thumbnail((RENDER_SIDE, RENDER_SIDE))  # the size pdfium would have drawn it
    return [picture]


def _plain_jpeg(page, key, side: int = 600):
    """A scanner's page as most PDFs hold it, a plain RGB or grey JPEG, opened straight from its bytes
    so that Pillow decodes it at the scale of the thumbnail (4–8× less work than pypdf's full decode).
    None for anything else (other filters, CMYK, masks, decode arrays): pypdf decodes those."""
    if not isinstance(key, str):
        return None
    xobj = page["/Resources"]["/XObject"][key].get_object()
    if (xobj.get("/Filter") not in ("/DCTDecode", ["/DCTDecode"]) or "/Decode" in xobj or "/SMask" in xobj
            or xobj.get("/ColorSpace") not in ("/DeviceRGB", "/DeviceGray")):
        return None
    import io

    from PIL import Image

    pic = Image.open(io.BytesIO(xobj.get_data()))
    if pic.width * pic.height > 120_000_000 or pic.mode not in ("RGB", "L"):
        return None
    scale = side / max(pic.size)  # the smallest JPEG scale whose long side is still ``side`` or more
    pic.draft(pic.mode, (max(1, int(pic.width * scale)), max(1, int(pic.height * scale))))
    pic.load()
    return pic
