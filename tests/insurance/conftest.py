import pytest

from accounts.models import Member
from tests.factories import ClaimedMemberFactory


@pytest.fixture
def retiree(db):
    return ClaimedMemberFactory(first_name="Rita", status=Member.Status.RETIRED)


@pytest.fixture
def retiree_client(client, retiree):
    client.force_login(retiree.user)
    return client
