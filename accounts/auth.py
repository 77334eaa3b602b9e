def axes_username(request, credentials):
    """django-axes keys lockouts on the login e-mail; allauth posts it as ``login`` or passes ``email``."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if value is None and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return (value or "").strip().lower()
