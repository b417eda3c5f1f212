"""A fake OpenAI-compatible server for tests: real HTTP on 127.0.0.1, scripted answers.

The LLM planner is tested through the real ``openai`` client over a real
socket, so everything between the planner and the wire (headers, JSON bodies,
status codes, ``retry-after``, timeouts) is exercised for real. Only the model
is fake: each request to ``POST /v1/chat/completions`` is answered by the next
scripted :class:`Reply` (or by a responder function that reads the request),
and every request is recorded so tests can assert what was sent and how often.

Usage::

    with FakeOpenAI() as server:
        server.script(Reply.chat('{"shots": []}'), Reply.error(500))
        planner = LLMPlanner(model="fake", base_url=server.base_url, api_key="k")
        ...
        assert len(server.requests) == 2
"""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Reply:
    """One scripted HTTP answer: ``status``, JSON-able ``body`` (or raw ``text``),
    extra ``headers``, and ``delay`` seconds to wait before answering."""

    status: int = 200
    body: object = None
    text: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    @staticmethod
    def chat(content: str, model: str = "fake", **kw) -> "Reply":
        """A successful chat completion whose assistant message is ``content``."""
        return Reply(200, chat_completion(content, model), **kw)

    @staticmethod
    def error(status: int, message: str = "scripted failure", headers: dict[str, str] | None = None,
              **kw) -> "Reply":
        """An OpenAI-style error body with ``status``."""
        body = {"error": {"message": message, "type": "server_error", "code": None}}
        return Reply(status, body, headers=dict(headers or {}), **kw)


def chat_completion(content: str, model: str = "fake") -> dict:
    """The JSON of a minimal, valid ``chat.completion`` object."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "finish_reason": "stop",
        }],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


@dataclass
class Recorded:
    """One request the server received (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict | None
    at: float


Responder = Callable[[dict], Reply]


class FakeOpenAI:
    """A threaded HTTP server on ``127.0.0.1`` (port chosen by the OS).

    Answers come from the scripted queue first (:meth:`script`), then from
    ``responder`` (a function of the request JSON), else a 500 saying the
    script ran out, so a test never hangs on a missing answer.
    """

    def __init__(self, responder: Responder | None = None):
        self.responder = responder
        self.requests: list[Recorded] = []
        self._queue: deque[Reply | Responder] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-openai", daemon=True)

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeOpenAI":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting -----------------------------------------------------------------
    def script(self, *replies: Reply | Responder) -> None:
        """Queue answers for the next requests, in order."""
        with self._lock:
            self._queue.extend(replies)

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _answer(self, body: dict) -> Reply:
        with self._lock:
            item = self._queue.popleft() if self._queue else None
        if item is None:
            item = self.responder
        if item is None:
            return Reply.error(500, "fake server: no scripted reply left")
        return item(body) if callable(item) else item

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One write per response and no Nagle: otherwise headers and body go out as two
            # segments and delayed ACKs add ~40 ms to every request (it showed in benchmarks).
            disable_nagle_algorithm = True
            wbufsize = -1

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _send(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                payload = (reply.text if reply.text is not None else json.dumps(reply.body)).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(payload)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                rec = Recorded("POST", self.path, _lower(self.headers), body, time.monotonic())
                with fake._lock:
                    fake.requests.append(rec)
                if not self.path.endswith("/chat/completions"):
                    self._send(Reply.error(404, f"fake server: no route {self.path}"))
                    return
                self._send(fake._answer(body or {}))

            def do_GET(self) -> None:
                with fake._lock:
                    fake.requests.append(Recorded("GET", self.path, _lower(self.headers), None, time.monotonic()))
                if self.path.endswith("/models"):
                    self._send(Reply(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]}))
                else:
                    self._send(Reply.error(404, f"fake server: no route {self.path}"))

        return Handler


def _lower(headers) -> dict[str, str]:
    """Header names lower-cased (HTTP names are case-insensitive; clients differ)."""
    return {k.lower(): v for k, v in headers.items()}
