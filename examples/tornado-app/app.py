"""Tornado's authentication guide out of the box: the logged-in user kept in a signed cookie,
`user` (set_signed_cookie, version 2), read by get_current_user; an account page behind
@tornado.web.authenticated, and a logout that clears the cookie. The cookie's name says nothing
of a session: its value does. Run by record.sh for examples/tornado-session.pcap."""
import asyncio
import tornado.web

class Base(tornado.web.RequestHandler):
    def get_current_user(self):
        return self.get_signed_cookie("user")

class Home(Base):
    def get(self):
        self.write(f"hello {self.current_user.decode() if self.current_user else 'anonymous'}")

class Login(Base):
    def get(self):
        self.write('<form method="post"><input name="name"><input type="password" name="password"></form>')
    def post(self):
        self.set_signed_cookie("user", self.get_argument("name"))
        self.redirect("/account", status=303)

class Account(Base):
    @tornado.web.authenticated
    def get(self):
        self.write(f"account of {self.current_user.decode()}")

class Logout(Base):
    def get(self):
        self.clear_cookie("user")
        self.redirect("/", status=303)

async def main():
    app = tornado.web.Application([(r"/", Home), (r"/login", Login), (r"/account", Account), (r"/logout", Logout)],
                                  cookie_secret="not-a-secret", login_url="/login")
    app.listen(8769, address="127.0.0.1")
    await asyncio.Event().wait()

asyncio.run(main())
