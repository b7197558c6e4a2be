#!/usr/bin/env python3
"""Parses an .eml file with Python's standard `email` package (an RFC 5322 / MIME parser
independent of lettre) and prints it as JSON, so the Rust tests can assert on a real
parse rather than on string matching.

Usage: parse_eml.py FILE

Output: {"defects": [...], "headers": [[name, value], ...], "from": [[name, addr]],
         "to": [[name, addr]], "subject": str, "content_type": str,
         "parts": [{"content_type": str, "content": str}, ...]}   (leaf parts, decoded)
"""
import email
import email.policy
import json
import sys
from email.utils import getaddresses


def main():
    with open(sys.argv[1], "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    defects = [repr(d) for d in msg.defects]
    parts = []
    for part in msg.walk():
        defects += [repr(d) for d in part.defects]
        if part.is_multipart():
            continue
        parts.append({"content_type": part.get_content_type(), "content": part.get_content()})
    print(json.dumps({
        "defects": defects,
        "headers": [[k, str(v)] for k, v in msg.items()],
        "from": getaddresses([str(v) for v in msg.get_all("From", [])]),
        "to": getaddresses([str(v) for v in msg.get_all("To", [])]),
        "subject": str(msg.get("Subject", "")),
        "content_type": msg.get_content_type(),
        "parts": parts,
    }))


if __name__ == "__main__":
    main()
