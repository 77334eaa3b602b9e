"""The signature database the tests give their ClamAV daemon (no freshclam, no network: CI writes it, see
scripts/start-test-clamd).

Three signatures, so a test can tell a real clamd with this database from any other scanner:
- EICAR, the industry's harmless test string (https://www.eicar.org/download-anti-malware-testfile/), as a body
  signature (``.ndb``: found anywhere in a file, also inside a Flate-compressed PDF stream, which clamd inflates);
- a marker of our own, also a body signature, that no other scanner knows;
- a whole-file hash (``.hdb``: MD5 and size) of bytes of our own.
Format: https://docs.clamav.net/manual/Signatures/BodySignatures.html and …/HashSignatures.html.
Standard library only: the start-up script runs it before any virtual environment exists.
"""

import hashlib
from pathlib import Path

# Split so that no file in the repository holds the whole EICAR string (a scanner on a workstation would flag it).
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_NAME = "Eicar-Test-Signature"

# Split for the same reason: the repository must not flag itself with its own test database.
PORTAL_MARKER = b"PORTAL-TEST-MALWARE-" + b"MARKER-7f3a9c"
PORTAL_MARKER_NAME = "Portal.Test.Marker"

PORTAL_HASHED_FILE = b"portal test file known by its hash, " + b"not by any string inside it\n"
PORTAL_HASH_NAME = "Portal.Test.Hash"


def ndb_line(name, body):
    """Body signature ``Name:TargetType:Offset:HexSignature``; target 0 = any file, offset * = anywhere."""
    return f"{name}:0:*:{body.hex()}\n"


def hdb_line(name, content):
    """Hash signature ``MD5:Size:Name``."""
    return f"{hashlib.md5(content).hexdigest()}:{len(content)}:{name}\n"


def write_database(directory):
    """Write the test signatures into ``directory`` (clamd's ``DatabaseDirectory``)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "portal-test.ndb").write_text(ndb_line(EICAR_NAME, EICAR) + ndb_line(PORTAL_MARKER_NAME,
                                                                                        PORTAL_MARKER))
    (directory / "portal-test.hdb").write_text(hdb_line(PORTAL_HASH_NAME, PORTAL_HASHED_FILE))
