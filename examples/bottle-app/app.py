"""A Bottle app with the login its tutorial shows: the account name in a signed cookie
(`response.set_cookie("account", name, secret=...)`), which Bottle writes as
`!<base64 HMAC>?<base64 pickle>`: readable by the client, and not revocable by the server.
The logout deletes the cookie. Served on 127.0.0.1:8775 (record.sh)."""
from bottle import Bottle, request, response, redirect, abort

SECRET = "sessionlint-example-secret-0123456789abcdef"
app = Bottle()


@app.get("/")
def home():
    return "home"


@app.get("/login")
def login_form():
    return "login form"


@app.post("/login")
def login():
    response.set_cookie("account", request.forms.get("username"), secret=SECRET, path="/", httponly=True)
    redirect("/account")


@app.get("/account")
def account():
    name = request.get_cookie("account", secret=SECRET)
    if not name:
        abort(401, "log in first")
    return "account of " + name


@app.get("/logout")
def logout():
    response.delete_cookie("account", path="/")
    redirect("/")


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8775, quiet=True)
