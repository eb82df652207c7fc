"""A stock Flask app for sessionlint's examples: Flask's signed-cookie session with its
defaults (HttpOnly, no Secure, no SameSite), a login that marks the session permanent, a
hand-made preference cookie, and a logout that clears the session."""
from datetime import timedelta

from flask import Flask, make_response, redirect, request, session

app = Flask(__name__)
app.secret_key = "example-only-not-secret"
app.permanent_session_lifetime = timedelta(days=31)


@app.get("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    return f"visits={session['visits']} user={session.get('user', '(anonymous)')}\n"


@app.get("/theme")
def theme():
    response = make_response("theme set\n")
    response.set_cookie("theme", "dark", samesite="Lax")
    return response


@app.post("/login")
def login():
    session.clear()
    session["user"] = request.form["username"]
    session.permanent = True  # "remember me": Flask then sends Expires
    return redirect("/")


@app.post("/logout")
def logout():
    session.clear()
    return redirect("/")
