"""The shared runner of the JSON management commands (`estimate`, `coverage_date`, `retirement_facts`).

ARCHITECTURE, "The two command-line faces of the rules": a command reads one JSON object, or a JSON list of objects,
from standard input (or ``--input FILE``), computes one result per object and prints them the same way (an object
for an object, a list for a list). Bad input prints one JSON error naming the field (and the list index) and exits
with status 2; nothing else is printed, and never a traceback.

A command is a subclass of :class:`JsonCommand` that sets three things; its rules stay in a pure module (no Django)::

    class Command(JsonCommand):
        help = "…"
        handle_item = staticmethod(contract.handle_item)   # one input object → one JSON-ready result
        bad_input = (contract.ContractError,)              # exceptions meaning "this input is wrong"
        error_json = staticmethod(contract.error_json)     # (field, message, index) → the printed error object

Exceptions in ``bad_input`` carry ``.field`` (the input field, ``"compensation[2].end"`` style, or None) and
``.message`` (member-readable). ``failures`` (optional) lists exceptions that are not the input's fault (a data file
missing): the same JSON error, exit status 1. Problems with the text as a whole — unreadable file, not UTF-8, not
JSON, nested too deep, a number too long — are reported against ``input_field`` (``"input"`` by default;
``"--input"`` for a file that cannot be read).

:func:`run` is the same loop without the command line, for tests and for callers that already hold the text:
``run(text, handle_item, bad_input=…, error_json=…)`` returns ``(exit status, output object)``;
``Command().run_text(text)`` does the same with a command's settings.

``--lines`` streams instead (issue 16 item 6): JSON lines in, JSON lines out, one case read, computed and written at
a time, so memory stays flat whatever the batch size; a bad line gets its error object in its place (``index`` is
its position) and the exit status at the end is 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

ErrorJson = Callable[[str | None, str, int | None], dict]


class InputProblem(ValueError):
    """The text as a whole cannot be read as the command's input (raised and caught inside this module)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _reject_constant(name: str) -> Any:
    raise InputProblem(None, f"{name} is not a number")


def parse_json(text: str) -> Any:
    """JSON text → Python values, decimals as ``Decimal``; raises :class:`InputProblem` (field None) on any fault."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except InputProblem:
        raise
    except json.JSONDecodeError as error:
        raise InputProblem(None, f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise InputProblem(None, "malformed JSON: nested too deeply") from None
    except ValueError as error:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise InputProblem(None, f"malformed JSON: {error}") from None


def run(
    text: str,
    handle_item: Callable[[Any], Any],
    *,
    bad_input: tuple[type[Exception], ...],
    error_json: ErrorJson,
    failures: tuple[type[Exception], ...] = (),
    input_field: str | None = "input",
) -> tuple[int, Any]:
    """Parse ``text``, apply ``handle_item`` to the object or to each item of the list; ``(status, output)``.

    Every item is computed before anything is returned, so a bad item yields only its error (with its index).
    """
    try:
        payload = parse_json(text)
    except InputProblem as problem:
        return EXIT_BAD_INPUT, error_json(problem.field or input_field, problem.message, None)
    if isinstance(payload, list):
        results = []
        for index, item in enumerate(payload):
            status, output = _one(item, index, handle_item, bad_input, error_json, failures)
            if status != EXIT_OK:
                return status, output
            results.append(output)
        return EXIT_OK, results
    if isinstance(payload, dict):
        return _one(payload, None, handle_item, bad_input, error_json, failures)
    return EXIT_BAD_INPUT, error_json(input_field, "expected a JSON object or a list of objects", None)


def _one(item, index, handle_item, bad_input, error_json, failures) -> tuple[int, Any]:
    if not isinstance(item, dict):
        return EXIT_BAD_INPUT, error_json(None, "each case must be a JSON object", index)
    try:
        return EXIT_OK, handle_item(item)
    except failures as error:
        return EXIT_FAILURE, error_json(getattr(error, "field", None), getattr(error, "message", str(error)), index)
    except bad_input as error:
        return EXIT_BAD_INPUT, error_json(error.field, error.message, index)
    except RecursionError:  # a value nested too deep to describe; the JSON itself parsed
        return EXIT_BAD_INPUT, error_json(None, "a value is nested too deeply", index)


class JsonCommand(BaseCommand):
    """A management command that runs :func:`run` over standard input or ``--input FILE`` (see the module doc)."""

    handle_item: Callable[[Any], Any]
    bad_input: tuple[type[Exception], ...] = ()
    failures: tuple[type[Exception], ...] = ()
    error_json: ErrorJson
    input_field: str | None = "input"
    stealth_options = ("stdin",)  # call_command(..., stdin=io.StringIO(...)) in tests
    requires_system_checks = []  # pure rules, no database: answer even while another app's checks fail

    def add_arguments(self, parser):
        parser.add_argument("--input", metavar="FILE", help="read the JSON from FILE instead of standard input")
        parser.add_argument(
            "--lines",
            action="store_true",
            help="JSON lines: one object per input line, one result (or error) per output line, each written before "
            "the next line is read, so memory stays flat whatever the batch size",
        )

    def handle(self, *args, **options):
        if options.get("lines"):
            self._stream(options.get("input"), options.get("stdin"))
            return
        try:
            text = self._read(options.get("input"), options.get("stdin"))
        except InputProblem as problem:
            status, output = EXIT_BAD_INPUT, self.error_json(problem.field, problem.message, None)
        else:
            status, output = self.run_text(text)
        self.stdout.write(json.dumps(output, indent=2))
        if status != EXIT_OK:
            # CommandError's returncode is the process's exit status; its message goes to stderr only.
            raise CommandError(f"{self._name()} failed: see the JSON error above", returncode=status)

    def run_text(self, text: str) -> tuple[int, Any]:
        """This command's :func:`run` over ``text``: ``(exit status, output object)``."""
        return run(
            text,
            self.handle_item,
            bad_input=self.bad_input,
            error_json=self.error_json,
            failures=self.failures,
            input_field=self.input_field,
        )

    def _stream(self, path: str | None, stdin) -> None:
        """``--lines``: compute and write one line at a time. A bad line prints its error object (``index`` = the
        line's position, blank lines not counted) in its place and the others are still computed; the exit status
        is then the worst one met (2 for bad input)."""
        worst = EXIT_OK
        try:
            handle = open(path, "rb") if path else None  # noqa: SIM115 - closed below, after the last line
        except OSError as error:
            self.stdout.write(json.dumps(self.error_json("--input", f"cannot read {path}: {error.strerror}", None)))
            raise CommandError(f"{self._name()} failed: see the JSON error above", returncode=EXIT_BAD_INPUT) from None
        stream = handle or stdin or sys.stdin
        lines = getattr(stream, "buffer", stream)
        try:
            index = 0
            for raw in lines:
                status, output = self._line(raw, index)
                if status is None:
                    continue
                self.stdout.write(json.dumps(output))
                self.stdout.flush()
                worst = max(worst, status)
                index += 1
        finally:
            if handle is not None:
                handle.close()
        if worst != EXIT_OK:
            raise CommandError(f"{self._name()} failed on some lines: see their JSON errors", returncode=worst)

    def _line(self, raw: bytes | str, index: int) -> tuple[int | None, Any]:
        """One JSON line → (status, output); (None, None) for a blank line."""
        try:
            text = self._decode(raw, self.input_field) if isinstance(raw, bytes) else raw
            if not text.strip():
                return None, None
            item = parse_json(text)
        except InputProblem as problem:
            return EXIT_BAD_INPUT, self.error_json(problem.field or self.input_field, problem.message, index)
        return _one(item, index, self.handle_item, self.bad_input, self.error_json, self.failures)

    def _read(self, path: str | None, stdin) -> str:
        if path:
            try:
                with open(path, "rb") as handle:
                    raw = handle.read()
            except OSError as error:
                raise InputProblem("--input", f"cannot read {path}: {error.strerror}") from None
            return self._decode(raw, "--input")
        stream = stdin or sys.stdin
        try:
            raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        except (OSError, UnicodeDecodeError) as error:
            raise InputProblem(self.input_field, f"cannot read the input: {error}") from None
        return self._decode(raw, self.input_field) if isinstance(raw, bytes) else raw

    @staticmethod
    def _decode(raw: bytes, field: str | None) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputProblem(field, f"the input is not UTF-8 text (byte {error.start})") from None

    def _name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]
