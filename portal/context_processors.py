from django.utils.functional import SimpleLazyObject

from accounts.message_board.selectors import unread_count_for_member


def portal(request):
    """The member record of the signed-in person (None for staff and visitors) and, for the navigation, how many
    Message board replies they have not read: one query, made only when a page shows the count."""
    user = getattr(request, "user", None)
    member = getattr(user, "member", None) if user is not None and user.is_authenticated else None
    context = {"current_member": member}
    if member is not None:
        context["unread_messages"] = SimpleLazyObject(lambda: unread_count_for_member(member=member))
    return context
