"""aiohttp-session's EncryptedCookieStorage out of the box (the session encrypted into a Fernet
token, cookie AIOHTTP_SESSION): a login that starts a new session for the user, an account page
that counts views (so every visit encrypts the cookie again), and a logout that invalidates the
session. Run by record.sh for examples/aiohttp-session.pcap."""
from aiohttp import web
from aiohttp_session import get_session, new_session, setup
from aiohttp_session.cookie_storage import EncryptedCookieStorage


async def home(request):
    session = await get_session(request)
    return web.Response(text=f"hello {session.get('user', 'anonymous')}")


async def login(request):
    if request.method == "POST":
        form = await request.post()
        session = await new_session(request)
        session["user"] = form.get("username")
        raise web.HTTPSeeOther("/account")
    return web.Response(text="<form method=post><input name=username><input type=password name=password></form>",
                        content_type="text/html")


async def account(request):
    session = await get_session(request)
    if "user" not in session:
        raise web.HTTPSeeOther("/login")
    session["views"] = session.get("views", 0) + 1
    return web.Response(text=f"account of {session['user']}")


async def logout(request):
    session = await get_session(request)
    session.invalidate()
    raise web.HTTPSeeOther("/")


app = web.Application()
setup(app, EncryptedCookieStorage(b"an-example-key-not-a-secret-32by"))
app.add_routes([web.get("/", home), web.get("/login", login), web.post("/login", login),
                web.get("/account", account), web.get("/logout", logout)])

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=8766, print=None)
