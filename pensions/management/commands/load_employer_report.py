"""`python manage.py load_employer_report FILE…`: load employer-report CSV files (docs/employer-report-format.md).

Each file loads whole or not at all: a bad row refuses the file, printing every refused row with its number and
reason, and the command exits with status 2. Loading a file again changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pensions import services
from pensions.employer_report import ReportRejected

EXIT_REJECTED = 2


class Command(BaseCommand):
    help = "Load employer-report CSV files of pay periods (format: docs/employer-report-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        rejected = 0
        for name in files:
            path = Path(name)
            try:
                content = path.read_bytes()
            except OSError as error:
                self.stderr.write(f"{name}: cannot be read ({error.strerror})")
                rejected += 1
                continue
            try:
                result = services.load_employer_report(content=content, filename=path.name)
            except ReportRejected as error:
                rejected += 1
                self.stderr.write(f"{name}: refused, nothing of it was loaded")
                for line, reason in error.errors:
                    self.stderr.write(f"  row {line}: {reason}")
                continue
            if result.already_loaded:
                self.stdout.write(f"{name}: already loaded on {result.report.loaded_at:%Y-%m-%d %H:%M}; nothing changed")
            else:
                self.stdout.write(f"{name}: {result.created} pay period(s) loaded, {result.unchanged} already on "
                                  f"record ({result.report.employer.code})")
        if rejected:
            raise CommandError(f"{rejected} file(s) refused", returncode=EXIT_REJECTED)
