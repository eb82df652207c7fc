"""Drives the example app like a user would, through the recording proxy: the tutorial views,
then a django.contrib.auth login and logout. Uses `requests` with a cookie-keeping session."""
import re
import sys

import requests

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
proxy = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8080"

browser = requests.Session()
if proxy != "direct":  # capture.sh records on the wire instead of through a proxy
    browser.proxies = {"http": proxy, "https": proxy}
browser.headers["User-Agent"] = "sessionlint-example-client/1.0 (python-requests)"


def visit(method, path, **kwargs):
    response = browser.request(method, base + path, allow_redirects=True, timeout=10, **kwargs)
    print(f"{method} {path} -> {response.status_code} {response.text.strip()[:60]!r}")
    response.raise_for_status()
    return response


visit("GET", "/session/set/")
visit("GET", "/session/get/")
visit("GET", "/cookie/set/")
visit("GET", "/cookie/get/")

login_page = visit("GET", "/accounts/login/")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
visit("POST", "/accounts/login/", data={"username": "alice", "password": "correct horse battery staple",
                                       "csrfmiddlewaretoken": token},
      headers={"Referer": base + "/accounts/login/"})
visit("GET", "/session/get/")

csrf = browser.cookies.get("csrftoken")
visit("POST", "/accounts/logout/", data={"csrfmiddlewaretoken": csrf}, headers={"Referer": base + "/session/get/"})
visit("GET", "/session/get/")
