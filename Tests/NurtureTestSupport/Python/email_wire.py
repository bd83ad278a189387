"""What every test of a built message checks on the wire, whatever else it looks at."""


def wire_problems(data):
    """CRLF line endings only, lines of at most 998 octets, a blank line after ASCII headers."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("message does not end in CRLF")
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines = lines[:-1]
    for number, line in enumerate(lines, start=1):
        if b"\r" in line:
            problems.append(f"line {number} holds a bare CR")
        if b"\n" in line:
            problems.append(f"line {number} holds a bare LF")
        if len(line) > 998:
            problems.append(f"line {number} is {len(line)} octets long")
    head, separator, _ = data.partition(b"\r\n\r\n")
    if not separator:
        problems.append("no blank line after the headers")
    try:
        head.decode("ascii")
    except UnicodeDecodeError:
        problems.append("headers are not ASCII")
    return problems
