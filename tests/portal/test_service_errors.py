"""One shape of refusal for every app (issue 12 item 3): each app's error is a portal.errors.ServiceError."""

import pytest

from accounts.message_board.services import MessageBoardError
from accounts.services import AccountError
from accounts.uploads import UploadRejected
from insurance.services import DateChanged, InsuranceError
from pensions.selectors import EstimateRefused
from pensions.services import RecordsError
from portal.errors import ServiceError


@pytest.mark.parametrize("error", [AccountError, UploadRejected, MessageBoardError, InsuranceError, DateChanged,
                                   RecordsError, EstimateRefused])
def test_every_apps_refusal_is_a_service_error(error):
    assert issubclass(error, ServiceError)


def test_a_service_error_carries_the_message_a_member_reads_and_the_field_it_is_about():
    error = RecordsError("Choose another name.", field="name")
    assert (error.message, error.field, str(error)) == ("Choose another name.", "name", "Choose another name.")
