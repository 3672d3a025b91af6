"""Checks shared by the Office readers: tell an encrypted or old binary file
from a corrupt one before the library fails on it with a traceback-worthy
error, so the user gets a reason they can act on."""

from __future__ import annotations

from pathlib import Path

from sources.errors import UnreadableDocument

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# An encrypted OOXML file is an OLE compound file holding these streams.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def check_ooxml(path: Path, data: bytes, kind: str, old_format: str) -> None:
    """Raise :class:`UnreadableDocument` unless ``data`` looks like an OOXML zip.

    ``kind`` names the format for messages (``Word document``), ``old_format``
    the binary predecessor a misnamed file most likely is (``.doc``)."""
    if data.startswith(_OLE_MAGIC):
        if any(stream in data for stream in _ENCRYPTED_STREAMS):
            raise UnreadableDocument(
                f"{path}: {kind} is password-protected (encrypted); remove the password and try again"
            )
        raise UnreadableDocument(
            f"{path}: old binary {old_format} format, not {path.suffix.lower() or 'OOXML'}; "
            f"save it as {path.suffix.lower() or 'OOXML'} first"
        )
    if not data.startswith(_ZIP_MAGIC):
        raise UnreadableDocument(f"{path}: not a valid {kind} (no zip container); the file is corrupt")


def corrupt(path: Path, kind: str, exc: BaseException) -> UnreadableDocument:
    """The one-line error for a library failure on a damaged file."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if len(reason) > 120:
        reason = reason[:117] + "..."
    return UnreadableDocument(f"{path}: corrupt or unreadable {kind} ({reason})")
