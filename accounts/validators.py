"""Password rules beyond Django's own (SECURITY.md AU-3, AU-5): no composition rules, just length and words."""

from django.core.exceptions import ValidationError

# Words an attacker tries first against a retirement-system account (SECURITY.md AU-5).
CONTEXT_WORDS = ("michigan", "mpsers", "sers", "miaccount", "pension", "retirement", "password")


class MaximumLengthValidator:
    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(f"Use at most {self.max_length} characters.", code="password_too_long")

    def get_help_text(self):
        return f"Your password can be up to {self.max_length} characters; spaces are allowed."


class ContextWordsValidator:
    """Refuses passwords built on the system's names, the member ID or the e-mail's local part."""

    def validate(self, password, user=None):
        lowered = password.lower()
        words = list(CONTEXT_WORDS)
        if user is not None:
            email = getattr(user, "email", "") or ""
            words.append(email.split("@")[0].lower())
            member = getattr(user, "member", None) if getattr(user, "pk", None) else None
            if member is not None:
                words.append(member.member_id)
        for word in words:
            if len(word) >= 4 and word in lowered:
                raise ValidationError(
                    "Choose a password that does not contain the name of the retirement system, your member ID "
                    "or your e-mail name: those are the first guesses an attacker tries.",
                    code="password_context_word",
                )

    def get_help_text(self):
        return "Avoid the system's name, your member ID and your e-mail name."
