"""Content-checked uploads: the one gate every member file passes (SECURITY.md FI-1 … FI-10, L6).

``validate_upload`` decides a file's type from its bytes (magic bytes and a successful parse), never from its name
or the browser's Content-Type, refuses what we cannot vouch for, and returns sanitised bytes to store: pictures
re-encoded by Pillow (EXIF and everything else outside the pixels dropped), PDFs re-saved by pikepdf (bytes outside
the object graph dropped). ``store_document`` saves them under a random name, within the member's quota, audited.
Every refusal is an ``UploadRejected`` whose message is written for the member, not for us.
"""

import base64
import hashlib
import io
import itertools
import logging
import re
import unicodedata
import zlib
from dataclasses import dataclass
from types import MappingProxyType

import filetype
import pikepdf
from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from PIL import Image, ImageOps

from accounts.audit import audit
from accounts.models import Document, Member
from accounts.scanning import ScanUnavailable, get_scanner
from portal.errors import ServiceError

UPLOADS_THROTTLED = "You have uploaded several files in a short time. Please wait a minute and try again."

logger = logging.getLogger(__name__)

MB = 1024 * 1024
PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"


@dataclass(frozen=True)
class FileType:
    label: str  # how a member calls it
    extensions: tuple  # accepted name endings, the first one canonical


@dataclass(frozen=True)
class UploadPolicy:
    """What members may upload (SECURITY.md FI-1). Members see ``describe()``; every check reads these values."""

    types: MappingProxyType
    max_bytes: int  # per file; checked before anything reads or parses the file
    max_image_pixels: int  # per picture, from its header, before any decoding
    max_pdf_pages: int
    max_files_per_application: int  # for the proofs of one application (enforced by the applications app)
    max_member_files: int  # member uploads kept per member; the office's letters and statements do not count
    max_member_bytes: int
    # Bomb limits inside a PDF (SECURITY.md FI-4); not shown to members.
    max_pdf_expanded_bytes: int  # all compressed streams of one PDF, once decompressed
    max_pdf_image_pixels: int  # one picture inside a PDF (a 600 dpi legal-size scan is 43 MP)
    max_pdf_objects: int

    def describe(self):
        kinds = ", ".join(t.label for t in self.types.values())
        return (f"Accepted files: {kinds}, up to {self.max_bytes // MB} MB each. Pictures up to "
                f"{self.max_image_pixels // 1_000_000} megapixels; PDFs up to {self.max_pdf_pages} pages, without a "
                f"password, scripts or attachments. You can keep up to {self.max_member_files} uploaded files "
                f"({self.max_member_bytes // MB} MB in all).")


UPLOAD_POLICY = UploadPolicy(
    types=MappingProxyType({
        PDF: FileType("PDF", ("pdf",)),
        JPEG: FileType("JPEG picture", ("jpg", "jpeg")),
        PNG: FileType("PNG picture", ("png",)),
    }),
    max_bytes=settings.UPLOAD_MAX_BYTES,
    max_image_pixels=40_000_000,
    max_pdf_pages=50,
    max_files_per_application=20,
    max_member_files=100,
    max_member_bytes=100 * MB,
    max_pdf_expanded_bytes=128 * MB,
    max_pdf_image_pixels=100_000_000,
    max_pdf_objects=200_000,
)

# Messages shown to the member as they are (STYLE.md: tests assert these constants).
EMPTY = "This file is empty. Choose the file again; if it is still empty, save a new copy and upload that."
TOO_LARGE = ("This file is larger than {max_mb} MB. Upload a smaller file: scan or save the document again at a "
             "lower quality, or send a smaller size of the photo.")
NOT_ALLOWED = ("This file is not a PDF, JPEG or PNG. We accept only those kinds of file: save or scan your "
               "document as a PDF, or take a photo of it, and upload that.")
NAME_MISMATCH = ("The name of this file does not match what is in it: it is a {label}, so its name should end in "
                 "{endings}. Rename it, or check that you chose the right file.")
HIDDEN_DATA = ("This {label} has other data hidden in it or attached to it, which we do not accept. Open it, save "
               "or export a fresh copy, and upload that.")
DAMAGED = ("This {label} could not be read: it may be damaged or incomplete. Open it to check it, save a fresh copy "
           "and upload that.")
TOO_MANY_PIXELS = ("This picture is too large: the most we accept is {max_mp} megapixels. Send a smaller size of the "
                   "photo (most phones offer one when you share it) and try again.")
ENCRYPTED = ("This PDF is password-protected or encrypted, so we cannot check it or open it. Save a copy without a "
             "password (for example, print it to a new PDF) and upload that.")
ACTIVE_CONTENT = ("This PDF contains scripts, automatic actions, attached files or interactive form code, which we "
                  "do not accept. Print it to a new PDF (File, Print, Save as PDF) and upload that copy.")
TOO_MANY_PAGES = ("This PDF has more than {max_pages} pages. Split it into files of up to {max_pages} pages and "
                  "upload each one.")
PDF_TOO_COMPLEX = ("This PDF is built in a way we cannot safely check: it is too complex or uses an old or unusual "
                   "format. Print it to a new PDF (File, Print, Save as PDF) and upload that copy.")
VIRUS = ("This file contains a virus or other harmful content, so we cannot accept it. Do not open it again, and "
         "check your device with your security software.")
SCAN_UNAVAILABLE = "We could not check this file for viruses just now. Please try again in a few minutes."
QUOTA_FILES = ("You have already uploaded {max_files} files, the most we can keep for one member. Call us if you "
               "need to send more.")
QUOTA_BYTES = ("This file would take your uploads over {max_mb} MB, the most we can keep for one member. Call us if "
               "you need to send more.")


class UploadRejected(ServiceError):
    """A file refused."""


@dataclass(frozen=True)
class CleanFile:
    content: bytes  # the sanitised bytes to store, never the bytes received
    content_type: str
    extension: str
    size: int
    sha256: str  # of ``content``
    original_name: str  # display metadata only; never part of a storage key


# ---------------------------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------------------------

# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters, line separators.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def sanitise_name(name, max_length=120):
    """The last path part of ``name`` without invisible or control characters, at most ``max_length`` long."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    name = " ".join(name.split()).strip(" .")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        ext = f".{ext}" if dot and 0 < len(ext) <= 10 else ""
        name = (stem if ext else name)[:max_length - len(ext)].rstrip(" .") + ext
    return name


def _extension(name):
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


# ---------------------------------------------------------------------------------------------------------------
# Structure: where the file really ends, and what is hidden after it
# ---------------------------------------------------------------------------------------------------------------

_ZIP_END_RECORD = b"PK\x05\x06"
_PADDING = b" \t\r\n\x0c\x00"


def _has_zip_directory(data):
    # A ZIP reader looks for its end record in the last 64 KiB + 22 bytes; a file with one there opens as an archive.
    return _ZIP_END_RECORD in data[-(65_535 + 22):]


def _png_end(data):
    """Offset just past the IEND chunk, or None when the chunk chain is broken or truncated."""
    pos = 8
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        end = pos + 12 + length
        if end > len(data):
            return None
        if data[pos + 4:pos + 8] == b"IEND":
            return end
        pos = end
    return None


_FILL = re.compile(rb"\xff+")
# In entropy-coded data a real marker is an FF not followed by a stuffed 00, a restart marker or another fill FF.
_MARKER_IN_SCAN = re.compile(rb"\xff(?![\x00\xd0-\xd7\xff])")
_PADDING_RUN = re.compile(rb"[ \t\r\n\x0c\x00]*")
_MAX_APPENDED_JPEGS = 8
_MAX_JPEG_SEGMENTS = 10_000  # real pictures have dozens; millions of empty ones would only cost us time


def _jpeg_end(data, start=0):
    """Offset just past the EOI marker of the JPEG starting at ``start``, or None when it never ends properly."""
    n, pos = len(data), start + 2
    if data[start:pos] != b"\xff\xd8":
        return None
    for _ in range(_MAX_JPEG_SEGMENTS):
        fill = _FILL.match(data, pos)  # every segment starts with FF (possibly several)
        if fill is None or fill.end() >= n:
            return None
        marker, pos = data[fill.end()], fill.end() + 1
        if marker == 0xD9:
            return pos
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if pos + 2 > n or (length := int.from_bytes(data[pos:pos + 2], "big")) < 2:
            return None
        pos += length
        if marker == 0xDA:  # scan data runs to the next real marker
            found = _MARKER_IN_SCAN.search(data, pos)
            if found is None or found.end() >= n:
                return None
            pos = found.start()
    return None


def _check_structure(data, content_type, label):
    """Refuse truncated files and polyglots: data after the real end of the file, or a ZIP directory inside."""
    if _has_zip_directory(data):
        raise UploadRejected(HIDDEN_DATA.format(label=label))
    if content_type == PNG:
        end = _png_end(data)
        if end is None:
            raise UploadRejected(DAMAGED.format(label=label))
        if data[end:]:
            raise UploadRejected(HIDDEN_DATA.format(label=label))
    elif content_type == JPEG:
        end = _jpeg_end(data)
        if end is None:
            raise UploadRejected(DAMAGED.format(label=label))
        # Phones append further complete JPEGs (MPF: depth maps, HDR gain maps) after the first; anything else after
        # the picture (HTML, a script, an archive, a video) is refused. Re-encoding drops all of it anyway.
        for _ in range(_MAX_APPENDED_JPEGS + 1):
            start = _PADDING_RUN.match(data, end).end()
            if start == len(data):
                break
            end = _jpeg_end(data, start)
            if end is None:
                raise UploadRejected(HIDDEN_DATA.format(label=label))
        else:
            raise UploadRejected(HIDDEN_DATA.format(label=label))
    elif content_type == PDF:
        eof = data.rfind(b"%%EOF")
        if eof < 0:
            raise UploadRejected(DAMAGED.format(label=label))
        if data[eof + 5:].strip(_PADDING):
            raise UploadRejected(HIDDEN_DATA.format(label=label))


# ---------------------------------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------------------------------

_PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG"}
_PNG_MODES = {"1", "L", "LA", "I", "I;16", "RGB", "RGBA"}


def _clean_image(data, content_type, label):
    """Decode after a pixel-count check on the header, apply the EXIF orientation, re-encode without metadata.

    The explicit check (rather than lowering the process-wide ``Image.MAX_IMAGE_PIXELS``) keeps the limit ours and
    thread-safe; Pillow's own bomb error still fires first for absurd headers.
    """
    policy = UPLOAD_POLICY
    try:
        image = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[content_type]])
    except Image.DecompressionBombError:
        raise UploadRejected(TOO_MANY_PIXELS.format(max_mp=policy.max_image_pixels // 1_000_000)) from None
    except Exception:  # Pillow raises many types for malformed input; any failure means we cannot vouch for it
        raise UploadRejected(DAMAGED.format(label=label)) from None
    with image:
        if image.width * image.height > policy.max_image_pixels:
            raise UploadRejected(TOO_MANY_PIXELS.format(max_mp=policy.max_image_pixels // 1_000_000))
        try:
            image.load()
            clean = ImageOps.exif_transpose(image)
        except Exception:
            raise UploadRejected(DAMAGED.format(label=label)) from None
    if content_type == JPEG and clean.mode not in ("L", "RGB"):
        clean = clean.convert("RGB")
    elif content_type == PNG and clean.mode not in _PNG_MODES:
        clean = clean.convert("RGBA")
    # Nothing from the source travels on: no EXIF, ICC profile, text chunks, comments or transparency keys.
    clean.info = {}
    out = io.BytesIO()
    if content_type == JPEG:
        clean.save(out, format="JPEG", quality=85)
    else:
        clean.save(out, format="PNG")
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# PDFs
# ---------------------------------------------------------------------------------------------------------------

# Keys that make a PDF act by itself (scripts, actions, launched programs) or carry other files or form programs.
_ACTIVE_KEYS = frozenset({"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch", "/EmbeddedFiles", "/EmbeddedFile",
                          "/EF", "/RichMedia", "/RichMediaContent", "/XFA"})
# The same things named as a value (/S /JavaScript, /Type /EmbeddedFile), plus actions that send data out or jump
# into an attached file.
_ACTIVE_NAMES = frozenset({"/JavaScript", "/Launch", "/EmbeddedFile", "/RichMedia", "/FileAttachment",
                           "/ImportData", "/SubmitForm", "/GoToE", "/RichMediaExecute"})
_SHRINKING_FILTERS = frozenset({"/ASCIIHexDecode", "/ASCII85Decode"})
_IMAGE_FILTERS = frozenset({"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"})  # never decoded here


def _is_active(obj):
    """Whether ``obj`` or anything directly inside it (not following references) is active content."""
    pending = [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, pikepdf.Name):
            if str(item) in _ACTIVE_NAMES:
                return True
        elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
            for key in item.keys():
                if key in _ACTIVE_KEYS:
                    return True
                value = item[key]
                if not getattr(value, "is_indirect", False):  # numbers come back as plain Python values
                    pending.append(value)
        elif isinstance(item, pikepdf.Array):
            pending.extend(value for value in item if not getattr(value, "is_indirect", False))
    return False


def _filters(stream):
    value = stream.get("/Filter")
    if value is None:
        return []
    return [str(value)] if isinstance(value, pikepdf.Name) else [str(name) for name in value]


class _Budget:
    def __init__(self, remaining):
        self.remaining = remaining

    def spend(self, count):
        self.remaining -= count
        if self.remaining < 0:
            raise UploadRejected(PDF_TOO_COMPLEX)


def _inflate(chunks, budget):
    """Decompress zlib data piece by piece, never holding more than 4 MiB of output, within ``budget``."""
    decompressor = zlib.decompressobj()
    try:
        for chunk in chunks:
            while chunk and not decompressor.eof:
                out = decompressor.decompress(chunk, 4 * MB)
                budget.spend(len(out))
                if out:
                    yield out
                chunk = decompressor.unconsumed_tail
            if decompressor.eof:
                return
    except zlib.error:
        return  # a damaged stream ends here for measuring; viewers do the same


_STREAM_DATA = re.compile(rb"\bstream(?:\r\n|\n|\r)")


def _looks_like_zlib(data):
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _drain(chunks, budget, depth=0):
    """Consume ``chunks``, inflating them, and what they inflate to, for as long as they look like zlib data."""
    chunks = iter(chunks)
    first = next(chunks, b"")
    if depth < 4 and _looks_like_zlib(first):
        _drain(_inflate(itertools.chain([first], chunks), budget), budget, depth + 1)
    elif depth:
        for _ in chunks:
            pass


def _prescan_pdf(data):
    """Bound every zlib stream in the raw bytes before qpdf parses anything.

    qpdf inflates object and cross-reference streams whole, in memory, while it parses: a 500 KB file can make it
    allocate gigabytes before any check of ours runs. zlib data marks its own end, so measuring it needs no PDF
    parser: every "stream" keyword is tried, and nested zlib (Flate inside Flate) is followed.
    """
    budget, view = _Budget(UPLOAD_POLICY.max_pdf_expanded_bytes), memoryview(data)
    for match in _STREAM_DATA.finditer(data):
        start = match.end()
        _drain((view[pos:pos + 65_536] for pos in range(start, len(data), 65_536)), budget)


def _decode_ascii(data, name):
    data = data.translate(None, _PADDING)
    try:
        if name == "/ASCIIHexDecode":
            data = data.split(b">", 1)[0]
            return bytes.fromhex((data + b"0" * (len(data) % 2)).decode("ascii"))
        return base64.a85decode(data.split(b"~>", 1)[0])
    except ValueError:
        raise UploadRejected(DAMAGED.format(label="PDF")) from None


def _measure_stream(stream, budget):
    """Count the stream's decompressed size against ``budget``, refusing filters we cannot bound."""
    filters = _filters(stream)
    chunks = [stream.read_raw_bytes()]
    for position, name in enumerate(filters):
        if name in _SHRINKING_FILTERS:
            chunks = [_decode_ascii(b"".join(chunks), name)]
        elif name == "/FlateDecode":
            chunks = _inflate(chunks, budget)
        elif name in _IMAGE_FILTERS and position == len(filters) - 1:
            pass
        else:  # LZW, RunLength, Crypt, unknown: we have no bounded decoder for them, so we cannot vouch
            raise UploadRejected(PDF_TOO_COMPLEX)
    for _ in chunks:
        pass
    if stream.get("/Subtype") == pikepdf.Name.Image:
        pixels = int(stream.get("/Width", 0)) * int(stream.get("/Height", 0))
        if pixels > UPLOAD_POLICY.max_pdf_image_pixels:
            raise UploadRejected(PDF_TOO_COMPLEX)


def _clean_pdf(data):
    _prescan_pdf(data)
    try:
        pdf = pikepdf.open(io.BytesIO(data), attempt_recovery=False)
    except pikepdf.PasswordError:
        raise UploadRejected(ENCRYPTED) from None
    except Exception:
        raise UploadRejected(DAMAGED.format(label="PDF")) from None
    with pdf:
        try:
            return _inspect_and_resave(pdf)
        except UploadRejected:
            raise
        except Exception:  # qpdf reports broken structure lazily, as objects are reached; we cannot vouch for it
            raise UploadRejected(DAMAGED.format(label="PDF")) from None


def _inspect_and_resave(pdf):
    policy = UPLOAD_POLICY
    if pdf.is_encrypted:
        raise UploadRejected(ENCRYPTED)
    pages = len(pdf.pages)
    if pages > policy.max_pdf_pages:
        raise UploadRejected(TOO_MANY_PAGES.format(max_pages=policy.max_pdf_pages))
    if pages == 0:
        raise UploadRejected(DAMAGED.format(label="PDF"))
    objects = pdf.objects
    if len(objects) > policy.max_pdf_objects:
        raise UploadRejected(PDF_TOO_COMPLEX)
    # Every object in the file, referenced or not, and the trailer: hiding it in an orphan object does not help.
    if any(_is_active(obj) for obj in [pdf.trailer, *objects]):
        raise UploadRejected(ACTIVE_CONTENT)
    budget = _Budget(policy.max_pdf_expanded_bytes)
    for obj in objects:
        if isinstance(obj, pikepdf.Stream):
            _measure_stream(obj, budget)
    if pdf.get_warnings():  # qpdf had to guess somewhere: the file is damaged
        raise UploadRejected(DAMAGED.format(label="PDF"))
    out = io.BytesIO()
    # qpdf writes only what the trailer reaches: comments, orphan objects and appended bytes are dropped. Flate
    # streams are copied, not recompressed; the XMP packet is left as it is rather than parsed and rewritten.
    pdf.save(out, fix_metadata_version=False, recompress_flate=False, deterministic_id=True)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# The gate
# ---------------------------------------------------------------------------------------------------------------

def _read_within_limit(uploaded_file, limit):
    """Refuse by the declared size before reading anything, then read at most one byte more than allowed."""
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise UploadRejected(TOO_LARGE.format(max_mb=limit // MB))
    if declared == 0:
        raise UploadRejected(EMPTY)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(TOO_LARGE.format(max_mb=limit // MB))
    if not data:
        raise UploadRejected(EMPTY)
    return data


def _detect_type(data):
    """The allowed type the bytes are, by signature at offset 0, or None. Parsing confirms it later."""
    kind = filetype.guess(data)
    mime = kind.mime if kind else None
    signatures = {PDF: b"%PDF-", JPEG: b"\xff\xd8\xff", PNG: b"\x89PNG\r\n\x1a\n"}
    return mime if mime in signatures and data.startswith(signatures[mime]) else None


def validate_upload(uploaded_file):
    """Check one uploaded file against UPLOAD_POLICY; return the sanitised ``CleanFile`` or raise UploadRejected.

    The browser's Content-Type is never read. A name whose ending disagrees with the content is refused rather
    than corrected: a mismatch is either a mistake the member should see or a disguise.
    """
    policy = UPLOAD_POLICY
    original_name = sanitise_name(getattr(uploaded_file, "name", ""))
    data = _read_within_limit(uploaded_file, policy.max_bytes)
    try:
        threat = get_scanner().scan(data)
    except ScanUnavailable:
        # Fail closed: the member tries again later; we are told, because every upload fails until clamd is back.
        logger.exception("Upload refused: the virus scanner could not answer")
        raise UploadRejected(SCAN_UNAVAILABLE) from None
    if threat:
        raise UploadRejected(VIRUS)
    content_type = _detect_type(data)
    if content_type is None:
        raise UploadRejected(NOT_ALLOWED)
    file_type = policy.types[content_type]
    if _extension(original_name) not in file_type.extensions:
        endings = " or ".join(f".{ext}" for ext in file_type.extensions)
        raise UploadRejected(NAME_MISMATCH.format(label=file_type.label, endings=endings))
    _check_structure(data, content_type, file_type.label)
    content = _clean_pdf(data) if content_type == PDF else _clean_image(data, content_type, file_type.label)
    return CleanFile(content=content, content_type=content_type, extension=file_type.extensions[0],
                     size=len(content), sha256=hashlib.sha256(content).hexdigest(), original_name=original_name)


class UploadField(forms.FileField):
    """A file input whose cleaned value is a ``CleanFile``; the policy is its help text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", UPLOAD_POLICY.describe())
        kwargs.setdefault("error_messages", {"empty": EMPTY})
        super().__init__(**kwargs)
        accept = [f".{ext}" for t in UPLOAD_POLICY.types.values() for ext in t.extensions]
        self.widget.attrs.setdefault("accept", ",".join([*accept, *UPLOAD_POLICY.types]))

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if not value or value is initial:
            return value
        try:
            return validate_upload(value)
        except UploadRejected as rejected:
            raise ValidationError(rejected.message, code="upload_rejected") from None


# ---------------------------------------------------------------------------------------------------------------
# Storing
# ---------------------------------------------------------------------------------------------------------------

def store_document(*, member, kind, title, clean_file, actor):
    """Save a validated file in the member's Documents under a random key, within the quota, with an audit entry.

    The quota counts the member's own uploads only; the office's letters and statements never count against it.
    """
    if not isinstance(clean_file, CleanFile):
        raise TypeError("store_document stores only files that passed validate_upload.")
    policy = UPLOAD_POLICY
    document = Document(member=member, kind=kind, title=title, original_name=clean_file.original_name,
                        content_type=clean_file.content_type, size=clean_file.size, sha256=clean_file.sha256)
    try:
        with transaction.atomic():
            # One upload at a time per member, so two concurrent uploads cannot both fit the last slot.
            Member.objects.select_for_update().filter(pk=member.pk).first()
            if kind == Document.Kind.UPLOAD:
                used = Document.objects.filter(member=member, kind=Document.Kind.UPLOAD).aggregate(
                    files=Count("id"), size=Sum("size"))
                if used["files"] >= policy.max_member_files:
                    raise UploadRejected(QUOTA_FILES.format(max_files=policy.max_member_files))
                if (used["size"] or 0) + clean_file.size > policy.max_member_bytes:
                    raise UploadRejected(QUOTA_BYTES.format(max_mb=policy.max_member_bytes // MB))
            document.file.save("upload", ContentFile(clean_file.content), save=False)
            document.full_clean()
            document.save()
            audit(actor=actor, member=member, action="accounts.document.uploaded", target=f"document:{document.pk}",
                  data={"kind": kind, "content_type": clean_file.content_type, "size": clean_file.size,
                        "sha256": clean_file.sha256})
    except BaseException:
        if document.file.name:  # the row was not written: do not leave its file behind
            document.file.storage.delete(document.file.name)
        raise
    return document


def upload_throttled(request, form) -> bool:
    """Count a request carrying files against the member's upload limit (SECURITY.md VL-6: ``upload_document`` in
    ``ACCOUNT_RATE_LIMITS``, files are costly to check); over it, the form gets the one refusal and True is returned."""
    if request.FILES and not ratelimit.consume(request, action="upload_document", user=request.user):
        form.add_error(None, UPLOADS_THROTTLED)
        return True
    return False
