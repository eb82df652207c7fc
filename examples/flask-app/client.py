"""Visits the Flask example through the recording proxy: a page, the theme cookie, login, logout."""
import sys

import requests

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
proxy = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8080"
browser = requests.Session()
browser.proxies = {"http": proxy, "https": proxy}
browser.headers["User-Agent"] = "sessionlint-example-client/1.0 (python-requests)"

for method, path, data in [("GET", "/", None), ("GET", "/theme", None), ("GET", "/", None),
                           ("POST", "/login", {"username": "alice"}), ("POST", "/logout", {})]:
    response = browser.request(method, base + path, data=data, timeout=10)
    print(method, path, response.status_code, response.text.strip()[:60])
    response.raise_for_status()
