"""What members and staff type on the Message Board, checked with messages a person understands. Forms never save."""

from django import forms

from accounts.message_board import services
from accounts.message_board.models import MESSAGE_MAX_LENGTH
from accounts.message_board.ssn_guard import ssn_shaped_numbers
from accounts.uploads import UploadField

BODY_HELP = (f"Up to {MESSAGE_MAX_LENGTH:,} characters. Please do not type your full Social Security number or bank "
             "account number: we can see them on your record.")
BODY_ERRORS = {
    "required": services.EMPTY_MESSAGE,
    "max_length": ("Your message has %(show_value)d characters; one message can hold up to %(limit_value)d. Shorten "
                   "it, or send the rest in a second message."),
}


SSN_SHAPED = ("Your message contains a number shaped like a Social Security number ({numbers}). We never need one "
              "in a message: remove it, or tick the box below to send the message with the number masked (only its "
              "last four digits are kept).")
SEND_MASKED = "Send it anyway, with the number masked"
ATTACH_AGAIN = "Your file was not sent yet: attach it again."


def body_field(label, *, help_text=BODY_HELP, rows=8):
    return forms.CharField(label=label, max_length=MESSAGE_MAX_LENGTH, help_text=help_text,
                           error_messages=BODY_ERRORS, widget=forms.Textarea(attrs={"rows": rows}))


class SsnGuard:
    """Mixed into every form that takes a message (issue 15 item 9): a body holding an SSN-shaped number is refused
    once, with the warning and a box to tick; ticked, the form is valid and the service stores the body with the
    number masked (services.clean_body). The box only appears while the body holds such a number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and ssn_shaped_numbers(self.data.get(self.add_prefix("body"), "")):
            self.fields["send_masked"] = forms.BooleanField(label=SEND_MASKED, required=False)
            names = [name for name in self.fields if name != "send_masked"]
            after_body = names.index("body") + 1
            self.order_fields([*names[:after_body], "send_masked", *names[after_body:]])

    def clean(self):
        data = super().clean()
        numbers = ssn_shaped_numbers(data.get("body", ""))
        if numbers and not data.get("send_masked"):
            warning = SSN_SHAPED.format(numbers=", ".join(numbers))
            if self.files.get(self.add_prefix("attachment")):
                warning += " " + ATTACH_AGAIN  # a browser never sends a file twice on its own
            self.add_error("body", forms.ValidationError(warning, code="ssn_shaped"))
        return data


class ThreadStartForm(SsnGuard, forms.Form):
    topic = forms.ChoiceField(label="What is your message about?",
                              error_messages={"required": "Choose the topic closest to your question.",
                                              "invalid_choice": "Choose one of the topics in the list."})
    body = body_field("Your message")
    attachment = UploadField(label="Attach a file (optional)", required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Choose a topic")] + [
            (topic.value, topic.label) for topic in services.topics_for_member(member)]


class ReplyForm(SsnGuard, forms.Form):
    body = body_field("Your reply", rows=6)
    attachment = UploadField(label="Attach a file (optional)", required=False)


# ---------------------------------------------------------------------------------------------------------------
# Staff, in the admin workspace
# ---------------------------------------------------------------------------------------------------------------

class StaffReplyForm(SsnGuard, forms.Form):
    body = body_field("Reply to the member", rows=6,
                      help_text="The member receives an e-mail that a reply is waiting; it never contains your text.")
    attachment = UploadField(
        label="Attach a file (optional)", required=False,
        help_text="A PDF, JPEG or PNG, checked and scanned like the member's files; it also goes into the member's "
                  "Documents.")


class InternalNoteForm(SsnGuard, forms.Form):
    body = body_field("Add an internal note", rows=3, help_text="Only staff see internal notes; the member never does.")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="Assign to", queryset=None, required=False, empty_label="Nobody")
    # The assignee the page showed, so a change made by someone else in between is noticed, not overwritten.
    expected = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, answerers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = answerers
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.email
