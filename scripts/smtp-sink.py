#!/usr/bin/env python3
"""A mail sink for the browser tests.

Accepts every message over plain SMTP on 127.0.0.1:PORT and appends it to FILE as one JSON
line: {"to": [...], "subject": "...", "body": "..."}. The Playwright tests read FILE to check
what a person was sent. Runs until killed.

Usage: smtp-sink.py PORT FILE
"""
import email
import json
import sys
import threading
from email import policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        part = message.get_body(preferencelist=("plain",))
        record = {
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"] or ""),
            "body": part.get_content() if part is not None else "",
        }
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted"


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    open(path, "a", encoding="utf-8").close()
    controller = Controller(Sink(path), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"smtp-sink: listening on 127.0.0.1:{port}, writing {path}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
