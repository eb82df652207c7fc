"""Starlette's SessionMiddleware out of the box (a signed cookie, `session`): a login that
stores the user, an account page that counts views (so every visit signs the cookie again), and
a logout that clears the session. Run by record.sh for examples/starlette-session.pcap."""
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

async def home(request):
    user = request.session.get("user")
    return PlainTextResponse(f"hello {user or 'anonymous'}")

async def login(request):
    if request.method == "POST":
        form = await request.form()
        request.session["user"] = form.get("username")
        return RedirectResponse("/account", status_code=303)
    return PlainTextResponse("<form method=post>login</form>")

async def account(request):
    if "user" not in request.session:
        return RedirectResponse("/login", status_code=303)
    request.session["views"] = request.session.get("views", 0) + 1
    return PlainTextResponse(f"account of {request.session['user']}")

async def logout(request):
    request.session.clear()
    return RedirectResponse("/", status_code=303)

app = Starlette(routes=[Route("/", home), Route("/login", login, methods=["GET", "POST"]),
                        Route("/account", account), Route("/logout", logout)],
                middleware=[Middleware(SessionMiddleware, secret_key="not-a-secret")])
