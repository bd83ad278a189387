#!/usr/bin/env python3
"""Parses messages built by NurtureMIME with Python's standard `email` package (policy.default)
and reports, as JSON on stdout, what it decoded and every problem found.

Usage: check_messages.py MANIFEST.json

The manifest: {"cases": [{"name", "file", "expected": {
    "subject", "from_name", "from_addr", "to_name", "to_addr", "reply_to_addr" (or null),
    "message_id", "date_timestamp", "parts": [{"content_type", "content"}], "headers": {name: value}}}]}
Expected contents use LF line breaks; decoded contents are compared after CRLF -> LF.
"""
import json
import re
import sys
from email import policy
from email.parser import BytesParser

from email_wire import wire_problems


QP_LINE = re.compile(rb"^(?:[\x21-\x3C\x3E-\x7E \t]|=[0-9A-F]{2})*=?$")


def qp_problems(payload, index):
    """Strict RFC 2045 checks on a quoted-printable payload as written (Python's decoder is lenient)."""
    problems = []
    for number, line in enumerate(payload.split(b"\r\n"), start=1):
        if not QP_LINE.match(line):
            problems.append(f"part {index}: QP line {number} is malformed: {line[:80]!r}")
        if len(line) > 76:
            problems.append(f"part {index}: QP line {number} is {len(line)} characters long")
        if line.endswith((b" ", b"\t")):
            problems.append(f"part {index}: QP line {number} ends in whitespace")
    return problems


def mailbox(header):
    if header is None:
        return None, None, ["header missing"]
    addresses = header.addresses
    if len(addresses) != 1:
        return None, None, [f"{len(addresses)} addresses"]
    address = addresses[0]
    return address.display_name, address.addr_spec, []


def raw_payload(part):
    """The part's body as it is on the wire (after the blank line), CRLF line breaks."""
    payload = part.get_payload(decode=False)
    return payload.encode("ascii", "replace").replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def check(case):
    expected = case["expected"]
    problems = []
    with open(case["file"], "rb") as handle:
        data = handle.read()
    problems += wire_problems(data)
    msg = BytesParser(policy=policy.default).parsebytes(data)

    for defect in msg.defects:
        problems.append(f"message defect: {defect!r}")
    for name, value in msg.items():
        for defect in getattr(value, "defects", ()):
            problems.append(f"{name} header defect: {defect!r}")
    for part in msg.walk():
        if part is msg:
            continue
        for defect in part.defects:
            problems.append(f"part {part.get_content_type()} defect: {defect!r}")

    observed = {}

    def compare(key, actual, wanted):
        observed[key] = actual
        if actual != wanted:
            problems.append(f"{key}: expected {wanted!r}, got {actual!r}")

    compare("subject", str(msg["subject"]) if msg["subject"] is not None else None, expected["subject"])
    from_name, from_addr, issues = mailbox(msg["from"])
    problems += [f"From: {issue}" for issue in issues]
    compare("from_name", from_name, expected["from_name"])
    compare("from_addr", from_addr, expected["from_addr"])
    to_name, to_addr, issues = mailbox(msg["to"])
    problems += [f"To: {issue}" for issue in issues]
    compare("to_name", to_name, expected["to_name"])
    compare("to_addr", to_addr, expected["to_addr"])
    if expected.get("reply_to_addr") is not None:
        _, reply_to_addr, issues = mailbox(msg["reply-to"])
        problems += [f"Reply-To: {issue}" for issue in issues]
        compare("reply_to_addr", reply_to_addr, expected["reply_to_addr"])
    elif msg["reply-to"] is not None:
        problems.append("unexpected Reply-To header")
    compare("message_id", str(msg["message-id"]) if msg["message-id"] is not None else None, expected["message_id"])
    date = msg["date"]
    if date is None or date.datetime is None:
        problems.append("Date: missing or unparsable")
    else:
        compare("date_timestamp", int(date.datetime.timestamp()), expected["date_timestamp"])
        offset = date.datetime.utcoffset()
        if offset is None or offset.total_seconds() != 0:
            problems.append(f"Date: offset {offset!r}, expected +0000")
    compare("mime_version", str(msg["mime-version"]), "1.0")
    for name, value in expected.get("headers", {}).items():
        compare(f"header {name}", str(msg[name]) if msg[name] is not None else None, value)

    wanted_parts = expected["parts"]
    if len(wanted_parts) > 1:
        compare("content_type", msg.get_content_type(), "multipart/alternative")
        leaves = list(msg.iter_parts())
    else:
        leaves = [msg]
    compare("part_types", [leaf.get_content_type() for leaf in leaves], [p["content_type"] for p in wanted_parts])
    decoded = []
    for index, leaf in enumerate(leaves):
        if leaf.get_content_charset() != "utf-8":
            problems.append(f"part {index}: charset {leaf.get_content_charset()!r}")
        if leaf.get("content-transfer-encoding") != "quoted-printable":
            problems.append(f"part {index}: transfer encoding {leaf.get('content-transfer-encoding')!r}")
        problems += qp_problems(raw_payload(leaf), index)
        decoded.append(leaf.get_content().replace("\r\n", "\n"))
    compare("part_contents", decoded, [p["content"] for p in wanted_parts])
    return {"name": case["name"], "problems": problems, "observed": observed}


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        manifest = json.load(handle)
    results = []
    for case in manifest["cases"]:
        try:
            results.append(check(case))
        except Exception as error:  # report, never crash: the Swift test shows the problem
            results.append({"name": case["name"], "problems": [f"exception: {error!r}"], "observed": {}})
    json.dump({"python": sys.version.split()[0], "cases": results}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
