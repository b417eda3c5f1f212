"""Rendering across a Ray cluster: one actor per GPU (or CPU slot), each loading its
renderer once and rendering the shots sent to it.

Why actors and not tasks: a diffusion pipeline takes seconds and gigabytes to
load; an actor keeps it resident and renders shot after shot. Scheduling is
Ray's: we keep at most one shot in flight per actor and hand the next shot
to whichever actor finishes first.

Failure handling: if an actor dies (node lost, OOM-killed, ``ray.kill``), its
shot goes back on the queue and a replacement actor is started; a shot is
tried at most ``max_attempts`` times (default 2) and then reported as failed.
A renderer's own PrevisError (a bad prompt, CUDA OOM after its own retry) is
not retried. Results are files in the shared staging folder; the driver moves
them into the project store, so the store is never written by a worker.
"""
from __future__ import annotations

import os
import threading
from collections import deque
from typing import Iterable, Iterator

from screenplay.errors import PrevisError
from shots.progress import Cancelled, ProgressFn, check_cancel
from renders.render_job import RenderJob
from renders.model import RenderedShot, TimedShot


def _actor_class(ray):
    @ray.remote
    class ShotRenderer:
        """Renders shots for the driver; its renderer (and any model) loads on first use."""

        def render(self, job: RenderJob, timed: TimedShot):
            from renders.render_job import render_staged

            try:
                return render_staged(job, timed)
            except PrevisError as exc:
                return PrevisError(exc.message, exc.path, exc.line)

        def pid(self) -> int:
            return os.getpid()

    return ShotRenderer


class RayExecutor:
    """Render shots on Ray actors.

    Args:
        address: ``None`` starts (or joins) a local Ray; ``"auto"`` joins the running
            cluster; ``"ray://host:port"`` connects a Ray client.
        gpus_per_actor: GPUs each actor reserves (1 for diffusion; 0 for greybox).
        cpus_per_actor: CPUs each actor reserves.
        num_actors: how many actors; default: as many as the cluster's resources allow.
        max_attempts: tries per shot when actors die.
    """

    name = "ray"

    def __init__(self, address: str | None = None, gpus_per_actor: float = 0.0, cpus_per_actor: float = 1.0,
                 num_actors: int | None = None, max_attempts: int = 2, init_options: dict | None = None):
        try:
            import ray  # noqa: F401
        except ImportError:
            raise PrevisError("--executor ray needs the cluster extra: pip install 'previs-studio[cluster]'") from None
        self.address = address
        self.gpus_per_actor = float(gpus_per_actor or 0.0)
        self.cpus_per_actor = float(cpus_per_actor)
        self.num_actors = num_actors
        self.max_attempts = max(1, int(max_attempts))
        self.init_options = dict(init_options or {})
        self.actors: list = []
        self.failed: list[str] = []

    def _connect(self):
        import ray

        if not ray.is_initialized():
            try:
                ray.init(address=self.address, ignore_reinit_error=True, log_to_driver=False,
                         include_dashboard=False, **self.init_options)
            except Exception as exc:  # ConnectionError, RuntimeError...: one line for the user
                raise PrevisError(f"cannot reach the Ray cluster at {self.address or 'local'}: {exc}") from None
        return ray

    def _capacity(self, ray) -> int:
        if self.num_actors:
            return self.num_actors
        res = ray.cluster_resources()
        by_gpu = int(res.get("GPU", 0) // self.gpus_per_actor) if self.gpus_per_actor else 10**6
        by_cpu = int(res.get("CPU", 1) // self.cpus_per_actor) if self.cpus_per_actor else 10**6
        n = min(by_gpu, by_cpu)
        if n < 1:
            raise PrevisError(f"the Ray cluster has no room for an actor with {self.gpus_per_actor:g} GPU and "
                              f"{self.cpus_per_actor:g} CPU (it has {dict(res)})")
        return n

    def _new_actor(self, cls):
        return cls.options(num_gpus=self.gpus_per_actor, num_cpus=self.cpus_per_actor, max_restarts=0).remote()

    def run(self, job: RenderJob, shots: Iterable[TimedShot], progress: ProgressFn | None = None,
            cancel: threading.Event | None = None) -> Iterator[tuple[TimedShot, RenderedShot | PrevisError]]:
        ray = self._connect()
        from ray.exceptions import RayActorError, RayTaskError, WorkerCrashedError

        queue: deque[tuple[TimedShot, int]] = deque((t, 0) for t in shots)
        if not queue:
            return
        cls = _actor_class(ray)
        n = min(self._capacity(ray), len(queue))
        self.actors = [self._new_actor(cls) for _ in range(n)]
        idle = list(self.actors)
        in_flight: dict = {}  # future -> (actor, timed, attempts)
        try:
            while queue or in_flight:
                check_cancel(cancel)
                while queue and idle:
                    actor = idle.pop()
                    timed, attempts = queue.popleft()
                    in_flight[actor.render.remote(job, timed)] = (actor, timed, attempts + 1)
                ready, _ = ray.wait(list(in_flight), num_returns=1, timeout=0.5)
                for fut in ready:
                    actor, timed, attempts = in_flight.pop(fut)
                    try:
                        result = ray.get(fut)
                    except (RayActorError, WorkerCrashedError, RayTaskError) as exc:
                        # The actor is gone (or broke): replace it, and retry the shot elsewhere.
                        if actor in self.actors:
                            self.actors.remove(actor)
                        ray.kill(actor, no_restart=True) if not isinstance(exc, RayActorError) else None
                        fresh = self._new_actor(cls)
                        self.actors.append(fresh)
                        idle.append(fresh)
                        if attempts < self.max_attempts:
                            queue.append((timed, attempts))
                        else:
                            self.failed.append(timed.shot.id)
                            yield timed, PrevisError(f"failed on {attempts} workers ({type(exc).__name__})")
                        continue
                    idle.append(actor)
                    yield timed, result
        except Cancelled:
            for fut in in_flight:
                ray.cancel(fut, force=True)
            raise
        finally:
            for actor in self.actors:
                try:
                    ray.kill(actor, no_restart=True)
                except Exception:
                    pass
            self.actors = []
