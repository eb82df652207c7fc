"""A stock Flask-Login app for sessionlint's examples: Flask's signed-cookie session (client-side,
HttpOnly, no Secure, no SameSite), login_user() with "remember me" (the remember_token cookie),
a page behind @login_required, and logout_user(). Nothing is hardened on purpose: this is what
the extension does out of the box."""
from flask import Flask, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user

app = Flask(__name__)
app.secret_key = "example-only-not-secret"
login_manager = LoginManager(app)
login_manager.login_view = "login"


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


@login_manager.user_loader
def load_user(user_id):
    return User(user_id)


@app.get("/")
def index():
    return f"hello {current_user.get_id() if current_user.is_authenticated else 'anonymous'}\n"


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        login_user(User(request.form["username"]), remember=request.form.get("remember") == "on")
        return redirect("/account")
    return '<form method="post"><input name="username"><input type="password" name="password"><input type="checkbox" name="remember"></form>\n'


@app.get("/account")
@login_required
def account():
    return f"account of {current_user.id}\n"


@app.post("/logout")
def logout():
    logout_user()
    return redirect("/")
