#!/usr/bin/env python3
"""Reads every .eml file of a folder with Python's standard `email` package (policy.default) and
prints, as JSON on stdout, what a mail client would see: headers, parts, defects and wire problems.

Usage: inspect_eml.py DIR

Output: {"python": version, "messages": [{"file", "problems", "headers": [[name, value]...],
"to_addr", "subject", "message_id", "content_type", "parts": [{"type", "content"}]}]}
`problems` lists parser defects and wire-format faults (a line not ending in CRLF, a line over 998
octets, non-ASCII headers). The Swift tests assert on the rest.
"""
import json
import os
import sys
from email import policy
from email.parser import BytesParser

from email_wire import wire_problems


def inspect(path):
    with open(path, "rb") as handle:
        data = handle.read()
    problems = wire_problems(data)
    message = BytesParser(policy=policy.default).parsebytes(data)
    problems += [f"message defect: {defect!r}" for defect in message.defects]
    headers = []
    for name, value in message.items():
        problems += [f"{name} header defect: {defect!r}" for defect in getattr(value, "defects", ())]
        headers.append([name, str(value)])
    parts = []
    for part in message.walk():
        if part is not message:
            problems += [f"part {part.get_content_type()} defect: {defect!r}" for defect in part.defects]
        if part.is_multipart():
            continue
        parts.append({"type": part.get_content_type(), "content": part.get_content()})
    to = message["to"]
    to_addr = None
    if to is not None and len(to.addresses) == 1:
        to_addr = to.addresses[0].addr_spec
    return {
        "file": os.path.basename(path),
        "problems": problems,
        "headers": headers,
        "to_addr": to_addr,
        "subject": str(message["subject"]) if message["subject"] is not None else None,
        "message_id": str(message["message-id"]) if message["message-id"] is not None else None,
        "content_type": message.get_content_type(),
        "parts": parts,
    }


def main():
    folder = sys.argv[1]
    names = sorted(name for name in os.listdir(folder) if name.endswith(".eml"))
    messages = []
    for name in names:
        try:
            messages.append(inspect(os.path.join(folder, name)))
        except Exception as error:  # report, never crash: the Swift test shows the problem
            messages.append({"file": name, "problems": [f"exception: {error!r}"], "headers": [], "to_addr": None,
                             "subject": None, "message_id": None, "content_type": None, "parts": []})
    json.dump({"python": sys.version.split()[0], "messages": messages}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
