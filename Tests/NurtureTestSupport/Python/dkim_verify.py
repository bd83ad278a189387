#!/usr/bin/python3
"""Verifies every DKIM signature of messages with dkimpy (Debian's python3-dkim, PyNaCl for Ed25519),
taking the public keys from the command line instead of DNS. Run with /usr/bin/python3.

Usage: dkim_verify.py [--key NAME=TXT]... PATH...
  NAME  the record name dkimpy looks up, e.g. sel._domainkey.example.com (a final dot is optional)
  TXT   the record's value, e.g. "v=DKIM1; k=rsa; p=MIIB..."
  PATH  an .eml file, or a folder whose .eml files are all checked

Output (JSON): {"python", "dkimpy", "messages": [{"file", "signatures": [{"index", "tags": {name: value},
"ok", "error"}], "lookups": [name...]}]}. A name that is not given answers as DNS would for no record.
"""
import json
import os
import sys

import dkim


def tags_of(value):
    tags = {}
    for part in value.split(";"):
        if "=" in part:
            name, _, tag = part.partition("=")
            tags[name.strip()] = "".join(tag.split())
    return tags


def check(path, records):
    with open(path, "rb") as handle:
        data = handle.read()
    lookups = []

    def dnsfunc(name, timeout=5):
        text = name.decode() if isinstance(name, bytes) else name
        text = text.rstrip(".")
        lookups.append(text)
        value = records.get(text)
        return value.encode() if value is not None else None

    signatures = []
    verifier = dkim.DKIM(data)
    fields = [value for name, value in verifier.headers if name.lower() == b"dkim-signature"]
    for index, value in enumerate(fields):
        error = None
        try:
            ok = bool(verifier.verify(idx=index, dnsfunc=dnsfunc))
        except Exception as failure:  # report, never crash: the Swift test shows the problem
            ok = False
            error = repr(failure)
        signatures.append({"index": index, "tags": tags_of(value.decode("ascii", "replace").replace("\r\n", "")),
                           "ok": ok, "error": error})
    return {"file": os.path.basename(path), "signatures": signatures, "lookups": lookups}


def main():
    args = sys.argv[1:]
    records = {}
    paths = []
    while args:
        arg = args.pop(0)
        if arg == "--key":
            name, _, value = args.pop(0).partition("=")
            records[name.rstrip(".")] = value
        else:
            paths.append(arg)
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += [os.path.join(path, name) for name in sorted(os.listdir(path)) if name.endswith(".eml")]
        else:
            files.append(path)
    messages = [check(path, records) for path in files]
    json.dump({"python": sys.version.split()[0], "dkimpy": getattr(dkim, "__version__", "?"), "messages": messages}, sys.stdout)


if __name__ == "__main__":
    main()
