"""Visits the Flask-Login example through the recording proxy: a page, the login form, a login
with "remember me", the account page, logout, the account page again (sent to the login form),
then the account page with the cookies from before the logout, as someone who copied them would."""
import sys

import requests

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5001"
proxy = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8080"
browser = requests.Session()
browser.proxies = {"http": proxy, "https": proxy}
browser.headers["User-Agent"] = "sessionlint-example-client/1.0 (python-requests)"

before_logout = None
for method, path, data in [("GET", "/", None), ("GET", "/login", None),
                           ("POST", "/login", {"username": "alice", "password": "pw", "remember": "on"}),
                           ("GET", "/account", None), ("POST", "/logout", {}), ("GET", "/account", None)]:
    if path == "/logout":
        before_logout = browser.cookies.copy()
    response = browser.request(method, base + path, data=data, timeout=10)
    print(method, path, response.status_code, response.text.strip()[:60])
    response.raise_for_status()

replay = requests.get(base + "/account", cookies=before_logout, proxies=browser.proxies, headers=browser.headers,
                      allow_redirects=False, timeout=10)
print("GET /account (pre-logout cookies)", replay.status_code, replay.text.strip()[:60])
