#!/usr/bin/python3
"""A loopback SMTP server for NurtureSMTPTests (Debian's python3-aiosmtpd; run with /usr/bin/python3).

usage: smtp_test_server.py MODE DIRECTORY [--lifetime SECONDS] [--user U --password P]

Binds 127.0.0.1 port 0, prints "PORT <n>" on stdout, and stores every accepted message in DIRECTORY as
NNNN.eml (the exact DATA bytes after dot-unstuffing) and NNNN.json (envelope, MAIL FROM parameters, session
number, TLS, arrival time).
Every accepted connection appends a line to DIRECTORY/sessions. Exits after --lifetime seconds
(default 120) or when stdin is closed, whichever comes first.

Modes:
  plain       accept everything (EHLO does not offer SMTPUTF8)
  smtputf8    accept everything, and EHLO offers SMTPUTF8 (RFC 6531)
  idle1       accept everything, but close a connection idle for 1 s (421, as real servers do)
  starttls    STARTTLS required (self-signed certificate generated into DIRECTORY with openssl)
  auth        AUTH required (PLAIN/LOGIN, no TLS); wrong credentials get 535
  authecho    offers AUTH PLAIN and refuses every login with a 535 that echoes what the client sent,
              the AUTH blob and the password decoded from it (as careless servers do)
  greeting421 greet with 421 and close
  rcpt450     450 4.2.1 to every RCPT
  rcpt550     550 5.1.1 unknown user to every RCPT
  rcpt552     552 5.2.2 mailbox full to every RCPT (RFC 5321 says: treat as 452)
  rcpt571     550 5.7.1 relaying denied to every RCPT
  mail550     550 5.1.8 sender domain rejected to MAIL FROM
  data552     552 5.3.4 after the final dot
  dropdata    close the connection after 64 KiB of the message body
  silence     never answer after the final dot (each message's recipients are appended to DIRECTORY/silenced)
  mixed       per recipient: an address containing "bounce" gets 550 5.1.1, "defer" gets 450 4.2.1,
              anything else is accepted
  slow        accept everything, 0.3 s after each final dot (for tests that stop a run midway)
  slowrcpt    accept everything, 1 s after each RCPT TO (a transaction that waits for the server mid-envelope)
  throttle421, throttle451, throttle454
              accept at most 4 recipients in any 1 s; above that rate, RCPT gets
              421 4.7.0 / 451 4.7.1 / 454 4.7.0 "rate limit exceeded, slow down"
"""

import asyncio
import base64
import json
import os
import ssl
import subprocess
import sys
import threading
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

MODES = {"plain", "idle1", "starttls", "auth", "authecho", "smtputf8", "greeting421", "rcpt450", "rcpt550", "rcpt552", "rcpt571", "mail550",
         "data552", "dropdata", "silence", "mixed", "slow", "slowrcpt", "throttle421", "throttle451", "throttle454"}

THROTTLE_LIMIT = 4          # recipients accepted in any THROTTLE_WINDOW seconds
THROTTLE_WINDOW = 1.0


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.sessions = 0
        self.messages = 0

    def new_session(self):
        self.sessions += 1
        with open(os.path.join(self.directory, "sessions"), "a") as f:
            f.write("session %d\n" % self.sessions)
        return self.sessions

    def store(self, session, mail_from, mail_options, rcpt_tos, data, tls):
        self.messages += 1
        stem = os.path.join(self.directory, "%04d" % self.messages)
        with open(stem + ".eml.tmp", "wb") as f:
            f.write(data)
        with open(stem + ".json.tmp", "w") as f:
            json.dump({"session": session, "mail_from": mail_from, "mail_options": mail_options, "rcpt_tos": rcpt_tos,
                       "tls": tls, "at": time.time()}, f)
        # The .json appears last, complete: a reader that sees it can read both files.
        os.rename(stem + ".eml.tmp", stem + ".eml")
        os.rename(stem + ".json.tmp", stem + ".json")


class Handler:
    def __init__(self, mode, recorder):
        self.mode = mode
        self.recorder = recorder
        self.accepted_at = []

    def throttled(self):
        """True when one more recipient now would exceed the rate a throttle mode allows."""
        if not self.mode.startswith("throttle"):
            return False
        now = asyncio.get_running_loop().time()
        self.accepted_at = [t for t in self.accepted_at if now - t < THROTTLE_WINDOW]
        if len(self.accepted_at) >= THROTTLE_LIMIT:
            with open(os.path.join(self.recorder.directory, "throttled"), "a") as f:
                f.write("%.3f\n" % now)
            return True
        self.accepted_at.append(now)
        return False

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mode == "mail550":
            return "550 5.1.8 sender domain rejected"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "slowrcpt":
            await asyncio.sleep(1)
        if self.mode == "rcpt450":
            return "450 4.2.1 mailbox busy, try later"
        if self.mode == "rcpt552":
            return "552 5.2.2 mailbox full"
        if self.mode == "rcpt550":
            return "550 5.1.1 unknown user"
        if self.mode == "rcpt571":
            return "550 5.7.1 relaying denied"
        if self.mode == "mixed" and "bounce" in address:
            return "550 5.1.1 unknown user"
        if self.mode == "mixed" and "defer" in address:
            return "450 4.2.1 mailbox busy, try later"
        if self.throttled():
            code = self.mode[len("throttle"):]
            status = "4.7.1" if code == "451" else "4.7.0"
            return "%s %s rate limit exceeded, slow down" % (code, status)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "silence":
            with open(os.path.join(self.recorder.directory, "silenced"), "a") as f:
                f.write("%s\n" % ",".join(envelope.rcpt_tos))
            await asyncio.sleep(3600)
        if self.mode == "data552":
            return "552 5.3.4 message too big"
        if self.mode == "slow":
            await asyncio.sleep(0.3)
        tls = server._tls_protocol is not None
        self.recorder.store(server.nurture_session, envelope.mail_from, envelope.mail_options, envelope.rcpt_tos,
                            bytes(envelope.original_content), tls)
        return "250 2.0.0 OK queued as %d" % self.recorder.messages


class CountingSMTP(SMTP):
    def __init__(self, *args, recorder, **kwargs):
        super().__init__(*args, **kwargs)
        self.nurture_session = recorder.new_session()


async def raw_session(mode, recorder, reader, writer):
    """Hand-written misbehaviour that aiosmtpd cannot produce."""
    recorder.new_session()
    try:
        if mode == "greeting421":
            writer.write(b"421 4.3.2 service not available, closing\r\n")
            await writer.drain()
            writer.close()
            return
        writer.write(b"220 localhost ESMTP test\r\n")
        await writer.drain()
        while True:
            line = await reader.readuntil(b"\r\n")
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                writer.write(b"250-localhost\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n" if mode == "authecho"
                             else b"250-localhost\r\n250 8BITMIME\r\n")
            elif verb == b"AUTH" and mode == "authecho":
                words = line.strip().split(b" ")
                if len(words) >= 3:
                    blob = words[2]
                else:
                    writer.write(b"334 \r\n")
                    await writer.drain()
                    blob = (await reader.readuntil(b"\r\n")).strip()
                try:
                    password = base64.b64decode(blob).split(b"\0")[-1]
                except Exception:
                    password = b"?"
                writer.write(b"535-5.7.8 authentication failed for " + blob + b"\r\n535 5.7.8 wrong password " + password + b"\r\n")
            elif verb == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                await writer.drain()
                received = 0
                while received < 64 * 1024:
                    chunk = await reader.read(65536)
                    if not chunk:
                        break
                    received += len(chunk)
                writer.transport.abort()
                return
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                writer.close()
                return
            else:
                writer.write(b"250 OK\r\n")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main(argv):
    if len(argv) < 3 or argv[1] not in MODES:
        sys.stderr.write(__doc__)
        return 2
    mode, directory = argv[1], argv[2]
    options = {"--lifetime": "120", "--user": "nurture", "--password": "secret"}
    rest = argv[3:]
    while rest:
        if rest[0] not in options or len(rest) < 2:
            sys.stderr.write("unknown option %s\n" % rest[0])
            return 2
        options[rest[0]] = rest[1]
        rest = rest[2:]
    os.makedirs(directory, exist_ok=True)
    recorder = Recorder(directory)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    if mode in ("greeting421", "dropdata", "authecho"):
        coroutine = asyncio.start_server(lambda r, w: raw_session(mode, recorder, r, w), "127.0.0.1", 0)
    else:
        handler = Handler(mode, recorder)
        kwargs = {"hostname": "localhost", "ident": "nurture-test"}
        if mode == "smtputf8":
            kwargs.update(enable_SMTPUTF8=True, decode_data=False)
        if mode == "idle1":
            kwargs.update(timeout=1.0)
        if mode == "starttls":
            kwargs.update(tls_context=make_certificate(directory), require_starttls=True)
        if mode == "auth":
            user = options["--user"].encode()
            password = options["--password"].encode()

            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
                return AuthResult(success=ok, handled=False)

            kwargs.update(auth_required=True, auth_require_tls=False, authenticator=authenticator)
        coroutine = loop.create_server(
            lambda: CountingSMTP(handler, loop=loop, recorder=recorder, **kwargs), "127.0.0.1", 0)
    server = loop.run_until_complete(coroutine)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(1024):
                pass
        except Exception:
            pass
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.call_later(float(options["--lifetime"]), loop.stop)
    loop.run_forever()
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
