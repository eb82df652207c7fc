"""Pyramid's SignedCookieSessionFactory out of the box (the session as HMAC-SHA512 and JSON in
one base64 cookie, `session`): a login that starts a new session for the user, an account page
that counts views (so every visit signs the cookie again), and a logout that invalidates the
session. Run by record.sh for examples/pyramid-session.pcap."""
from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.response import Response
from pyramid.session import SignedCookieSessionFactory
from waitress import serve


def home(request):
    return Response(f"hello {request.session.get('user', 'anonymous')}")


def login(request):
    if request.method == "POST":
        request.session.invalidate()
        request.session["user"] = request.POST.get("username")
        return HTTPSeeOther("/account")
    return Response("<form method=post><input name=username><input type=password name=password></form>")


def account(request):
    if "user" not in request.session:
        return HTTPSeeOther("/login")
    request.session["views"] = request.session.get("views", 0) + 1
    return Response(f"account of {request.session['user']}")


def logout(request):
    request.session.invalidate()
    return HTTPSeeOther("/")


if __name__ == "__main__":
    with Configurator() as config:
        config.set_session_factory(SignedCookieSessionFactory("not-a-secret"))
        for name, path, view in [("home", "/", home), ("login", "/login", login), ("account", "/account", account), ("logout", "/logout", logout)]:
            config.add_route(name, path)
            config.add_view(view, route_name=name)
        app = config.make_wsgi_app()
    serve(app, host="127.0.0.1", port=8767, _quiet=True)
