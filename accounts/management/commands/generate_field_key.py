from django.core.management.base import BaseCommand

from portal import crypto


class Command(BaseCommand):
    help = "Print a new random 256-bit key for FIELD_ENCRYPTION_KEYS or BLIND_INDEX_KEY (base64)."

    def handle(self, *args, **options):
        self.stdout.write(crypto.generate_key())
