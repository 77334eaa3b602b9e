"""The shared runner of the JSON management commands (`estimate`, `coverage_date`, `retirement_facts`).

ARCHITECTURE, "The two command-line faces of the rules": a command reads one JSON object, or a JSON list of objects,
from standard input (or ``--input FILE``), computes one result per object and prints them the same way (an object
for an object, a list for a list). Bad input prints one JSON error naming the field (and the list index) and exits
with status 2; nothing else is printed, and never a traceback.

Batches stream (issue 16 item 6): memory stays flat whatever the batch size.

- A JSON list is read item by item (:class:`ListReader`: the standard library's own decoder, ``raw_decode``, over a
  buffered stream, so decimals, ``NaN``, depth and number-length limits behave exactly as for a whole document), and
  each result is written as it is computed — to a temporary file that spills to disk, copied to the output once the
  last item succeeded. So the printed list is exactly what it always was, and an error in item *k* prints only that
  error (with ``"index": k``): the results of the items before it are discarded, never printed.
- ``--lines``: JSON lines in, JSON lines out, one case read, computed and written at a time. A bad line gets its
  error object in its place (``index`` is its position, blank lines not counted), the other lines are still
  computed, and the exit status at the end is the worst met (2 for bad input).

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

``--chunks N`` (a command that sets ``chunk_task``): the batch fans out over Celery workers, N cases a task; the
command keeps reading while at most ``--in-flight`` chunks are computed and writes their results in the input's
order as each oldest chunk comes back, so both faces print exactly what they print computed here. The task is
:func:`chunk_results` over the same ``handle_item``; cases travel as the broker's JSON (kombu keeps decimals).
"""

from __future__ import annotations

import codecs
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

ErrorJson = Callable[[str | None, str, int | None], dict]

READ_SIZE = 1 << 16  # characters read from the input at a time
SPOOL_IN_MEMORY = 1 << 20  # a list's results beyond this many characters wait in a temporary file on disk
JSON_WHITESPACE = " \t\n\r"


class InputProblem(ValueError):
    """The text as a whole cannot be read as the command's input (raised and caught inside this module)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _reject_constant(name: str) -> Any:
    raise InputProblem(None, f"{name} is not a number")


DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_reject_constant)


def parse_json(text: str) -> Any:
    """JSON text → Python values, decimals as ``Decimal``; raises :class:`InputProblem` (field None) on any fault."""
    try:
        return DECODER.decode(text)
    except (ValueError, RecursionError) as error:
        raise _problem(error, 0, 0) from None


def _problem(error: Exception, lines_before: int, columns_before: int) -> InputProblem:
    """A decoding fault as the input's problem; positions shifted by the input read before the decoded text."""
    if isinstance(error, InputProblem):
        return error
    if isinstance(error, json.JSONDecodeError):
        column = error.colno + (columns_before if error.lineno == 1 else 0)
        return InputProblem(None, f"malformed JSON at line {error.lineno + lines_before} column {column}: {error.msg}")
    if isinstance(error, RecursionError):
        return InputProblem(None, "malformed JSON: nested too deeply")
    return InputProblem(None, f"malformed JSON: {error}")  # an integer longer than Python converts


# --- reading ------------------------------------------------------------------------------------------------


class TextSource:
    """The input READ_SIZE at a time, as text; bytes are decoded as UTF-8 and a fault names the byte's offset."""

    def __init__(self, stream: IO, field: str | None):
        self._stream = getattr(stream, "buffer", stream)
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._bytes_read = 0
        self._field = field
        self.at_end = False

    def read(self) -> str:
        """The next piece of text; '' at the end."""
        if self.at_end:
            return ""
        try:
            chunk = self._stream.read(READ_SIZE)
        except (OSError, UnicodeDecodeError) as error:
            raise InputProblem(self._field, f"cannot read the input: {error}") from None
        self.at_end = not chunk
        if not isinstance(chunk, bytes):
            return chunk
        pending = len(self._decoder.getstate()[0])
        try:
            text = self._decoder.decode(chunk, final=self.at_end)
        except UnicodeDecodeError as error:
            byte = self._bytes_read - pending + error.start
            raise InputProblem(self._field, f"the input is not UTF-8 text (byte {byte})") from None
        self._bytes_read += len(chunk)
        return text


class ListReader:
    """The items of a JSON list read one at a time from a :class:`TextSource`; only the current item is held.

    Each item is decoded by the standard library's decoder (``raw_decode``) on a buffer that grows until the item is
    complete; faults name the line and column in the whole input, as :func:`parse_json` would.
    """

    def __init__(self, source: TextSource):
        self._source = source
        self._buffer = ""
        self._position = 0
        self._lines_before = 0  # lines of the input before the buffer
        self._columns_before = 0  # characters of the buffer's first line that came before the buffer

    def first_character(self) -> str:
        """The first character of the input that is not whitespace ('' for an empty input)."""
        return self._next_character()

    def rest(self) -> str:
        """All of the input from here (for a single object: read whole, as it always was)."""
        pieces = [self._buffer[self._position :]]
        while piece := self._source.read():
            pieces.append(piece)
        return "".join(pieces)

    def __iter__(self) -> Iterator[Any]:
        self._expect("[")
        if self._next_character() == "]":
            self._position += 1
            self._finish()
            return
        while True:
            yield self._item()
            separator = self._next_character()
            if separator == "]":
                self._position += 1
                self._finish()
                return
            if separator != ",":
                raise self._fail("Expecting ',' delimiter")
            self._position += 1

    def _item(self) -> Any:
        self._next_character()  # raw_decode starts at a value, not at whitespace
        self._discard_consumed()
        while True:
            try:
                item, end = DECODER.raw_decode(self._buffer, self._position)
            except json.JSONDecodeError as error:
                if self._grow():  # cut short by the buffer, or wrong: decide with more of the input
                    continue
                raise _problem(error, self._lines_before, self._columns_before) from None
            except (ValueError, RecursionError) as error:
                raise _problem(error, self._lines_before, self._columns_before) from None
            if end < len(self._buffer) or not self._more():  # a number at the buffer's end may go on
                self._position = end
                return item

    def _finish(self) -> None:
        if self._next_character() != "":
            raise self._fail("Extra data")

    def _expect(self, character: str) -> None:
        if self._next_character() != character:
            raise self._fail("Expecting value")
        self._position += 1

    def _next_character(self) -> str:
        """The next character that is not JSON whitespace ('' at the end); the position moves to it."""
        while True:
            while self._position < len(self._buffer) and self._buffer[self._position] in JSON_WHITESPACE:
                self._position += 1
            if self._position < len(self._buffer):
                return self._buffer[self._position]
            if not self._more():
                return ""

    def _more(self) -> bool:
        piece = self._source.read()
        self._buffer += piece
        return bool(piece)

    def _grow(self) -> bool:
        """Read until the buffer has doubled (or the input ends), so a long item is decoded a few times, not once
        per read; whether anything was read."""
        wanted = 2 * len(self._buffer)
        grew = False
        while len(self._buffer) < wanted and self._more():
            grew = True
        return grew

    def _discard_consumed(self) -> None:
        consumed = self._buffer[: self._position]
        newlines = consumed.count("\n")
        if newlines:
            self._lines_before += newlines
            self._columns_before = len(consumed) - consumed.rfind("\n") - 1
        else:
            self._columns_before += len(consumed)
        self._buffer = self._buffer[self._position :]
        self._position = 0

    def _fail(self, message: str) -> InputProblem:
        self._discard_consumed()
        return _problem(json.JSONDecodeError(message, self._buffer, 0), self._lines_before, self._columns_before)


# --- computing ----------------------------------------------------------------------------------------------


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
        for status, output in results_of(payload, handle_item, bad_input, error_json, failures, input_field):
            if status != EXIT_OK:
                return status, output
            results.append(output)
        return EXIT_OK, results
    if isinstance(payload, dict):
        return _one(payload, None, handle_item, bad_input, error_json, failures)
    return EXIT_BAD_INPUT, error_json(input_field, "expected a JSON object or a list of objects", None)


def results_of(items: Iterable[Any], handle_item, bad_input, error_json, failures, input_field) -> Iterator:
    """``(status, output)`` for each item in turn, stopping after the first that is not OK — also when reading the
    next item fails (the text is wrong: its error names the input, without an index)."""
    index = 0
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except InputProblem as problem:
            yield EXIT_BAD_INPUT, error_json(problem.field or input_field, problem.message, None)
            return
        status, output = _one(item, index, handle_item, bad_input, error_json, failures)
        yield status, output
        if status != EXIT_OK:
            return
        index += 1


def chunk_results(cases: list, handle_item, bad_input, error_json, failures) -> list[tuple[int, Any]]:
    """``(status, output)`` of each ``[index, item]`` of a chunk, all of them (a Celery worker's share of a batch;
    the command stops at the first that is not OK where it would have)."""
    return [_one(item, index, handle_item, bad_input, error_json, failures) for index, item in cases]


def fanned_out(cases: Iterable, task, *, chunk_size: int, in_flight: int, timeout: float) -> Iterator:
    """``(status, output)`` of each case in order, computed by Celery workers ``chunk_size`` cases a task.

    ``cases`` yields ``(index, item)`` to compute, or ``(None, (status, output))`` already known here (a line that
    is not JSON, the input's own fault); at most ``in_flight`` chunks wait for a worker at a time."""
    pending: list = []  # chunks sent, oldest first: (their async result, the results known here by position)
    chunk, known = [], {}

    def send():
        pending.append((task.delay(chunk) if chunk else None, known, len(chunk) + len(known)))

    for index, item in cases:
        if index is None:
            known[len(chunk) + len(known)] = item
        else:
            chunk.append([index, item])
        if len(chunk) >= chunk_size:
            send()
            chunk, known = [], {}
            if len(pending) >= in_flight:
                yield from _collected(pending.pop(0), timeout)
    if chunk or known:
        send()
    for sent in pending:
        yield from _collected(sent, timeout)


def _collected(sent, timeout: float) -> Iterator:
    result, known, size = sent
    computed = iter(result.get(timeout=timeout) if result is not None else ())
    for position in range(size):
        yield tuple(known[position]) if position in known else tuple(next(computed))


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
    """A management command that runs the loop over standard input or ``--input FILE``, streaming (module doc)."""

    handle_item: Callable[[Any], Any]
    bad_input: tuple[type[Exception], ...] = ()
    failures: tuple[type[Exception], ...] = ()
    error_json: ErrorJson
    input_field: str | None = "input"
    chunk_task = None  # a Celery task over chunk_results with this command's settings: allows --chunks
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
        if self.chunk_task is not None:
            parser.add_argument("--chunks", type=int, metavar="N", help="fan the batch out over Celery workers, N "
                                "cases a task; results are written in the input's order")
            parser.add_argument("--in-flight", type=int, default=8, metavar="K",
                                help="with --chunks: at most K chunks waiting for a worker at a time (default 8)")
            parser.add_argument("--chunk-timeout", type=float, default=600, metavar="SECONDS",
                                help="with --chunks: how long to wait for one chunk's results (default 600)")

    def handle(self, *args, **options):
        self._fan_out = None
        if options.get("chunks") is not None:
            if options["chunks"] < 1 or options["in_flight"] < 1:
                raise CommandError("--chunks and --in-flight take a number of at least 1")
            self._fan_out = {"chunk_size": options["chunks"], "in_flight": options["in_flight"],
                             "timeout": options["chunk_timeout"]}
        path = options.get("input")
        try:
            stream = open(path, "rb") if path else (options.get("stdin") or sys.stdin)  # noqa: SIM115 (closed below)
        except OSError as error:
            status = self._print(self.error_json("--input", f"cannot read {path}: {error.strerror}", None))
        else:
            try:
                if options.get("lines"):
                    status = self._lines(stream)
                else:
                    status = self._document(TextSource(stream, "--input" if path else self.input_field))
            finally:
                if path:
                    stream.close()
        if status != EXIT_OK:
            # CommandError's returncode is the process's exit status; its message goes to stderr only.
            raise CommandError(f"{self._name()} failed: see the JSON error(s) above", returncode=status)

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

    def _results(self, items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        if getattr(self, "_fan_out", None) is None:
            return results_of(items, self.handle_item, self.bad_input, self.error_json, self.failures,
                              self.input_field)
        return fanned_out(self._indexed(items), self.chunk_task, **self._fan_out)

    def _indexed(self, items: Iterable[Any]) -> Iterator[tuple[int | None, Any]]:
        """A list's items for :func:`fanned_out`; the text going wrong ends them with its error (no index)."""
        index = 0
        iterator = iter(items)
        while True:
            try:
                item = next(iterator)
            except StopIteration:
                return
            except InputProblem as problem:
                yield None, (EXIT_BAD_INPUT, self.error_json(problem.field or self.input_field, problem.message, None))
                return
            yield index, item
            index += 1

    def _lines(self, stream) -> int:
        """``--lines``: compute and write one line at a time. A bad line prints its error object (``index`` = the
        line's position, blank lines not counted) in its place and the others are still computed; the exit status
        is then the worst one met (2 for bad input)."""
        worst = EXIT_OK
        cases = self._line_cases(stream)
        if self._fan_out is None:
            results = (known if index is None else _one(known, index, self.handle_item, self.bad_input,
                                                        self.error_json, self.failures) for index, known in cases)
        else:
            results = fanned_out(cases, self.chunk_task, **self._fan_out)
        for status, output in results:
            self.stdout.write(json.dumps(output))
            self.stdout.flush()
            worst = max(worst, status)
        return worst

    def _line_cases(self, stream) -> Iterator[tuple[int | None, Any]]:
        """``(index, item)`` for each JSON line, or ``(None, (status, error))`` for a line that is not JSON; blank
        lines are skipped (and not counted)."""
        index = 0
        for raw in getattr(stream, "buffer", stream):
            try:
                text = self._decode(raw, self.input_field) if isinstance(raw, bytes) else raw
                if not text.strip():
                    continue
                yield index, parse_json(text)
            except InputProblem as problem:
                yield None, (EXIT_BAD_INPUT, self.error_json(problem.field or self.input_field, problem.message, index))
            index += 1

    @staticmethod
    def _decode(raw: bytes, field: str | None) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputProblem(field, f"the input is not UTF-8 text (byte {error.start})") from None

    def _document(self, source: TextSource) -> int:
        """A list streams (results spooled until the last item succeeds); anything else is read whole."""
        reader = ListReader(source)
        try:
            if reader.first_character() != "[":
                status, output = self.run_text(reader.rest())
                return self._print(output, status)
        except InputProblem as problem:
            return self._print(self.error_json(problem.field or self.input_field, problem.message, None))
        with tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY, mode="w+", encoding="utf-8") as spool:
            opening = separator = "[\n  "
            for status, output in self._results(reader):
                if status != EXIT_OK:
                    return self._print(output, status)
                spool.write(separator)
                spool.write(json.dumps(output, indent=2).replace("\n", "\n  "))  # as inside an indented list
                separator = ",\n  "
            spool.write("[]" if separator == opening else "\n]")
            spool.seek(0)
            shutil.copyfileobj(spool, _Writer(self.stdout))
        self.stdout.write("")
        return EXIT_OK

    def _print(self, output: Any, status: int = EXIT_BAD_INPUT) -> int:
        self.stdout.write(json.dumps(output, indent=2))
        return status

    def _name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]


class _Writer:
    """A command's output as a file for :func:`shutil.copyfileobj` (pieces written without a line ending)."""

    def __init__(self, output):
        self._output = output

    def write(self, text: str) -> None:
        self._output.write(text, ending="")
