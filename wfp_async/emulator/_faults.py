"""Fault injection: what can go wrong between a client and Cloudflare, reproducible from a seed.

:class:`FaultConfig` holds rates per answer kind (429, 500, HTML 502, 503, dropped connection, a 200
with ``success: false``), added latency, and per-route overrides keyed by operationId. :class:`Faults`
(``emulator.faults``) draws from one seeded ``random.Random``: exactly two draws per request, whatever
the configuration, so the same seed and the same request sequence give the same faults. Scripted faults
(:meth:`Faults.fail_next`) strike first. A fault normally strikes before the operation touches state;
with ``after=True`` the operation runs and its answer is lost instead.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping

import attrs

from ._throttle import ApiRateLimit

OPERATION_IDS = frozenset(
    {
        "namespace-worker-create",
        "namespace-worker-list",
        "namespace-worker-get-namespace",
        "namespace-worker-put-namespace",
        "namespace-worker-patch-namespace",
        "namespace-worker-delete-namespace",
        "namespace-worker-list-scripts",
        "namespace-worker-delete-scripts",
        "namespace-worker-script-worker-details",
        "namespace-worker-script-upload-worker-module",
        "namespace-worker-script-delete-worker",
        "namespace-worker-script-update-create-assets-upload-session",
        "namespace-worker-get-script-bindings",
        "namespace-worker-put-script-content",
        "namespace-worker-get-script-content",
        "namespace-worker-put-script-secrets",
        "namespace-worker-list-script-secrets",
        "namespace-worker-get-script-secrets",
        "namespace-worker-delete-script-secret",
        "namespace-worker-patch-script-settings",
        "namespace-worker-get-script-settings",
        "namespace-worker-put-script-tags",
        "namespace-worker-get-script-tags",
        "namespace-worker-put-script-tag",
        "namespace-worker-delete-script-tag",
        "namespace-worker-patch-script-secrets-bulk",
        "worker-assets-upload",
    }
)


def _rate(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


@attrs.frozen
class Fault:
    """One injected failure.

    ``status`` is the HTTP status (200 with ``success_false``); ``drop`` closes the connection without an
    answer; ``html`` answers an edge HTML page; ``after`` lets the operation change state first.
    Built by ``emu.faults.fail_next(...)`` and by :class:`FaultConfig`; ``Fault(429, retry_after=2)``.
    """

    status: int = 500
    code: int | None = None
    message: str | None = None
    retry_after: float | None = None
    html: bool = False
    drop: bool = False
    success_false: bool = False
    after: bool = False

    @property
    def kind(self) -> str:
        """A short label: ``drop``, ``success_false``, or the status (``429``, ``502``...).

        ``fault.kind`` is what ``emu.faults.history`` records.
        """
        if self.drop:
            return "drop"
        return "success_false" if self.success_false else str(self.status)


@attrs.frozen(kw_only=True)
class FaultConfig:
    """Random faults: a rate (0..1) per kind, latency bounds in seconds, and per-route overrides.

    The rates together must not exceed 1. ``after=True`` makes these faults strike after the operation
    changed state (a lost answer). ``routes`` maps an operationId to the config used for that route
    instead of this one: ``Emulator(faults=FaultConfig(rate_429=0.05, latency=(0.0, 0.01)))``. Raises
    ``ValueError`` for a rate outside 0..1, rates adding up to more than 1, bad latency bounds or an
    unknown operationId.

    ``rate_limit`` turns on Cloudflare's per-token rate limit (off by default):
    ``FaultConfig(rate_limit=ApiRateLimit.parse("1200/300"))`` answers 429 with ``Retry-After`` past 1,200
    requests of one token in any 300 seconds and blocks that token for the next 300, and every
    authenticated answer carries ``Ratelimit`` and ``Ratelimit-Policy``. It applies to every route
    (``routes`` overrides do not change it).
    """

    rate_429: float = attrs.field(default=0.0, validator=_rate)
    rate_500: float = attrs.field(default=0.0, validator=_rate)
    rate_502: float = attrs.field(default=0.0, validator=_rate)
    rate_503: float = attrs.field(default=0.0, validator=_rate)
    drop_rate: float = attrs.field(default=0.0, validator=_rate)
    success_false_rate: float = attrs.field(default=0.0, validator=_rate)
    latency: tuple[float, float] = (0.0, 0.0)
    retry_after: float = 1.0
    after: bool = False
    routes: Mapping[str, FaultConfig] = attrs.field(factory=dict)
    rate_limit: ApiRateLimit | None = None

    def __attrs_post_init__(self) -> None:
        total = (
            self.rate_429
            + self.rate_500
            + self.rate_502
            + self.rate_503
            + self.drop_rate
            + self.success_false_rate
        )
        if total > 1.0 + 1e-9:
            raise ValueError(f"fault rates add up to {total}, more than 1")
        low, high = self.latency
        if not 0.0 <= low <= high:
            raise ValueError(f"latency must be (min, max) with 0 <= min <= max, got {self.latency}")
        unknown = set(self.routes) - OPERATION_IDS
        if unknown:
            raise ValueError(f"unknown operationIds in routes: {sorted(unknown)}")

    @classmethod
    def uniform(cls, rate: float, **kwargs: object) -> FaultConfig:
        """``rate`` spread evenly over 429, 500, 502 and 503: ``FaultConfig.uniform(0.1)``.

        Raises ``ValueError`` as the constructor does.
        """
        quarter = rate / 4
        return cls(rate_429=quarter, rate_500=quarter, rate_502=quarter, rate_503=quarter, **kwargs)  # type: ignore[arg-type]

    def for_route(self, route: str) -> FaultConfig:
        """The config that applies to ``route``: its override, or this config.

        ``config.for_route("namespace-worker-script-worker-details")``.
        """
        return self.routes.get(route, self)

    def pick(self, draw: float) -> Fault | None:
        """The fault that a uniform draw in [0, 1) selects, or None.

        ``FaultConfig(rate_500=0.5).pick(0.25)`` is a 500; ``.pick(0.75)`` is None.
        """
        table = (
            (self.rate_429, Fault(429, retry_after=self.retry_after, after=self.after)),
            (self.rate_500, Fault(500, after=self.after)),
            (self.rate_502, Fault(502, html=True, after=self.after)),
            (self.rate_503, Fault(503, retry_after=self.retry_after, after=self.after)),
            (self.drop_rate, Fault(drop=True, after=self.after)),
            (self.success_false_rate, Fault(200, success_false=True, after=self.after)),
        )
        edge = 0.0
        for rate, fault in table:
            edge += rate
            if draw < edge:
                return fault
        return None


@attrs.define
class _Scripted:
    fault: Fault
    remaining: int
    route: str | None


class Faults:
    """The fault controller of one emulator (``emulator.faults``).

    ``emu.faults.fail_next(2, status=503)`` scripts faults; ``emu.faults.config`` holds the random ones;
    ``emu.faults.history`` lists what was injected.
    """

    def __init__(self, config: FaultConfig | None = None, *, seed: int | None = None) -> None:
        self.config = config or FaultConfig()
        self._rng = random.Random(seed)
        self._scripted: list[_Scripted] = []
        self._lock = threading.Lock()
        self.history: list[tuple[str, str]] = []
        """(operationId, fault kind) for every injected fault, in order."""

    def fail_next(
        self,
        n: int = 1,
        *,
        route: str | None = None,
        status: int = 500,
        code: int | None = None,
        message: str | None = None,
        retry_after: float | None = None,
        html: bool = False,
        drop: bool = False,
        success_false: bool = False,
        after: bool = False,
    ) -> None:
        """Fail the next ``n`` requests (to ``route`` only, when given) with this fault.

        ``status=429`` or ``503`` answer a Retry-After (``retry_after``, default 1 s); ``html`` answers an
        edge HTML page; ``drop`` closes the connection; ``success_false`` answers 200 with
        ``success: false``; ``after`` runs the operation first and loses its answer.
        ``emu.faults.fail_next(1, route="namespace-worker-list", status=429, retry_after=2)``. Raises
        ``ValueError`` for ``n < 1`` or an unknown operationId.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        if route is not None and route not in OPERATION_IDS:
            raise ValueError(f"unknown operationId {route!r}")
        if retry_after is None and status in (429, 503):
            retry_after = 1.0
        fault = Fault(
            200 if success_false else status, code, message, retry_after, html, drop, success_false, after
        )
        with self._lock:
            self._scripted.append(_Scripted(fault, n, route))

    def clear(self) -> None:
        """Forget scripted faults and turn random faults off: ``emu.faults.clear()``.

        The history stays.
        """
        with self._lock:
            self._scripted.clear()
            self.config = FaultConfig()

    def decide(self, route: str) -> tuple[Fault | None, float]:
        """The fault (or None) and the added latency in seconds for the next request to ``route``.

        The emulator calls it once per request, so tests rarely do:
        ``fault, latency = emu.faults.decide("namespace-worker-list")`` uses up a scripted fault and
        records the fault in ``history``.
        """
        with self._lock:
            draw, latency_draw = self._rng.random(), self._rng.random()
            config = self.config.for_route(route)
            low, high = config.latency
            latency = low + (high - low) * latency_draw
            fault = None
            for scripted in self._scripted:
                if scripted.route in (None, route):
                    fault = scripted.fault
                    scripted.remaining -= 1
                    if scripted.remaining == 0:
                        self._scripted.remove(scripted)
                    break
            if fault is None:
                fault = config.pick(draw)
            if fault is not None:
                self.history.append((route, fault.kind))
            return fault, latency
