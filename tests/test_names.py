"""Name checks: what may travel in a URL path segment, and how secret names and tag filters are encoded."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable

import pytest

from wfp_async._errors import InvalidInput
from wfp_async._modules import Module
from wfp_async._names import (
    check_account_id,
    check_bool,
    check_int_range,
    check_namespace_name,
    check_positive_int,
    check_script_name,
    check_secret_name,
    check_tag,
    tag_filter,
)
from wfp_async._versions import version_annotations

SCRIPT_RULE = "use only lowercase letters a-z, digits 0-9, '-' and '_', and do not start with '-'"


def shared_invalid(kind: str) -> list[tuple[object, str]]:
    """The rules every path name shares, with the exact message for `kind`."""
    return [
        ("", f"invalid {kind} '': must not be empty"),
        (".", f"invalid {kind} '.': '.' and '..' are not allowed"),
        ("..", f"invalid {kind} '..': '.' and '..' are not allowed"),
        ("a/b", f"invalid {kind} 'a/b': must not contain '/'"),
        ("/", f"invalid {kind} '/': must not contain '/'"),
        ("a\nb", f"invalid {kind} 'a\\nb': must not contain control characters"),
        ("a\x00", f"invalid {kind} 'a\\x00': must not contain control characters"),
        ("a\x7f", f"invalid {kind} 'a\\x7f': must not contain control characters"),
        ("a\x85", f"invalid {kind} 'a\\x85': must not contain control characters"),
        (None, f"{kind} must be a str, not NoneType: None"),
        (42, f"{kind} must be a str, not int: 42"),
        (b"acme", f"{kind} must be a str, not bytes: b'acme'"),
    ]


CHECKERS: dict[str, Callable[[object], str]] = {
    "account id": check_account_id,
    "namespace name": check_namespace_name,
    "script name": check_script_name,
    "tag": check_tag,
}


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [(kind, value, message) for kind in CHECKERS for value, message in shared_invalid(kind)],
)
def test_shared_rules(kind: str, value: object, message: str) -> None:
    """Every path-name checker rejects empty, dot segments, '/', control characters and non-str values."""
    with pytest.raises(InvalidInput) as caught:
        CHECKERS[kind](value)

    assert str(caught.value) == message


@pytest.mark.parametrize("value", ["023e105f4ecef8ad9ca31a8372d0c353", "a", "x" * 32, "acct_1"])
def test_account_id_valid(value: str) -> None:
    """Account ids up to 32 characters pass unchanged."""
    assert check_account_id(value) == value


def test_account_id_too_long() -> None:
    """An account id longer than workers_identifier's maxLength (32) is rejected."""
    with pytest.raises(InvalidInput) as caught:
        check_account_id("0" * 33)

    assert str(caught.value) == f"invalid account id {'0' * 33!r}: must be at most 32 characters"


@pytest.mark.parametrize(
    "value", ["acme", "this-is_my_script-01", "_private", "0", "a-", "tenant_42--v2", "a" * 300]
)
def test_script_name_valid(value: str) -> None:
    """Names matching ^[a-z0-9_][a-z0-9-_]*$ pass unchanged (the spec declares no max length)."""
    assert check_script_name(value) == value


@pytest.mark.parametrize(
    "value", ["Acme", "-acme", "my script", "a.b", "...", "café", "acme:1", "a,b", "a%2e"]
)
def test_script_name_pattern(value: str) -> None:
    """Names outside Cloudflare's script-name pattern are rejected with the rule spelled out."""
    with pytest.raises(InvalidInput) as caught:
        check_script_name(value)

    assert str(caught.value) == f"invalid script name {value!r}: {SCRIPT_RULE}"


@pytest.mark.parametrize(
    "value", ["my-dispatch-namespace", "Prod Namespace", "ns.v2", "...", "名前", "a:b,c"]
)
def test_namespace_name_valid(value: str) -> None:
    """Namespace names are free text (spec pattern ^.+$) once path-safe."""
    assert check_namespace_name(value) == value


@pytest.mark.parametrize("value", ["production", "my-tag", "v1.2", "Team A", "ünïcode"])
def test_tag_valid(value: str) -> None:
    """Tags without ',' or ':' pass unchanged."""
    assert check_tag(value) == value


@pytest.mark.parametrize("value", ["a,b", "env:prod", ",", ":"])
def test_tag_rejects_filter_delimiters(value: str) -> None:
    """',' and ':' would break the tags=name:yes,other:no filter, so tags may not contain them."""
    with pytest.raises(InvalidInput) as caught:
        check_tag(value)

    assert str(caught.value) == f"invalid tag {value!r}: must not contain ',' or ':'"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("API_KEY", ("API_KEY", False)),
        ("a.b", ("a.b", False)),
        ("a-b_c~d", ("a-b_c~d", False)),
        ("...", ("...", False)),
        ("my secret", ("my%20secret", True)),
        ("a/b", ("a%2Fb", True)),
        (".", ("%2E", True)),
        ("..", ("%2E%2E", True)),
        ("a.b c", ("a%2Eb%20c", True)),
        ("100%", ("100%25", True)),
        ("a?b#c", ("a%3Fb%23c", True)),
        ("café", ("caf%C3%A9", True)),
        ("🔑", ("%F0%9F%94%91", True)),
    ],
)
def test_secret_name_encoding(name: str, expected: tuple[str, bool]) -> None:
    """Unreserved names travel as they are; others percent-encoded (dots too) with url_encoded set."""
    assert check_secret_name(name) == expected


@pytest.mark.parametrize("name", ["my secret", "a/b", ".", "..", "a.b c", "100%", "café", "🔑"])
def test_secret_name_encoding_round_trips(name: str) -> None:
    """Decoding an encoded secret name once gives back the name itself."""
    encoded, url_encoded = check_secret_name(name)

    assert url_encoded is True
    assert urllib.parse.unquote(encoded) == name
    assert "/" not in encoded
    assert encoded not in {".", ".."}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "invalid secret name '': must not be empty"),
        ("a\x00b", "invalid secret name 'a\\x00b': must not contain control characters"),
        ("line\n", "invalid secret name 'line\\n': must not contain control characters"),
        ("a\x9f", "invalid secret name 'a\\x9f': must not contain control characters"),
        (None, "secret name must be a str, not NoneType: None"),
        (1, "secret name must be a str, not int: 1"),
        (b"KEY", "secret name must be a str, not bytes: b'KEY'"),
    ],
)
def test_secret_name_invalid(value: object, message: str) -> None:
    """Empty, control characters and non-str secret names are rejected with exact messages."""
    with pytest.raises(InvalidInput) as caught:
        check_secret_name(value)

    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), None),
        ([], [], None),
        (["production"], (), "production:yes"),
        ((), ["staging"], "staging:no"),
        (["production"], ["staging"], "production:yes,staging:no"),
        (["a", "b", "a"], ["c", "c"], "a:yes,b:yes,c:no"),
        # Factories, not iterators: a generator in a parameter is spent after one run (a rerun would fail).
        (lambda: (tag for tag in ["x", "y"]), lambda: iter(["z"]), "x:yes,y:yes,z:no"),
    ],
)
def test_tag_filter(
    include: Iterable[str] | Callable[[], Iterable[str]],
    exclude: Iterable[str] | Callable[[], Iterable[str]],
    expected: str | None,
) -> None:
    """tag_filter builds name:yes,... then name:no,..., order kept, duplicates once, None when empty; any
    iterable works, generators included."""
    include = include() if callable(include) else include
    exclude = exclude() if callable(exclude) else exclude
    assert tag_filter(include, exclude) == expected


@pytest.mark.parametrize(
    ("include", "exclude", "message"),
    [
        (["a", "b"], ["b"], "invalid tag 'b': both included and excluded"),
        (["env:prod"], (), "invalid tag 'env:prod': must not contain ',' or ':'"),
        ((), ["a,b"], "invalid tag 'a,b': must not contain ',' or ':'"),
        ([None], (), "tag must be a str, not NoneType: None"),
        ("prod", (), "include must be an iterable of tags, not a single str: 'prod'"),
        ((), b"prod", "exclude must be an iterable of tags, not a single bytes: b'prod'"),
        (5, (), "include must be an iterable of tags, not int"),
        ((), None, "exclude must be an iterable of tags, not NoneType"),
    ],
)
def test_tag_filter_invalid(include: object, exclude: object, message: str) -> None:
    """tag_filter rejects bad tags, a tag on both sides, and a bare string instead of a collection."""
    with pytest.raises(InvalidInput) as caught:
        tag_filter(include, exclude)  # type: ignore[arg-type]

    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (lambda: check_positive_int(0, "concurrency"), "concurrency must be a positive int, not 0"),
        (lambda: check_positive_int(True, "waves"), "waves must be a positive int, not True"),
        (
            lambda: check_positive_int("2", "limit", or_none=True),
            "limit must be a positive int or None, not '2'",
        ),
        (lambda: check_int_range(0, "per_page", 1, 100), "per_page must be an int from 1 to 100, not 0"),
        (
            lambda: check_int_range(False, "limit", 1, 1000, or_none=True),
            "limit must be an int from 1 to 1000 or None, not False",
        ),
        (lambda: check_bool("yes", "force"), "force must be a bool, not str"),
        (lambda: check_bool(None, "force"), "force must be a bool, not NoneType"),
        (
            lambda: check_bool(1, "trusted_workers", or_none=True),
            "trusted_workers must be a bool or None, not int",
        ),
        (
            lambda: check_bool(1, "UploadOptions.logpush", got=True),
            "UploadOptions.logpush must be a bool, got int",
        ),
    ],
)
def test_validation_primitives_refuse_with_their_exact_messages(
    check: Callable[[], object], message: str
) -> None:
    """The shared positive-int, int-range and bool checks raise InvalidInput with each caller's message."""
    with pytest.raises(InvalidInput) as caught:
        check()
    assert str(caught.value) == message


def test_validation_primitives_pass_good_values_through() -> None:
    """Good values come back unchanged (None only where allowed)."""
    assert (check_positive_int(3, "n"), check_positive_int(None, "n", or_none=True)) == (3, None)
    assert check_int_range(100, "per_page", 1, 100) == 100
    assert (check_bool(False, "f"), check_bool(None, "f", or_none=True)) == (False, None)


@pytest.mark.parametrize("char", ["\x00", "\x1f", "\x7f", "\x85", "\x9f"])
def test_one_control_character_rule_for_names_modules_and_version_messages(char: str) -> None:
    """C0, DEL and C1 are refused alike in a tag, a module name and a version message (the message's own
    check used to let C1 through)."""
    with pytest.raises(InvalidInput, match="control character"):
        check_tag(f"a{char}b")
    with pytest.raises(InvalidInput, match="control character"):
        Module.from_text(f"a{char}b.js", "x")
    with pytest.raises(InvalidInput, match="contains a control character"):
        version_annotations(f"fix{char}cart")
