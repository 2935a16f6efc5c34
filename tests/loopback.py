"""A tiny HTTP server on 127.0.0.1 that stands in for an outside service in tests.

It records every request and answers with the queued (status, body, delay) tuples, then
with 200 and an empty body, so a client is exercised over a real socket.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackService:
    def __init__(self, path: str = "/") -> None:
        self.requests: list[dict] = []
        self.answers: list[tuple[int, bytes, float]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                service.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "content_type": self.headers.get("Content-Type"),
                        "body": self.rfile.read(length) if length else b"",
                    }
                )
                status, body, delay = service.answers.pop(0) if service.answers else (200, b"", 0)
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}{path}"

    def answer(self, status: int, body: bytes = b"", *, delay: float = 0) -> None:
        self.answers.append((status, body, delay))


@contextmanager
def loopback_service(path: str = "/") -> Iterator[LoopbackService]:
    service = LoopbackService(path)
    thread = threading.Thread(target=service.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        service.server.shutdown()
        service.server.server_close()
