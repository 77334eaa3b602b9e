from accounts.message_board.selectors import unread_replies_of
from portal.member_portal import portal_for
from portal.navigation import sections_for


def portal(request):
    """The member record of the signed-in person (None for staff and visitors) and, for members, the portal of their
    status (portal.member_portal), its main navigation and how many Message board replies they have not read. No
    query: the member and their inbox come with the user (accounts.auth), the section addresses are reversed once."""
    user = getattr(request, "user", None)
    member = getattr(user, "member", None) if user is not None and user.is_authenticated else None
    context = {"current_member": member}
    if member is not None:
        context["member_portal"] = member_portal = portal_for(member.status)
        context["main_sections"] = sections_for(request.path, member_portal)
        context["unread_messages"] = unread_replies_of(member)
    return context

