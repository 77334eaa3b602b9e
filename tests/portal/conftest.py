import pytest
from allauth.mfa.totp.internal.auth import TOTP

from tests.factories import StaffUserFactory


@pytest.fixture
def superuser_client(client):
    """A signed-in superuser with two-step verification set up, as the staff admin requires."""
    user = StaffUserFactory(is_superuser=True)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    return client
