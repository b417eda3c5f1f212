"""The LLM planner: any OpenAI-compatible endpoint proposes the shots, we decide whether to trust them.

Why it is built this way:

- The model gets the scene as JSON data (every element with its source lines),
  the bible entries of the characters in the scene and the camera vocabulary,
  and must answer with strict JSON-schema structured output
  (:mod:`shots.llm_schema`). Script text is untrusted, so it only ever travels
  as JSON strings inside the user message, and whatever comes back must pass
  pydantic validation and :func:`shots.coverage.validate_plan`: a line saying
  "ignore previous instructions" can at most change that scene's shots.
- An invalid answer is retried once with the problems appended; a second
  failure is an error at the scene heading (``script:line: ...``), or, with
  ``fallback=True``, the heuristic plan for that scene with a note saying so.
- Transport trouble is bounded: 429 honours ``retry-after`` up to
  ``max_retry_wait`` seconds, 5xx and dropped connections are retried
  ``max_retries`` times with backoff, a timeout fails at once with a clear
  message (a model that is too slow once is usually too slow again). The
  client's own retries are off so these rules are the only ones.
- A failing endpoint is not waited on (:mod:`shots.llm_pool`): without
  fallback the first failed scene ends the run at once, abandoning requests in
  flight; with fallback, after ``MAX_CONSECUTIVE_FAILURES`` failed scenes in a
  row the endpoint is not asked again in this run (one line says so) and every
  scene not yet planned gets the heuristic plan.
- Answers are cached on disk keyed by a hash of the first request of a scene
  (:mod:`shots.llm_cache`), so a re-run of an unchanged scene sends nothing.
- The API key lives only inside the openai client. It is never in a request
  description, cache entry, log line, ``repr`` or error message (error text
  from the server is scrubbed of it too).
- The LLM writes each shot's prompt; :func:`shots.prompt.ensure_consistency`
  then guarantees the camera phrase and every in-frame character's look text.
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from dataclasses import replace
from typing import Any, Callable, Iterable, Sequence, TypeVar
from urllib.parse import urlsplit

from screenplay.errors import PrevisError
from screenplay.model import Scene, Screenplay
from shots.llm_cache import ResponseCache, default_cache_dir, request_key
from shots.llm_errors import AnswerFailed, InvalidAnswer, Where
from shots.llm_pool import GiveUp, run_on_daemon_threads
from shots.llm_schema import (PROMPT_VERSION, SCHEMA_VERSION, SYSTEM_PROMPT, build_plan, describe_errors,
                               response_format, scene_cast, scene_message, validate_answer, vocabulary_text)
from shots.model import Bible, ShotPlan
from shots.progress import Cancelled, ProgressFn, check_cancel, report

log = logging.getLogger("previs.llm")
T = TypeVar("T")


class LLMPlanner:
    """Plan scenes with an LLM behind any OpenAI-compatible endpoint.

    Args:
        model: model name; default ``$PREVIS_LLM_MODEL``.
        base_url: endpoint, e.g. ``http://localhost:8000/v1``; default ``$OPENAI_BASE_URL``,
            else the openai client's default.
        api_key: default ``$OPENAI_API_KEY`` (read by the openai client).
        fallback: on a scene the LLM cannot plan, use the heuristic plan and say so in
            ``ShotPlan.notes`` instead of failing.
        cache_dir: answer cache folder; default :func:`shots.llm_cache.default_cache_dir`.
        concurrency: scenes planned at once by :meth:`plan_all`.
        timeout: seconds to wait for one answer.
        enrich_bible: ask the pipeline to call :meth:`enrich` on the bible before planning
            (the planner never changes the bible it is given).
        max_retries: retries of one request on 429/5xx/connection errors.
        max_retry_wait: longest ``retry-after`` honoured, in seconds; longer is an error.
        script_path: the script file, for ``path:line`` in errors.

    Raises:
        PrevisError: no model given or configured.
    """

    def __init__(self, model: str | None = None, base_url: str | None = None, api_key: str | None = None,
                 fallback: bool = False, cache_dir: str | os.PathLike[str] | None = None, concurrency: int = 4,
                 timeout: float = 60.0, enrich_bible: bool = False, max_retries: int = 3,
                 max_retry_wait: float = 30.0, script_path: str | os.PathLike[str] | None = None):
        self.model = (model or os.environ.get("PREVIS_LLM_MODEL") or "").strip()
        if not self.model:
            raise PrevisError("the LLM planner needs a model: pass --llm-model NAME or set PREVIS_LLM_MODEL "
                              "(and OPENAI_BASE_URL / OPENAI_API_KEY for the endpoint)")
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or "").strip() or None
        self.__api_key = api_key  # name-mangled and never printed; None -> the client reads the env
        self.fallback = fallback
        self.cache = ResponseCache(cache_dir if cache_dir is not None else default_cache_dir())
        self.concurrency = max(1, int(concurrency))
        self.timeout = float(timeout)
        self.enrich_bible = enrich_bible
        self.max_retries = max(0, int(max_retries))
        self.max_retry_wait = float(max_retry_wait)
        self.script_path = os.fspath(script_path) if script_path is not None else None
        self.name = f"llm:{self.model}"
        self._client_obj: Any = None
        self._client_lock = threading.Lock()
        self._give_up = GiveUp()

    def __repr__(self) -> str:
        return f"LLMPlanner(model={self.model!r}, endpoint={self.endpoint!r})"

    @property
    def endpoint(self) -> str:
        """``host[:port]`` of the endpoint (no scheme, path or credentials)."""
        if not self.base_url:
            return "api.openai.com"
        parts = urlsplit(self.base_url)
        host = parts.hostname or self.base_url.rsplit("@", 1)[-1]  # never user:password@
        return f"{host}:{parts.port}" if parts.port else host

    def cache_fields(self) -> dict:
        """Model, endpoint host, prompt and schema versions; never the key."""
        return {"planner": "llm", "model": self.model, "endpoint": self.endpoint,
                "prompt_version": PROMPT_VERSION, "schema_version": SCHEMA_VERSION}

    # -- planning ------------------------------------------------------------------
    def plan(self, scene: Scene, bible: Bible, context=None) -> ShotPlan:
        """Plan one scene.

        Args:
            scene: the scene to cover.
            bible: the characters shots may name.
            context: what the scene inherits (:class:`shots.continuity.SceneContext`), or None.

        Returns:
            A plan that passes :func:`shots.coverage.validate_plan`.

        Raises:
            PrevisError: at the scene heading when the answer is invalid twice (without
                fallback), the endpoint fails, times out or refuses the key or model.
        """
        return self._plan(scene, bible, None, context=context)

    def plan_all(self, scenes: Sequence[Scene], bible: Bible, progress: ProgressFn | None = None,
                 cancel: threading.Event | None = None, locks: Sequence[Sequence] = (),
                 contexts: Sequence | None = None) -> list[ShotPlan]:
        """Plan ``scenes`` concurrently (at most ``concurrency`` at once); same order out.

        ``locks``: each scene's shot notes (shots/locks.py): they go into the request, and an
        answer that ignores them is rejected like any invalid answer.

        Raises:
            Cancelled: ``cancel`` was set (requests in flight are abandoned; nothing waits for them).
            PrevisError: as :meth:`plan`, for the first scene that fails.
        """
        scenes = list(scenes)
        total = len(scenes)
        results: list[ShotPlan | None] = [None] * total
        check_cancel(cancel)
        report(progress, "plan", "", 0, total, f"planning {total} scene(s) with {self.name}")
        self._give_up.reset()  # "the rest of the run" is this call

        def scene_locks(k: int) -> tuple:
            return tuple(locks[k]) if k < len(locks) else ()

        def scene_context(k: int):
            return contexts[k] if contexts else None

        stop = threading.Event()  # set as this call returns: workers start no further scene
        done_count = 0
        try:
            plan_one = lambda k: self._plan(scenes[k], bible, cancel, scene_locks(k), scene_context(k))  # noqa: E731
            for i, outcome in run_on_daemon_threads(plan_one, range(total), self.concurrency, stop, cancel):
                if isinstance(outcome, BaseException):
                    self._abandon_requests()
                    raise outcome
                results[i] = outcome
                done_count += 1
                report(progress, "plan", scenes[i].id, done_count, total, f"scene {scenes[i].id} planned")
                if self._give_up.tripped:  # fallback only: the rest without waiting for the endpoint
                    self._abandon_requests()
                    for k, scene in enumerate(scenes):
                        if results[k] is None:
                            results[k] = self._given_up_plan(scene, bible, scene_locks(k), scene_context(k))
                    break
        finally:
            stop.set()
        return [r for r in results if r is not None]

    def _plan(self, scene: Scene, bible: Bible, cancel: threading.Event | None, locks: tuple = (),
              context=None) -> ShotPlan:
        from shots.cast_model import read_scene
        from shots.llm_cast import presence_data
        from shots.locks import apply_locks, locks_message

        cast = scene_cast(scene, bible)
        allowed = {e.id for e in cast}
        span = (scene.line, scene.end_line)
        reading = read_scene(scene, bible, context.present if context else (), context.elsewhere if context else ())
        time_of_day = context.time_of_day if context is not None else None
        messages = [{"role": "system", "content": SYSTEM_PROMPT + "\n" + vocabulary_text()},
                    {"role": "user", "content": scene_message(scene, cast, presence_data(reading, bible), time_of_day)}]
        if locks:  # the script's shot notes: a message of their own after the scene's data
            messages.append({"role": "user", "content": locks_message(locks)})
        where = Where(self._scene_label(scene), self.script_path, scene.line)
        if self.fallback and self._give_up.tripped:
            return self._given_up_plan(scene, bible, locks, context)
        try:
            plan = self.ask_validated(messages, response_format(sorted(allowed)),
                                      lambda text: self._accept(text, scene, bible, allowed, span, locks, reading,
                                                                time_of_day),
                                      where, "plan", cancel)
        except AnswerFailed as exc:
            if not self.fallback:
                raise
            if self._give_up.tripped:  # in flight when the run gave up: already said
                return self._given_up_plan(scene, bible, locks, context)
            plan = apply_locks(self._fall_back(scene, bible, exc.message, context), locks, bible)[0]
            if self._give_up.failed():
                log.warning("%s failed %d scenes in a row; the rest of this run is planned heuristically "
                            "without asking it again", self.endpoint, self._give_up.limit)
            return plan
        self._give_up.succeeded()
        return plan

    def _given_up_plan(self, scene: Scene, bible: Bible, locks: tuple = (), context=None) -> ShotPlan:
        """The heuristic plan once the endpoint is given up for this run (said once, not per scene)."""
        from shots.locks import apply_locks

        why = f"{self.endpoint} failed {self._give_up.limit} scenes in a row and was not asked again"
        return apply_locks(self._fall_back(scene, bible, why, context, quiet=True), locks, bible)[0]

    def _abandon_requests(self) -> None:
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
            content = self._complete(messages, rf, where, cancel)
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

    def _fall_back(self, scene: Scene, bible: Bible, why: str, context=None, quiet: bool = False) -> ShotPlan:
        from shots.heuristic import HeuristicPlanner

        if not quiet:
            log.warning("%s; using the heuristic plan", why)
        plan = HeuristicPlanner().plan(scene, bible, context)
        return replace(plan, notes=plan.notes + (f"fell back to the heuristic plan: {why}",))

    def _accept(self, content: str, scene: Scene, bible: Bible, allowed: set[str],
                span: tuple[int, int], locks: tuple = (), reading=None, time_of_day: str | None = None) -> ShotPlan:
        """Validate an answer and turn it into a ShotPlan, or raise InvalidAnswer with the reasons
        (a broken covering, someone in frame who is absent or only a voice, a shot note not honoured)."""
        from pydantic import ValidationError

        from shots.coverage import validate_plan
        from shots.craft import absent_in_frame

        try:
            answer = validate_answer(content, allowed, span)
        except ValidationError as exc:
            raise InvalidAnswer(describe_errors(exc)) from None
        plan = build_plan(answer, scene, bible, self.name, time_of_day)
        problems = validate_plan(plan, scene, bible)
        if reading is not None:
            problems += absent_in_frame(plan.shots, reading, bible)
        if locks:
            from shots.locks import lock_problems

            problems += lock_problems(plan, locks)
        if problems:
            raise InvalidAnswer("\n".join(problems[:12]))
        return plan

    def enrich(self, bible: Bible, screenplay: Screenplay | None = None, ids: Iterable[str] | None = None,
               cancel: threading.Event | None = None) -> Bible:
        """``bible`` with LLM-enriched look text for ``ids`` (default all): see :mod:`shots.llm_bible`.

        Raises:
            PrevisError: invalid answer twice (without fallback), transport failure, refused key.
        """
        from shots.llm_bible import enrich_looks

        return enrich_looks(self, bible, screenplay, ids, cancel)

    # -- transport -----------------------------------------------------------------
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

    def _complete(self, messages: list[dict], rf: dict, at: Where, cancel: threading.Event | None) -> str:
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

    @staticmethod
    def _scene_label(scene: Scene) -> str:
        """``scene 12``: the error's ``line`` (and ``path`` when known) say where it is."""
        return f"scene {scene.id}"

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
