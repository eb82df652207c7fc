"""A CherryPy app with its built-in sessions (tools.sessions), as its tutorial enables them: a
random 40-hex `session_id` cookie referencing state kept on the server. The login stores the
user without `cherrypy.session.regenerate()`, so the ID from before the login stays valid after
it (fixation); the logout expires the session on the server and in the browser, so a replayed
cookie is refused. Served on 127.0.0.1:8776 (record.sh)."""
import cherrypy


class App:
    @cherrypy.expose
    def index(self):
        cherrypy.session["visits"] = cherrypy.session.get("visits", 0) + 1
        return "home"

    @cherrypy.expose
    def login(self, username=None, password=None):
        if cherrypy.request.method != "POST":
            return "login form"
        cherrypy.session["user"] = username
        raise cherrypy.HTTPRedirect("/account")

    @cherrypy.expose
    def account(self):
        user = cherrypy.session.get("user")
        if not user:
            raise cherrypy.HTTPError(401, "log in first")
        return "account of " + user

    @cherrypy.expose
    def logout(self):
        cherrypy.lib.sessions.expire()
        cherrypy.session.delete()
        raise cherrypy.HTTPRedirect("/")


if __name__ == "__main__":
    cherrypy.config.update({"server.socket_host": "127.0.0.1", "server.socket_port": 8776,
                            "log.screen": False, "environment": "production"})
    cherrypy.quickstart(App(), "/", {"/": {"tools.sessions.on": True}})
