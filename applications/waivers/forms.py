"""What the member, the spouse and the notaries type on the spousal waiver, with messages a person understands.
Forms never save; the rules (``applications.rules.waiver``) and the services decide the rest."""

from django import forms
from django.utils import timezone

from accounts.forms import DateInput
from applications.models import NotarialAct, Waiver
from applications.rules.waiver import ActKind, Certificate, IdentityDocument
from portal.validators import validate_birth_date

NAME_NEEDED = "Enter your spouse's full name."
BIRTH_DATE_NEEDED = "Enter the date of birth as day, month and year."
EMAIL_NEEDED = "Enter an e-mail address like name@example.com."
SIGNATURE_NEEDED = "Type your full name to sign."
NOTARY_NAME_NEEDED = "Enter the notary's full name."
NOTARY_EMAIL_NEEDED = "Enter the notary's e-mail address: we send them their link."


def _birth_date(value):
    return validate_birth_date(value, today=timezone.localdate())


class StartWaiverForm(forms.Form):
    spouse_name = forms.CharField(label="Your spouse's full name", max_length=160,
                                  error_messages={"required": NAME_NEEDED})
    spouse_birth_date = forms.DateField(label="Your spouse's date of birth", widget=DateInput(),
                                        validators=[_birth_date],
                                        error_messages={"required": BIRTH_DATE_NEEDED, "invalid": BIRTH_DATE_NEEDED},
                                        help_text="Your spouse proves who they are with it before they can sign.")
    spouse_email = forms.EmailField(label="Your spouse's e-mail address", max_length=254,
                                    error_messages={"required": EMAIL_NEEDED, "invalid": EMAIL_NEEDED},
                                    help_text="We e-mail your spouse a link that works once, for 30 days.")


class SpouseEmailForm(forms.Form):
    email = forms.EmailField(label="Your spouse's new e-mail address", max_length=254,
                             error_messages={"required": EMAIL_NEEDED, "invalid": EMAIL_NEEDED},
                             help_text="The link already sent stops working; a new one goes to this address.")


class IdentityForm(forms.Form):
    birth_date = forms.DateField(label="Your date of birth", widget=DateInput(),
                                 error_messages={"required": BIRTH_DATE_NEEDED, "invalid": BIRTH_DATE_NEEDED})


class _Signing(forms.Form):
    esign_consent = forms.BooleanField(label="I agree to sign and receive this record electronically.",
                                       required=False)
    signature = forms.CharField(label="Type your full name to sign", max_length=200,
                                error_messages={"required": SIGNATURE_NEEDED})
    notary_name = forms.CharField(label="The notary's full name", max_length=160,
                                  error_messages={"required": NOTARY_NAME_NEEDED})
    notary_email = forms.EmailField(label="The notary's e-mail address", max_length=254,
                                    error_messages={"required": NOTARY_EMAIL_NEEDED, "invalid": EMAIL_NEEDED},
                                    help_text="The notary opens their link on their own device and must notarise "
                                              "your signature today.")
    # RULES §11b: an in-person act (signer and notary in one room, the notary signing electronically) or a remote
    # one on an approved platform. In person, the notary still acts on their own device, from their own e-mail.
    notary_present = forms.BooleanField(label="My notary is here with me now, in person", required=False,
                                        help_text="We e-mail the notary their link at once: they open it on their "
                                                  "own phone or computer, never on this device.")


class SpouseSignForm(_Signing):
    pass


class ApplicantSignForm(_Signing):
    pass


class CertificateForm(forms.Form):
    """The notarial certificate (RULES §11b)."""

    notary_name = forms.CharField(label="Your full name as commissioned", max_length=160)
    notary_email = forms.EmailField(label="Your e-mail address", max_length=254, required=False)
    commission_number = forms.CharField(label="Commission number", max_length=40)
    commission_county = forms.CharField(label="County of commission", max_length=60)
    commission_expires = forms.DateField(label="Commission expiration date", widget=DateInput(),
                                         error_messages={"invalid": BIRTH_DATE_NEEDED})
    act_county = forms.CharField(label="County where this act takes place", max_length=60)
    kind = forms.ChoiceField(label="Kind of notarial act", choices=NotarialAct.Kind.choices,
                             widget=forms.RadioSelect)
    platform = forms.CharField(label="Remote platform (approved by the Michigan Secretary of State)", max_length=120,
                               required=False, help_text="Remote acts only.")
    session_reference = forms.CharField(label="Platform session reference", max_length=120, required=False,
                                        help_text="Remote acts only.")
    identity_document = forms.ChoiceField(label="How the signer proved who they are",
                                          choices=NotarialAct.Identity.choices)
    identity_issuer = forms.CharField(label="Issued by", max_length=120, required=False,
                                      help_text="For example: State of Michigan. Never the document's number.")
    notary_signature = forms.CharField(label="Your electronic signature: type your full name", max_length=200)

    def certificate(self) -> Certificate:
        data = self.cleaned_data
        return Certificate(
            notary_name=data["notary_name"], commission_number=data["commission_number"],
            commission_county=data["commission_county"], commission_expires=data["commission_expires"],
            act_county=data["act_county"], kind=ActKind(data["kind"]), platform=data["platform"].strip(),
            session_reference=data["session_reference"].strip(),
            identity_document=IdentityDocument(data["identity_document"]),
            identity_issuer=data["identity_issuer"].strip(), notary_email=data["notary_email"])


class RejectForm(forms.Form):
    """Staff: a reason from the list (issue 18 item 6) and, for the member, what to fix."""

    reason = forms.ChoiceField(choices=Waiver.Reason.choices)
    note = forms.CharField(label="What the member should fix", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
