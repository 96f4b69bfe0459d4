"""RetryPolicy, is_retryable, compute_wait and call_with_retry, driven by a fake clock that never waits."""

from __future__ import annotations

import asyncio
import math

import anyio
import attrs
import pytest

from wfp_async._errors import (
    APIError,
    AuthenticationError,
    Conflict,
    InvalidInput,
    InvalidResponse,
    NotFound,
    RateLimited,
    RequestTimeout,
    ServerError,
    TransportError,
    ValidationError,
    WfpError,
)
from wfp_async._retry import (
    IDEMPOTENT_METHODS,
    NO_RETRY,
    RetryPolicy,
    call_with_retry,
    compute_wait,
    is_retryable,
)

# Binary-exact numbers, so waits compare with ==.
EXACT = RetryPolicy(attempts=8, deadline=1000.0, wait_initial=1.0, wait_max=10.0, wait_jitter=0.5)


def api(cls: type[APIError], status: int, retry_after: float | None = None) -> APIError:
    return cls(status=status, method="GET", url="/p", retry_after=retry_after)


def transport(*, sent: bool, cls: type[TransportError] = TransportError) -> TransportError:
    return cls("connection failed", method="POST", url="/p", sent=sent)


class FakeTime:
    """A clock that only moves when someone sleeps (or a send takes time), recording every sleep."""

    def __init__(self) -> None:
        self.now = 100.0
        self.waits: list[float] = []
        self.log: list[tuple[object, ...]] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.log.append(("sleep", seconds))
        self.now += seconds


class Sender:
    """A send() that raises the given outcomes in order (returning non-exceptions), then 'ok'."""

    def __init__(self, *outcomes: object, time: FakeTime | None = None, cost: float = 0.0) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0
        self.time = time
        self.cost = cost

    async def __call__(self) -> object:
        self.calls += 1
        if self.time is not None:
            self.time.now += self.cost
        outcome = self.outcomes.pop(0) if self.outcomes else "ok"
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


async def run(
    send: Sender, time: FakeTime, *, policy: RetryPolicy = EXACT, idempotent: bool = True, rand: float = 0.5
) -> object:
    return await call_with_retry(
        send, policy=policy, idempotent=idempotent, sleep=time.sleep, clock=time.clock, rand=lambda: rand
    )


def test_defaults_and_no_retry() -> None:
    """The policy's defaults are the documented ones; NO_RETRY makes one attempt."""
    assert attrs.asdict(RetryPolicy()) == {
        "attempts": 5,
        "deadline": 60.0,
        "wait_initial": 0.2,
        "wait_max": 10.0,
        "wait_jitter": 1.0,
        "wait_exp_base": 2.0,
    }
    assert RetryPolicy(attempts=1) == NO_RETRY


def test_policy_is_frozen() -> None:
    """A RetryPolicy cannot be changed after construction."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        RetryPolicy().attempts = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"attempts": 0}, "RetryPolicy.attempts must be an int >= 1, got 0"),
        ({"attempts": -1}, "RetryPolicy.attempts must be an int >= 1, got -1"),
        ({"attempts": 2.5}, "RetryPolicy.attempts must be an int >= 1, got 2.5"),
        ({"attempts": True}, "RetryPolicy.attempts must be an int >= 1, got True"),
        ({"deadline": 0}, "RetryPolicy.deadline must be a number > 0, got 0"),
        ({"deadline": -5.0}, "RetryPolicy.deadline must be a number > 0, got -5.0"),
        ({"deadline": math.nan}, "RetryPolicy.deadline must be a number > 0, got nan"),
        ({"wait_initial": -0.1}, "RetryPolicy.wait_initial must be a number >= 0, got -0.1"),
        ({"wait_initial": "1"}, "RetryPolicy.wait_initial must be a number >= 0, got '1'"),
        ({"wait_max": -1}, "RetryPolicy.wait_max must be a number >= 0, got -1"),
        ({"wait_jitter": -1.0}, "RetryPolicy.wait_jitter must be a number >= 0, got -1.0"),
        ({"wait_jitter": None}, "RetryPolicy.wait_jitter must be a number >= 0, got None"),
        ({"wait_exp_base": 0.5}, "RetryPolicy.wait_exp_base must be a number >= 1, got 0.5"),
    ],
)
def test_policy_rejects_nonsense(kwargs: dict[str, object], message: str) -> None:
    """Nonsense knobs raise InvalidInput naming the knob, the rule and the value."""
    with pytest.raises(InvalidInput) as caught:
        RetryPolicy(**kwargs)  # type: ignore[arg-type]

    assert str(caught.value) == message


def test_policy_rejects_seconds_beyond_a_float() -> None:
    """An int of seconds too large for a float is InvalidInput, not an OverflowError later on."""
    with pytest.raises(InvalidInput) as caught:
        RetryPolicy(deadline=10**400)
    assert str(caught.value) == "RetryPolicy.deadline must be a number > 0, got an int too large for a float"
    assert RetryPolicy(deadline=math.inf).deadline == math.inf  # no deadline, as before
    assert RetryPolicy(attempts=10**400).attempts == 10**400  # a count, never a float


def test_policy_accepts_edges() -> None:
    """Zero waits, an infinite deadline and a flat backoff (base 1) are legitimate."""
    policy = RetryPolicy(
        attempts=1, deadline=math.inf, wait_initial=0, wait_max=0, wait_jitter=0, wait_exp_base=1
    )

    assert (policy.attempts, policy.deadline, policy.wait_exp_base) == (1, math.inf, 1)


def test_idempotent_methods() -> None:
    """Exactly the HTTP methods that may be repeated safely are idempotent."""
    assert frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"}) == IDEMPOTENT_METHODS


@pytest.mark.parametrize(
    ("error", "idempotent", "expected"),
    [
        (api(RateLimited, 429), True, True),
        (api(RateLimited, 429), False, False),
        (api(ServerError, 500), True, True),
        (api(ServerError, 503), True, True),
        (api(ServerError, 502), False, False),
        (transport(sent=True), True, True),
        (transport(sent=True), False, False),
        (transport(sent=False), True, True),
        (transport(sent=False), False, True),
        (transport(sent=True, cls=RequestTimeout), True, True),
        (transport(sent=True, cls=RequestTimeout), False, False),
        (transport(sent=False, cls=RequestTimeout), False, True),
        (api(NotFound, 404), True, False),
        (api(ValidationError, 400), True, False),
        (api(AuthenticationError, 401), True, False),
        (api(Conflict, 409), True, False),
        (api(APIError, 418), True, False),
        (api(InvalidResponse, 200), True, False),
        (InvalidInput("bad name"), True, False),
        (InvalidInput("bad name"), False, False),
    ],
)
def test_is_retryable(error: WfpError, idempotent: bool, expected: bool) -> None:
    """429/5xx/transport retry when idempotent; otherwise only unsent transport errors; 4xx never."""
    assert is_retryable(error, idempotent=idempotent) is expected


@pytest.mark.parametrize(
    ("attempt", "wait"), [(1, 1.25), (2, 2.25), (3, 4.25), (4, 8.25), (5, 10.25), (6, 10.25), (5000, 10.25)]
)
def test_compute_wait_backoff(attempt: int, wait: float) -> None:
    """Backoff doubles from wait_initial, is capped at wait_max (even for huge attempts), plus jitter."""
    assert compute_wait(EXACT, attempt, api(ServerError, 500), lambda: 0.5) == wait


@pytest.mark.parametrize("rand", [0.0, 0.999])
def test_compute_wait_retry_after_wins_uncapped(rand: float) -> None:
    """A Retry-After is used as is, above wait_max and without jitter."""
    assert compute_wait(EXACT, 1, api(RateLimited, 429, retry_after=30.0), lambda: rand) == 30.0
    assert compute_wait(EXACT, 3, api(ServerError, 503, retry_after=0.0), lambda: rand) == 0.0


@pytest.mark.parametrize("error", [api(RateLimited, 429), api(ServerError, 503), transport(sent=True)])
async def test_retries_transient_errors_on_idempotent_requests(error: WfpError) -> None:
    """429, 5xx and transport errors are retried on idempotent requests until success."""
    time = FakeTime()
    send = Sender(error, error)

    assert await run(send, time) == "ok"
    assert send.calls == 3
    assert time.waits == [1.25, 2.25]


async def test_default_backoff_sequence() -> None:
    """With the default policy and no jitter the waits are 0.2, 0.4, 0.8, 1.6, then the error."""
    time = FakeTime()
    errors = [api(ServerError, 500) for _ in range(5)]
    send = Sender(*errors)

    with pytest.raises(ServerError) as caught:
        await run(send, time, policy=RetryPolicy(), rand=0.0)

    assert caught.value is errors[-1]
    assert send.calls == 5
    assert time.waits == [0.2, 0.4, 0.8, 1.6]


@pytest.mark.parametrize(
    "error",
    [
        api(NotFound, 404),
        api(ValidationError, 400),
        api(AuthenticationError, 403),
        api(Conflict, 409),
        api(APIError, 418),
        api(InvalidResponse, 200),
        InvalidInput("bad"),
    ],
)
async def test_never_retries_client_errors(error: WfpError) -> None:
    """4xx, InvalidResponse and InvalidInput are raised at once, the same object, without sleeping."""
    time = FakeTime()
    send = Sender(error)

    with pytest.raises(WfpError) as caught:
        await run(send, time)

    assert caught.value is error
    assert send.calls == 1
    assert time.waits == []


@pytest.mark.parametrize(
    "error", [api(ServerError, 500), api(RateLimited, 429, retry_after=1.0), transport(sent=True)]
)
async def test_post_not_retried_when_server_may_have_acted(error: WfpError) -> None:
    """A non-idempotent request is not repeated after a 5xx, a 429 or a transport error once sent."""
    time = FakeTime()
    send = Sender(error)

    with pytest.raises(WfpError) as caught:
        await run(send, time, idempotent=False)

    assert caught.value is error
    assert send.calls == 1
    assert time.waits == []


@pytest.mark.parametrize("cls", [TransportError, RequestTimeout])
async def test_post_retried_when_never_sent(cls: type[TransportError]) -> None:
    """A non-idempotent request is repeated after a connect failure that never reached the server."""
    time = FakeTime()
    send = Sender(transport(sent=False, cls=cls))

    assert await run(send, time, idempotent=False) == "ok"
    assert send.calls == 2
    assert time.waits == [1.25]


async def test_retry_after_wins_over_backoff() -> None:
    """The server's Retry-After is waited exactly, even above wait_max."""
    time = FakeTime()
    send = Sender(api(RateLimited, 429, retry_after=30.0), api(ServerError, 503))

    assert await run(send, time) == "ok"
    assert time.waits == [30.0, 2.25]


async def test_attempts_bound() -> None:
    """After `attempts` failures the last error itself is raised."""
    time = FakeTime()
    errors = [api(ServerError, 500) for _ in range(3)]
    send = Sender(*errors)

    with pytest.raises(ServerError) as caught:
        await run(send, time, policy=attrs.evolve(EXACT, attempts=3))

    assert caught.value is errors[2]
    assert send.calls == 3
    assert time.waits == [1.25, 2.25]


async def test_no_retry_makes_one_attempt() -> None:
    """NO_RETRY raises the first retryable error without sleeping."""
    time = FakeTime()
    error = api(ServerError, 500)
    send = Sender(error)

    with pytest.raises(ServerError) as caught:
        await run(send, time, policy=NO_RETRY)

    assert caught.value is error
    assert time.waits == []


async def test_deadline_stops_before_a_wait_that_would_pass_it() -> None:
    """Waits that fit end exactly at the deadline; the next one is not slept, its error is raised."""
    time = FakeTime()
    policy = attrs.evolve(EXACT, deadline=3.5, wait_jitter=0.0, wait_initial=0.5)
    errors = [api(ServerError, 500) for _ in range(4)]
    send = Sender(*errors)

    with pytest.raises(ServerError) as caught:
        await run(send, time, policy=policy)

    assert time.waits == [0.5, 1.0, 2.0]  # 3.5 seconds: exactly the deadline
    assert caught.value is errors[3]  # the next wait (4.0) would end past it
    assert send.calls == 4
    assert time.now == 103.5


async def test_deadline_counts_time_spent_sending() -> None:
    """Time spent inside send() counts against the deadline too."""
    time = FakeTime()
    policy = attrs.evolve(EXACT, deadline=10.0, wait_jitter=0.0)
    send = Sender(api(ServerError, 500), api(ServerError, 500), time=time, cost=4.0)

    with pytest.raises(ServerError):
        await run(send, time, policy=policy)

    assert time.waits == [1.0]  # 4 + 1 + 4 = 9 elapsed; waiting 2 more would end at 11
    assert send.calls == 2


async def test_retry_after_past_deadline_raises_at_once() -> None:
    """A Retry-After longer than the deadline is not waited: the 429 is raised immediately."""
    time = FakeTime()
    error = api(RateLimited, 429, retry_after=120.0)
    send = Sender(error)
    retries: list[object] = []

    with pytest.raises(RateLimited) as caught:
        await call_with_retry(
            send,
            policy=RetryPolicy(),
            idempotent=True,
            sleep=time.sleep,
            clock=time.clock,
            on_retry=lambda *args: retries.append(args),
        )

    assert caught.value is error
    assert time.waits == []
    assert retries == []


async def test_on_retry_called_before_each_sleep() -> None:
    """on_retry gets (error, attempt, wait) right before each sleep, and not for the final success."""
    time = FakeTime()
    first, second = api(ServerError, 502), transport(sent=True)
    send = Sender(first, second)

    result = await call_with_retry(
        send,
        policy=EXACT,
        idempotent=True,
        sleep=time.sleep,
        clock=time.clock,
        rand=lambda: 0.5,
        on_retry=lambda error, attempt, wait: time.log.append(("retry", error, attempt, wait)),
    )

    assert result == "ok"
    assert time.log == [
        ("retry", first, 1, 1.25),
        ("sleep", 1.25),
        ("retry", second, 2, 2.25),
        ("sleep", 2.25),
    ]


@pytest.mark.parametrize("idempotent", [True, False])
async def test_cancelled_error_from_send_passes_through(idempotent: bool) -> None:
    """A CancelledError raised by send() is never caught or retried."""
    time = FakeTime()
    send = Sender(asyncio.CancelledError())

    with pytest.raises(asyncio.CancelledError):
        await run(send, time, idempotent=idempotent)

    assert send.calls == 1
    assert time.waits == []


async def test_cancellation_during_sleep_is_not_swallowed() -> None:
    """Cancelling while call_with_retry sleeps (real anyio.sleep) stops it: send is not called again."""
    send = Sender(api(ServerError, 503), api(ServerError, 503))

    with anyio.CancelScope() as scope:
        scope.cancel()
        await call_with_retry(send, policy=RetryPolicy(), idempotent=True)

    assert scope.cancelled_caught
    assert send.calls == 1


async def test_other_exceptions_pass_through() -> None:
    """Non-WfpError exceptions (programming errors) are never retried."""
    time = FakeTime()
    send = Sender(KeyError("boom"))

    with pytest.raises(KeyError):
        await run(send, time)

    assert send.calls == 1
    assert time.waits == []
