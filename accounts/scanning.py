"""Virus scanning of every member upload (SECURITY.md FI-9).

Production scans with the ClamAV daemon (Debian's ``clamav-daemon``; signatures kept current by ``freshclam``) at
``CLAMAV_URL`` through the ``clamav-client`` library. Development without clamd uses ``DevelopmentEicarScanner``,
which recognises nothing but the EICAR test string: it exists so a newcomer can run the portal with Python alone, and
it refuses to work outside development. A production web node or worker will not start with it
(``portal.startup.require_real_virus_scanner``) and ``manage.py check --deploy`` fails (``check_scanner``).

A scanner answers with the threat's name, or None for a clean file, or raises ``ScanUnavailable`` when it cannot
tell (daemon down, timeout, an error reply): the upload is then refused, never stored unscanned.
"""

import io
from typing import Protocol
from urllib.parse import urlsplit

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

CLAMD_DEFAULT_PORT = 3310  # clamd's registered port (man 5 clamd.conf, TCPSocket)
NO_REAL_SCANNER = ("Uploads would be scanned by the development-only scanner, which finds nothing but the EICAR test "
                   "string. Set CLAMAV_URL to the ClamAV daemon (unix:///run/clamav/clamd.ctl or tcp://host:3310).")


class ScanUnavailable(Exception):
    """The scanner could not give an answer; the upload is refused (fail closed)."""


class Scanner(Protocol):
    def scan(self, content: bytes) -> str | None:
        """The name of the threat found, or None when clean; raises ScanUnavailable when it cannot tell."""


def clamd_client(url, timeout):
    """The clamav-client connection for ``url``: ``unix:///path``, a bare socket path, or ``tcp://host[:port]``."""
    parts = urlsplit(url)
    if parts.scheme == "tcp" and parts.hostname:
        return ClamdNetworkSocket(host=parts.hostname, port=parts.port or CLAMD_DEFAULT_PORT, timeout=timeout)
    if parts.scheme in ("unix", "") and parts.path.startswith("/"):
        return ClamdUnixSocket(path=parts.path, timeout=timeout)
    raise ImproperlyConfigured(f"CLAMAV_URL must be unix:///path/to/clamd.sock or tcp://host:port, not {url!r}.")


class ClamdScanner:
    """Scans through the ClamAV daemon with INSTREAM (the bytes are sent over the socket; clamd needs no access to
    our files). A FOUND reply names the threat; anything but OK or FOUND means we cannot tell."""

    def __init__(self, url=None, timeout=None):
        self.url = url or settings.CLAMAV_URL
        self.client = clamd_client(self.url, timeout or settings.CLAMAV_TIMEOUT_SECONDS)

    def scan(self, content):
        try:
            replies = self.client.instream(io.BytesIO(content))
        except (ClamdError, OSError) as exc:
            raise ScanUnavailable(f"clamd at {self.url} did not answer: {exc}") from exc
        status, threat = replies.get("stream", ("ERROR", None))
        if status == "FOUND":
            return threat
        if status == "OK":
            return None
        raise ScanUnavailable(f"clamd at {self.url} replied {status} {threat}")


class DevelopmentEicarScanner:
    """Development only: finds nothing but the EICAR test string, so uploads work with no clamd installed and the
    refusal path can still be tried. Refuses to run outside development (DEBUG or the test runner)."""

    # The test string of https://www.eicar.org/download-anti-malware-testfile/, written in two parts so this source
    # file itself does not carry the signature a real scanner would flag.
    EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$" rb"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

    def __init__(self):
        if not settings.DEVELOPMENT:
            raise ImproperlyConfigured(NO_REAL_SCANNER)

    def scan(self, content):
        return "Eicar-Test-Signature" if self.EICAR in content else None


def get_scanner():
    return import_string(settings.UPLOAD_SCANNER)()


def uses_development_scanner():
    return import_string(settings.UPLOAD_SCANNER) is DevelopmentEicarScanner


@register(Tags.security, deploy=True)
def check_scanner(app_configs, **kwargs):
    if uses_development_scanner():
        return [Error(NO_REAL_SCANNER, id="accounts.E001")]
    return []
