#!/usr/bin/env python3
"""Writes a HAR's exchanges in the layout of Burp Suite's "Save items" export (XML, raw messages
base64-encoded, Java dates), so the same recorded visit can be scanned as a HAR, a capture, logs
and Burp items, and the findings compared (Tests/sessionlintCLITests/AccessLogScanTests).

    examples/burp/har-to-burp-items.py examples/php-session.har > examples/php-session-burp.xml

The messages are rebuilt from the HAR's own header lists and bodies, which mitmproxy recorded as
sent; the layout (DTD, element order, base64 attribute) is Burp's.
"""
import base64
import datetime
import json
import sys
import urllib.parse

DTD = """<?xml version="1.1"?>
<!DOCTYPE items [
<!ELEMENT items (item*)>
<!ATTLIST items burpVersion CDATA "">
<!ATTLIST items exportTime CDATA "">
<!ELEMENT item (time, url, host, port, protocol, method, path, extension, request, status, responselength, mimetype, response, comment)>
<!ELEMENT time (#PCDATA)>
<!ELEMENT url (#PCDATA)>
<!ELEMENT host (#PCDATA)>
<!ATTLIST host ip CDATA "">
<!ELEMENT port (#PCDATA)>
<!ELEMENT protocol (#PCDATA)>
<!ELEMENT method (#PCDATA)>
<!ELEMENT path (#PCDATA)>
<!ELEMENT extension (#PCDATA)>
<!ELEMENT request (#PCDATA)>
<!ATTLIST request base64 (true|false) "false">
<!ELEMENT status (#PCDATA)>
<!ELEMENT responselength (#PCDATA)>
<!ELEMENT mimetype (#PCDATA)>
<!ELEMENT response (#PCDATA)>
<!ATTLIST response base64 (true|false) "false">
<!ELEMENT comment (#PCDATA)>
]>
"""


def java_date(iso):
    moment = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)
    return moment.strftime("%a %b %d %H:%M:%S UTC %Y")


def message(start_line, headers, body):
    head = start_line + "\r\n" + "".join(f"{h['name']}: {h['value']}\r\n" for h in headers) + "\r\n"
    return base64.b64encode(head.encode() + body).decode()


def main(path):
    entries = json.load(open(path, encoding="utf-8"))["log"]["entries"]
    out = [DTD, f'<items burpVersion="2025.6.5" exportTime="{java_date(entries[-1]["startedDateTime"])}">\n']
    for entry in entries:
        request, response = entry["request"], entry["response"]
        url = urllib.parse.urlsplit(request["url"])
        target = url.path + ("?" + url.query if url.query else "")
        request_body = (request.get("postData") or {}).get("text", "").encode()
        content = response.get("content") or {}
        response_body = base64.b64decode(content["text"]) if content.get("encoding") == "base64" else content.get("text", "").encode()
        port = url.port or (443 if url.scheme == "https" else 80)
        out.append(f"""  <item>
    <time>{java_date(entry["startedDateTime"])}</time>
    <url><![CDATA[{request["url"]}]]></url>
    <host ip="{entry.get("serverIPAddress", "")}">{url.hostname}</host>
    <port>{port}</port>
    <protocol>{url.scheme}</protocol>
    <method><![CDATA[{request["method"]}]]></method>
    <path><![CDATA[{target}]]></path>
    <extension>null</extension>
    <request base64="true"><![CDATA[{message(f'{request["method"]} {target} {request["httpVersion"]}', request["headers"], request_body)}]]></request>
    <status>{response["status"]}</status>
    <responselength>{len(response_body)}</responselength>
    <mimetype></mimetype>
    <response base64="true"><![CDATA[{message(f'{response["httpVersion"]} {response["status"]} {response["statusText"]}', response["headers"], response_body)}]]></response>
    <comment></comment>
  </item>
""")
    out.append("</items>\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
