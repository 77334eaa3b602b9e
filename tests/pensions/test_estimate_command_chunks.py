"""`manage.py estimate --chunks N` fans a batch out over Celery workers (issue 16 item 6): through Redis to a real
worker, the printed text is exactly what the command prints computing every case itself — results in the input's
order, an error in a list's item k printed alone with its index, a bad line's error in its place."""

import io
import json

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import CommandError, call_command

from portal.celery import app

from ..engine.members import MPSERS_MEMBER, MR_MAC

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db]

# Seven cases that differ (birth dates move the ages, so no two results are alike).
CASES = [{**(MR_MAC if n % 2 else MPSERS_MEMBER), "birth_date": f"{1945 + n % 2}-0{1 + n}-01"} for n in range(7)]


def printed(text: str, *options) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("estimate", *options, stdin=io.StringIO(text), stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def worker():
    app.control.purge()  # messages left by earlier runs
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as running:
        yield running


def test_a_list_fanned_out_prints_what_the_command_prints_itself(worker):
    text = json.dumps(CASES)
    here = printed(text)
    assert here[0] == 0 and len(json.loads(here[1])) == len(CASES)
    assert printed(text, "--chunks", "2", "--in-flight", "2") == here


def test_an_error_in_a_fanned_out_list_is_printed_alone_with_its_index(worker):
    cases = [*CASES[:4], {**CASES[4], "birth_date": "1945-02-30"}, *CASES[5:]]
    here = printed(json.dumps(cases))
    assert here[0] == 2 and json.loads(here[1])["error"]["index"] == 4
    assert printed(json.dumps(cases), "--chunks", "3") == here


def test_json_lines_fanned_out_keep_their_order_and_each_error_in_its_place(worker):
    lines = [json.dumps(case) for case in CASES[:3]] + ["{not json", "", json.dumps({**CASES[3], "system": "X"})]
    lines += [json.dumps(case) for case in CASES[4:]]
    text = "\n".join(lines) + "\n"
    here = printed(text, "--lines")
    assert here[0] == 2 and len(here[1].splitlines()) == len(CASES) + 1
    assert printed(text, "--lines", "--chunks", "2", "--in-flight", "1") == here
