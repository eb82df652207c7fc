"""The classic Django cookie and session tutorial views (The Django Book, chapter
"Sessions, Users, and Registration"): write a session value and read it back, set a plain
`user_name` cookie with no attributes and read it back."""
from django.http import HttpResponse


def set_session(request):
    request.session["fav_color"] = "blue"
    return HttpResponse("Session value set.\n")


def get_session(request):
    color = request.session.get("fav_color", "(none)")
    user = request.user.username if request.user.is_authenticated else "(anonymous)"
    return HttpResponse(f"fav_color={color} user={user}\n")


def set_cookie(request):
    response = HttpResponse("Cookie set.\n")
    response.set_cookie("user_name", "alice")
    return response


def get_cookie(request):
    return HttpResponse(f"user_name={request.COOKIES.get('user_name', '(none)')}\n")
