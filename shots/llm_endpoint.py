"""One OpenAI-compatible chat endpoint: bounded retries, the cached ask-validate-retry loop, a key kept secret.

Why its own module: the planner (:mod:`shots.llm`) and the look enrichment
(:mod:`shots.llm_bible`) ask the same endpoint in the same way, and what a
request is about (a scene, the bible) is theirs, while how it travels is this
module's alone:

- 429 honours ``retry-after`` up to ``max_retry_wait`` seconds, 5xx and dropped
  connections are retried ``max_retries`` times with backoff, a timeout fails at
  once with a clear message (a model too slow once is usually too slow again).
  The client's own retries are off so these rules are the only ones.
- :meth:`ChatEndpoint.ask_validated` serves an answer from the cache
  (:mod:`shots.llm_cache`, keyed by the first request), else asks, and retries
  once with the reasons an answer was rejected appended to the conversation.
- The API key lives only inside the openai client and this object (name-mangled).
  It is never in a request description, cache entry, log line, ``repr`` or error
  message (error text from the server is scrubbed of it too).
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from screenplay.errors import PrevisError
from shots.llm_cache import ResponseCache, request_key
from shots.llm_errors import AnswerFailed, InvalidAnswer, Where
from shots.llm_schema import PROMPT_VERSION, SCHEMA_VERSION
from shots.progress import Cancelled, check_cancel

log = logging.getLogger("previs.llm")
T = TypeVar("T")


class ChatEndpoint:
    """Chat completions with strict structured output from one model behind one endpoint.

    Args:
        model: model name (already checked non-empty by the caller).
        base_url: endpoint URL, or None for the openai client's default.
        api_key: None -> the openai client reads ``$OPENAI_API_KEY``.
        cache: where accepted answers are kept.
        timeout: seconds to wait for one answer.
        max_retries: retries of one request on 429/5xx/connection errors.
        max_retry_wait: longest ``retry-after`` honoured, in seconds; longer is an error.
    """

    def __init__(self, model: str, base_url: str | None, api_key: str | None, cache: ResponseCache,
                 timeout: float = 60.0, max_retries: int = 3, max_retry_wait: float = 30.0):
        self.model = model
        self.base_url = base_url
        self.__api_key = api_key  # name-mangled and never printed
        self.cache = cache
        self.timeout = float(timeout)
        self.max_retries = max(0, int(max_retries))
        self.max_retry_wait = float(max_retry_wait)
        self.name = f"llm:{model}"
        self._client_obj: Any = None
        self._client_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ChatEndpoint(model={self.model!r}, endpoint={self.endpoint!r})"

    @property
    def endpoint(self) -> str:
        """``host[:port]`` of the endpoint (no scheme, path or credentials)."""
        if not self.base_url:
            return "api.openai.com"
        parts = urlsplit(self.base_url)
        host = parts.hostname or self.base_url.rsplit("@", 1)[-1]  # never user:password@
        return f"{host}:{parts.port}" if parts.port else host

    def abandon_requests(self) -> None:
        """Close the HTTP client so requests still in flight end now (their threads are abandoned);
        the next request opens a new one."""
        with self._client_lock:
            client, self._client_obj = self._client_obj, None
        if client is not None:
            try:
                client.close()
            except Exception:  # closing under a request in flight: that request fails, as wanted
                log.debug("closing the LLM client raised", exc_info=True)

    def ask_validated(self, messages: list[dict], rf: dict, accept: Callable[[str], T], where: "Where",
                      what: str, cancel: threading.Event | None = None) -> T:
        """Ask for an answer that ``accept`` takes: from the cache, else the model, retrying once.

        Args:
            messages: the chat messages (system prompt, then the data as a user message).
            rf: the ``response_format`` (strict JSON schema).
            accept: turns the answer text into the result, or raises :class:`InvalidAnswer`
                whose text is sent back to the model on the one retry.
            where: what the request is about, for messages and ``path:line`` in errors.
            what: the noun for errors ("plan", "bible").
            cancel: set to stop between requests and retries.

        Returns:
            What ``accept`` returned. Only accepted answers are cached (keyed by the first request).

        Raises:
            PrevisError: invalid twice, transport failure, refused key or model.
        """
        key = request_key({"endpoint": self.endpoint, "model": self.model, "messages": messages,
                           "response_format": rf, "prompt_version": PROMPT_VERSION,
                           "schema_version": SCHEMA_VERSION})
        cached = self.cache.get(key)
        if cached is not None:
            try:
                return accept(str(cached.get("content", "")))
            except InvalidAnswer:
                log.info("%s: cached answer no longer valid; asking again", where.label)
        problems = ""
        for attempt in (1, 2):
            content = self.complete(messages, rf, where, cancel)
            try:
                result = accept(content)
            except InvalidAnswer as exc:
                problems = str(exc)
                log.info("%s: answer %d rejected: %s", where.label, attempt, _first_line(problems))
                messages = messages + [
                    {"role": "assistant", "content": content},
                    {"role": "user", "content": "Your answer was rejected:\n" + problems
                     + "\nAnswer again with the complete corrected answer for the same data."},
                ]
                continue
            self.cache.put(key, {"content": content, "model": self.model, "about": where.label,
                                 "attempts": attempt})
            return result
        raise AnswerFailed(f"{where.label}: {self.name} gave an invalid {what} twice: {_first_line(problems)}",
                           where.path, where.line)

    def _client(self):
        with self._client_lock:
            if self._client_obj is None:
                import openai

                try:
                    self._client_obj = openai.OpenAI(api_key=self.__api_key, base_url=self.base_url,
                                                     timeout=self.timeout, max_retries=0)
                except openai.OpenAIError:
                    raise PrevisError("no API key for the LLM endpoint: set OPENAI_API_KEY "
                                      "(a local server that needs none accepts any text)") from None
            return self._client_obj

    def complete(self, messages: list[dict], rf: dict, at: Where, cancel: threading.Event | None) -> str:
        """One answer's text, retrying 429/5xx/connection errors within bounds."""
        import openai

        client = self._client()
        where = {"path": at.path, "line": at.line}
        label = at.label
        retries = 0
        while True:
            check_cancel(cancel)
            try:
                resp = client.chat.completions.create(model=self.model, messages=messages, response_format=rf)
            except openai.APITimeoutError:
                raise AnswerFailed(f"{label}: {self.endpoint} did not answer within {self.timeout:g} s; "
                                   "raise the planner timeout or use a faster model", **where) from None
            except openai.RateLimitError as exc:
                wait_s = _retry_after(exc.response)
                if retries >= self.max_retries:
                    raise AnswerFailed(f"{label}: {self.endpoint} is rate limiting (HTTP 429) after "
                                       f"{retries + 1} tries; try again later", **where) from None
                if wait_s is not None and wait_s > self.max_retry_wait:
                    raise AnswerFailed(f"{label}: {self.endpoint} is rate limiting and asks to wait "
                                       f"{wait_s:.0f} s (more than {self.max_retry_wait:g} s); try again later",
                                       **where) from None
                delay = wait_s if wait_s is not None else _backoff(retries)
            except (openai.InternalServerError, openai.APIConnectionError) as exc:
                if retries >= self.max_retries:
                    raise AnswerFailed(f"{label}: {self.endpoint} failed {retries + 1} times "
                                       f"({self._describe(exc)})", **where) from None
                delay = _backoff(retries)
            except openai.AuthenticationError:
                raise PrevisError(f"{self.endpoint} refused the API key (HTTP 401); check OPENAI_API_KEY",
                                  **where) from None
            except openai.APIStatusError as exc:
                raise PrevisError(f"{label}: {self.endpoint} rejected the request for model "
                                  f"{self.model!r}: {self._describe(exc)}", **where) from None
            else:
                choice = resp.choices[0] if resp.choices else None
                message = choice.message if choice is not None else None
                if message is not None and getattr(message, "refusal", None):
                    return json.dumps({"refusal": str(message.refusal)})  # fails validation, gets a retry
                return (message.content if message is not None else None) or ""
            retries += 1
            log.info("%s: retrying in %.2f s (%d/%d)", label, delay, retries, self.max_retries)
            if cancel is not None:
                if cancel.wait(delay):
                    raise Cancelled()
            else:
                time.sleep(delay)

    def _describe(self, exc: Exception) -> str:
        """A short, key-free description of a transport error."""
        status = getattr(exc, "status_code", None)
        body = getattr(exc, "body", None)
        text = body.get("message") if isinstance(body, dict) else None
        text = text or re.sub(r"^Error code: \d+ - ", "", getattr(exc, "message", "")) or exc.__class__.__name__
        text = _first_line(self._scrub(str(text)))[:200]
        return f"HTTP {status}: {text}" if status else text

    def _scrub(self, text: str) -> str:
        key = self.__api_key or os.environ.get("OPENAI_API_KEY") or ""
        if len(key) >= 4:
            text = text.replace(key, "[key]")
        return _KEYLIKE.sub("[key]", text)


_KEYLIKE = re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_\-*]{6,}")


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0]


def _backoff(retries: int) -> float:
    return min(0.25 * (2 ** retries), 8.0)


def _retry_after(response) -> float | None:
    """Seconds a 429 asks us to wait (``retry-after-ms`` or ``retry-after``: seconds or HTTP date)."""
    headers = getattr(response, "headers", None) or {}
    ms = headers.get("retry-after-ms")
    try:
        if ms is not None:
            return max(0.0, float(ms) / 1000.0)
    except ValueError:
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None
