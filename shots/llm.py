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
- Transport trouble is bounded, the retry loop, the answer cache and the
  secrecy of the key live in :mod:`shots.llm_endpoint` (the look enrichment
  shares them).
- A failing endpoint is not waited on (:mod:`shots.llm_pool`): without
  fallback the first failed scene ends the run at once, abandoning requests in
  flight; with fallback, after ``MAX_CONSECUTIVE_FAILURES`` failed scenes in a
  row the endpoint is not asked again in this run (one line says so) and every
  scene not yet planned gets the heuristic plan.
- Answers are cached on disk keyed by a hash of the first request of a scene
  (:mod:`shots.llm_cache`), so a re-run of an unchanged scene sends nothing.
- The request (:mod:`shots.llm_request`) carries the scene as data, who is present at each
  line, its light and what it continues from the scene before, under a system prompt of
  coverage, pacing and craft rules with one worked example (:mod:`shots.llm_example`).
- The answer says which part of which element each shot carries, with blocking and a short
  description of what happens; :mod:`shots.llm_answer` turns it into ``Shot.parts`` and composes
  the prompts as the heuristic planner's are composed. An answer that breaks a craft rule
  (:mod:`shots.craft`) is rejected like any invalid one.
"""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace
from typing import Callable, Iterable, Sequence, TypeVar

from screenplay.errors import PrevisError
from screenplay.model import Scene, Screenplay
from shots.llm_cache import ResponseCache, default_cache_dir
from shots.llm_endpoint import ChatEndpoint
from shots.llm_errors import AnswerFailed, InvalidAnswer, Where
from shots.llm_pool import GiveUp, run_on_daemon_threads
from shots.llm_answer import build_plan
from shots.llm_request import continuation_data, scene_cast, scene_message, system_prompt
from shots.llm_schema import PROMPT_VERSION, SCHEMA_VERSION, describe_errors, response_format, validate_answer
from shots.model import Bible, ShotPlan
from shots.progress import ProgressFn, check_cancel, report

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
        base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or "").strip() or None
        cache = ResponseCache(cache_dir if cache_dir is not None else default_cache_dir())
        # the key goes to the endpoint object only (None -> the openai client reads the env)
        self.chat = ChatEndpoint(self.model, base_url, api_key, cache, timeout, max_retries, max_retry_wait)
        self.fallback = fallback
        self.concurrency = max(1, int(concurrency))
        self.enrich_bible = enrich_bible
        self.script_path = os.fspath(script_path) if script_path is not None else None
        self.name = self.chat.name
        self._give_up = GiveUp()

    def __repr__(self) -> str:
        return f"LLMPlanner(model={self.model!r}, endpoint={self.endpoint!r})"

    @property
    def endpoint(self) -> str:
        """``host[:port]`` of the endpoint (no scheme, path or credentials)."""
        return self.chat.endpoint

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
                    self.chat.abandon_requests()
                    raise outcome
                results[i] = outcome
                done_count += 1
                report(progress, "plan", scenes[i].id, done_count, total, f"scene {scenes[i].id} planned")
                if self._give_up.tripped:  # fallback only: the rest without waiting for the endpoint
                    self.chat.abandon_requests()
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
        data = scene_message(scene, cast, presence_data(reading, bible), time_of_day, continuation_data(context))
        messages = [{"role": "system", "content": system_prompt()}, {"role": "user", "content": data}]
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

    def ask_validated(self, messages: list[dict], rf: dict, accept: Callable[[str], T], where: Where,
                      what: str, cancel: threading.Event | None = None) -> T:
        """An answer ``accept`` takes, from the cache or the model (one retry with the reasons):
        see :meth:`shots.llm_endpoint.ChatEndpoint.ask_validated`."""
        return self.chat.ask_validated(messages, rf, accept, where, what, cancel)

    def _fall_back(self, scene: Scene, bible: Bible, why: str, context=None, quiet: bool = False) -> ShotPlan:
        from shots.heuristic import HeuristicPlanner

        if not quiet:
            log.warning("%s; using the heuristic plan", why)
        plan = HeuristicPlanner().plan(scene, bible, context)
        return replace(plan, notes=plan.notes + (f"fell back to the heuristic plan: {why}",))

    def _accept(self, content: str, scene: Scene, bible: Bible, allowed: set[str],
                span: tuple[int, int], locks: tuple = (), reading=None, time_of_day: str | None = None) -> ShotPlan:
        """Validate an answer and turn it into a ShotPlan, or raise InvalidAnswer with the reasons
        (quoted words not in the text, a broken covering, a craft rule broken (:mod:`shots.craft`:
        someone absent in frame, a same-setup cut, a speaker neither seen nor reacted to), a shot
        note not honoured)."""
        from pydantic import ValidationError

        from shots.coverage import validate_plan
        from shots.craft import craft_problems

        try:
            answer = validate_answer(content, allowed, span)
        except ValidationError as exc:
            raise InvalidAnswer(describe_errors(exc)) from None
        plan, problems = build_plan(answer, scene, bible, self.name, time_of_day)
        if not problems:  # parts that do not fit make every later check noise
            problems = validate_plan(plan, scene, bible) + craft_problems(plan, scene, bible, reading=reading)
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

    @staticmethod
    def _scene_label(scene: Scene) -> str:
        """``scene 12``: the error's ``line`` (and ``path`` when known) say where it is."""
        return f"scene {scene.id}"
