"""Sections of the member's home that later releases fill: each page says so plainly, with no invented data."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access import member_view


def coming_soon(title, purpose):
    @member_view
    @require_GET
    def view(request):
        return render(request, "portal/coming_soon.html", {"title": title, "purpose": purpose})

    view.__name__ = view.__qualname__ = f"coming_soon_{title.lower().replace(' ', '_')}"
    return view
