def portal(request):
    """The member record of the signed-in person, for the navigation (None for staff and visitors)."""
    user = getattr(request, "user", None)
    member = getattr(user, "member", None) if user is not None and user.is_authenticated else None
    return {"current_member": member}
