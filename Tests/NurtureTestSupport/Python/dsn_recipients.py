"""The oracle for `nurture import bounces`: Python's own mbox and email parsers read the same mailbox.

Prints JSON: for each message (numbered from 1, in file order) whether it is a delivery status
notification (multipart/report; report-type=delivery-status) and, for each recipient block of its
message/delivery-status part, the address (Original-Recipient, else Final-Recipient, without the
address type and angle brackets), Action and Status as written (null when absent), and the returned
Message-ID (text/rfc822-headers or message/rfc822), or null.
"""
import email.policy
import json
import mailbox
import sys


def address(value):
    if value is None:
        return None
    kind, _, rest = str(value).partition(";")
    if not _ or kind.strip().lower() not in ("rfc822", "utf-8"):
        return None
    rest = rest.strip()
    if rest.startswith("<") and rest.endswith(">"):
        rest = rest[1:-1]
    return rest or None


def returned_message_id(message):
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/rfc822-headers":
            headers = email.message_from_string(part.get_payload(), policy=email.policy.compat32)
            if headers["Message-ID"]:
                return str(headers["Message-ID"]).strip()
        if kind == "message/rfc822":
            inner = part.get_payload()[0]
            if inner["Message-ID"]:
                return str(inner["Message-ID"]).strip()
    return None


def main(path):
    messages = []
    for number, message in enumerate(mailbox.mbox(path, factory=None, create=False), start=1):
        is_report = message.get_content_type() == "multipart/report" and \
            (message.get_param("report-type") or "").lower() == "delivery-status"
        recipients = []
        if is_report and message.is_multipart():
            for part in message.walk():
                if part.get_content_type() != "message/delivery-status":
                    continue
                blocks = part.get_payload()
                for block in blocks:
                    if block["Final-Recipient"] is None and block["Original-Recipient"] is None:
                        continue
                    recipients.append({
                        "email": address(block["Original-Recipient"]) or address(block["Final-Recipient"]),
                        "action": block["Action"].strip().lower() if block["Action"] else None,
                        "status": block["Status"].strip() if block["Status"] else None,
                    })
        messages.append({
            "number": number,
            "is_report": is_report,
            "multipart": message.is_multipart(),
            "recipients": recipients,
            "returned_message_id": returned_message_id(message) if is_report and message.is_multipart() else None,
        })
    print(json.dumps({"python": sys.version.split()[0], "messages": messages}))


if __name__ == "__main__":
    main(sys.argv[1])
