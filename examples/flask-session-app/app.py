"""A Flask app with server-side sessions from the Flask-Session extension (0.8, cachelib's
file-system cache), configured as its quickstart shows: the `session` cookie holds a random ID,
the state stays on the server. The login does not regenerate the ID (the extension leaves that
to `app.session_interface.regenerate`, which tutorials omit), so the pre-login ID stays valid;
the logout clears the session, which deletes it on the server, so a replayed cookie is refused.
Served on 127.0.0.1:8777 (record.sh)."""
import tempfile

from cachelib.file import FileSystemCache
from flask import Flask, abort, redirect, request, session
from flask_session import Session

app = Flask(__name__)
app.config.update(SESSION_TYPE="cachelib", SESSION_CACHELIB=FileSystemCache(tempfile.mkdtemp(), threshold=500))
Session(app)


@app.get("/")
def home():
    session["visits"] = session.get("visits", 0) + 1
    return "home"


@app.get("/login")
def login_form():
    return "login form"


@app.post("/login")
def login():
    session["user"] = request.form["username"]
    return redirect("/account")


@app.get("/account")
def account():
    if "user" not in session:
        abort(401)
    return "account of " + session["user"]


@app.get("/logout")
def logout():
    session.clear()
    return redirect("/")


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8777)
