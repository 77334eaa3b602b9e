"""Forms of the pages after submission: a copy for one line of the checklist, and the withdrawal's confirmation."""

from django import forms

from accounts.uploads import UploadField

CHOOSE_A_LINE = "Choose a proof from your checklist."
CONFIRM_WITHDRAWAL = "Tick the box to confirm that you want to withdraw your application."


class ChecklistUploadForm(forms.Form):
    """``item`` names the checklist line (each line's form carries its own); ``file`` is content-checked and
    virus-scanned by ``UploadField``."""

    item = forms.ChoiceField(widget=forms.HiddenInput, error_messages={"required": CHOOSE_A_LINE,
                                                                      "invalid_choice": CHOOSE_A_LINE})
    file = UploadField(label="File")

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(item.key, item.label) for item in items if item.uploadable]


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label="I want to withdraw my retirement application",
                                 error_messages={"required": CONFIRM_WITHDRAWAL})
