"""Visits the PHP example through the recording proxy: a page, the language cookie, login, the
JSON "who am I" call a page script would make, logout."""
import os
import sys

import requests

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8001"
proxy = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8080"
browser = requests.Session()
browser.proxies = {"http": proxy, "https": proxy}
browser.headers["User-Agent"] = "sessionlint-example-client/1.0 (python-requests)"

before_logout = None
for method, path, data in [("GET", "/", None), ("GET", "/lang", None), ("POST", "/login", {"username": "alice"}),
                           ("GET", "/api/whoami", None), ("POST", "/logout", {}), ("GET", "/", None)]:
    if path == "/logout":
        before_logout = browser.cookies.copy()
    response = browser.request(method, base + path, data=data, timeout=10)
    print(method, path, response.status_code, response.text.strip()[:60])
    response.raise_for_status()

if "logout-keeps-session" in os.environ.get("EXAMPLE_FLAW", ""):
    # What an attacker holding the pre-logout cookie would do.
    replay = requests.get(base + "/", cookies=before_logout, proxies=browser.proxies, headers=browser.headers, timeout=10)
    print("GET / (pre-logout cookie)", replay.status_code, replay.text.strip()[:60])
