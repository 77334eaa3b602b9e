"""factory_boy factories shared by every test folder."""

import datetime
import itertools

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import Document, MailingAddress, Member, User
from pensions.models import Employer, System

TEST_PASSWORD = "correct horse battery staple"
# The authenticator app every claimed member has set up (SECURITY.md AU-1); tests/signing_in.py computes its codes.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# SSNs from the 987-65-43xx range: a reserved, never-issued area (900-999) would fail structural rules, so the
# tests use a range of their own that no member record can hold outside the test database.
_ssn_serials = itertools.count(4300)


def test_ssn():
    return f"98765{next(_ssn_serials):04d}"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"Department {n}")
    system = System.SERS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Pat"
    last_name = "Tester"

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or TEST_PASSWORD)
        if create:
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class StaffUserFactory(UserFactory):
    is_staff = True


class MemberUserFactory(UserFactory):
    """A member's login with an authenticator app set up, as every member has after the first sign-in (AU-1).
    ``second_factor=False`` gives a login at its first sign-in, before it was set up."""

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTP.activate(user, TOTP_SECRET)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    member_id = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    system = System.SERS
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = "Member"
    date_of_birth = datetime.date(1965, 4, 12)
    ssn = factory.LazyFunction(test_ssn)
    benefit_structure = Member.Structure.DB_CLASSIFIED
    employment_type = Member.EmploymentType.REGULAR
    hire_date = datetime.date(1990, 9, 4)
    employer = factory.SubFactory(EmployerFactory)
    user = None


class ClaimedMemberFactory(MemberFactory):
    user = factory.SubFactory(MemberUserFactory)
    claimed_at = factory.Faker("date_time", tzinfo=datetime.timezone.utc)
    personal_email = factory.SelfAttribute("user.email")


class MailingAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingAddress

    member = factory.SubFactory(MemberFactory)
    line1 = "430 W Allegan St"
    city = "Lansing"
    state = "MI"
    postal_code = "48933"
    effective_date = datetime.date(2020, 1, 1)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    member = factory.SubFactory(MemberFactory)
    kind = Document.Kind.LETTER
    title = factory.Sequence(lambda n: f"Letter {n}")
    file = factory.django.FileField(data=b"%PDF-1.4\n%%EOF\n", filename="letter.pdf")
    original_name = "letter.pdf"
    content_type = "application/pdf"
    size = 15
    sha256 = "0" * 64


# Member-owned models by label, for the ownership sweep (tests/security): every model a member URL selects must
# be here, or the sweep fails and says which one is missing.
OWNED_OBJECT_FACTORIES = {
    "accounts.Document": lambda member: DocumentFactory(member=member),
    # The only address a member opens by id is a move not yet in effect (accounts:cancel_move).
    "accounts.MailingAddress": lambda member: MailingAddressFactory(
        member=member, effective_date=datetime.date.today() + datetime.timedelta(days=30)),
    # Retiree insurance: factories in tests/insurance/factories.py, imported on first use (no import cycle).
    # The member's one open application (one at a time: the same one for every page that needs it).
    "applications.Application": lambda member: __import__(
        "tests.applications.factories", fromlist=["draft_application"]).draft_application(member),
    "insurance.Dependent": lambda member: __import__(
        "tests.insurance.factories", fromlist=["DependentFactory"]).DependentFactory(member=member),
    "insurance.Enrolment": lambda member: __import__(
        "tests.insurance.factories", fromlist=["EnrolmentFactory"]).EnrolmentFactory(member=member),
    "insurance.LifeBeneficiary": lambda member: __import__(
        "tests.insurance.factories", fromlist=["LifeBeneficiaryFactory"]).LifeBeneficiaryFactory(member=member),
    "message_board.Thread": lambda member: start_message_thread(member),
    "pensions.BeneficiaryDesignation": lambda member: __import__(
        "tests.pensions.factories", fromlist=["name_survivor"]).name_survivor(member),
    "pensions.SavedEstimate": lambda member: __import__(
        "tests.pensions.factories", fromlist=["saved_estimate"]).saved_estimate(member),
    "pensions.PurchaseRequest": lambda member: __import__(
        "tests.pensions.factories", fromlist=["purchase_request"]).purchase_request(member),
}


def start_message_thread(member, *, topic="DIRECT_DEPOSIT", body="Has my new bank account been set up?", **kwargs):
    """A Message board thread as a member starts it: through the service, like the page does."""
    from accounts.message_board import services

    return services.start_thread(member=member, topic=topic, body=body, actor=member.user, **kwargs)
