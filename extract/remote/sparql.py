"""One SPARQL SELECT client over HTTP (SPARQLWrapper), for remote queries and Wikidata linking alike.

GET while the query is short (cacheable), POST otherwise. A query changes nothing, so it is tried again,
up to :data:`ATTEMPTS` times, on a refused or reset connection and on HTTP 429/502/503/504, waiting as
the server's Retry-After asks (at most :data:`RETRY_AFTER_CAP_S`) or with a short back-off. Every
failure a user can meet (bad URL, refused connection, time-out, HTTP error, an HTML page where JSON was
expected) is an :class:`InputError` with a one-line message.
"""

from __future__ import annotations

import ast
import html
import json
import re
import time
import urllib.error
import urllib.parse
import warnings
from collections.abc import Sequence
from http.client import HTTPException
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from SPARQLWrapper import SPARQLWrapper

ATTEMPTS = 3
"""Tries of an idempotent request on a refused or reset connection, or HTTP 429/502/503/504."""
RETRY_STATUS = frozenset({429, 502, 503, 504})
RETRY_AFTER_CAP_S = 30.0
GET_LIMIT = 4000
"""Longest URL-encoded query sent by GET (retriable, cacheable); longer ones go by POST."""


# -- one-line messages ------------------------------------------------------------------------------------

def shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_line(body: bytes | str, content_type: str = "") -> str:
    """The first line of a server's message; of an HTML page, its first line of visible text."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if "html" in content_type.lower() or re.match(r"\s*<(!doctype\s+html|html)", text, re.I):
        text = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>", "", text)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    for line in text.splitlines():
        if line.strip():
            return shorten(line)
    return ""


def status_message(what: str, url: str, status: int, reason: str, body: bytes, content_type: str) -> str:
    line = first_line(body, content_type)
    head = f"{what}: {url} answered HTTP {status}"
    if reason and reason.lower() not in line.lower():
        head += f" {reason}"
    return f"{head}: {line}" if line else head


def check_url(url: str, what: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{what} must be an http(s) URL, got {url!r}")


def check_timeout(timeout: float) -> None:
    if timeout <= 0:
        raise InputError(f"--timeout must be positive, got {timeout:g}")


def _response_body_of(exc: BaseException) -> bytes:
    """The server's answer that SPARQLWrapper folded, as a repr, into its exception message."""
    _, sep, tail = str(exc).partition("\n\nResponse:\n")
    if sep:
        try:
            value = ast.literal_eval(tail.strip())
        except (ValueError, SyntaxError):
            return tail.encode()
        if isinstance(value, bytes):
            return value
    return b""


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After", "") if exc.headers is not None else ""
    try:
        return float(value)
    except ValueError:
        return None


# -- the client ---------------------------------------------------------------------------------------------

def _wrapper(endpoint: str, text: str, graphs: Sequence[str], timeout: float, agent: str) -> SPARQLWrapper:
    """A SPARQLWrapper set up for one SELECT with JSON results: the request is built once and sent again
    unchanged on a retry."""
    from SPARQLWrapper import GET, JSON, POST, SELECT, SPARQLWrapper

    sparql = SPARQLWrapper(endpoint, agent=agent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sparql.setQuery(text)
    # SPARQLWrapper guesses the query form from the first keyword it sees, comments only half removed, so
    # a word such as "address" would make it send the query as an update: this is always a SELECT.
    sparql.queryType = SELECT
    sparql.setReturnFormat(JSON)
    for graph in graphs:
        sparql.addParameter("default-graph-uri", graph)
    encoded = len(urllib.parse.urlencode([("query", text), *(("default-graph-uri", g) for g in graphs)]))
    sparql.setMethod(GET if encoded <= GET_LIMIT else POST)
    sparql.timeout = timeout  # type: ignore[assignment]  # setTimeout() would truncate to whole seconds
    return sparql


def _wrapper_error(exc: BaseException, what: str, endpoint: str) -> InputError:
    """The one line for an HTTP error SPARQLWrapper raised itself (400, 401, 404, 414, 500): it read the
    body into its message, so status and content type come from the urllib error beneath it."""
    cause = exc.__context__
    headers = getattr(cause, "headers", None)
    ctype = headers.get("content-type", "") if headers is not None else ""
    return InputError(status_message(what, endpoint, getattr(cause, "code", 0) or 0,
                                     str(getattr(cause, "reason", "") or ""), _response_body_of(exc), ctype))


def _http_retry(exc: urllib.error.HTTPError, last: bool, what: str, endpoint: str,
                rate_limit_hint: str) -> float | None:
    """An HTTP error SPARQLWrapper let through (429, 5xx): the Retry-After to wait when it is worth trying
    again (None: the usual back-off); otherwise raise its one-line message."""
    after = _retry_after(exc) if exc.code == 429 else None
    if exc.code in RETRY_STATUS and not last and (after is None or after <= RETRY_AFTER_CAP_S):
        return after
    body = exc.read() if exc.fp is not None else b""
    message = status_message(what, endpoint, exc.code, str(exc.reason), body,
                             exc.headers.get("content-type", "") if exc.headers is not None else "")
    if exc.code == 429 and rate_limit_hint:
        message += f" ({rate_limit_hint})"
    raise InputError(message) from None


def _timed_out(what: str, endpoint: str, timeout: float) -> InputError:
    """The one line for a server that did not answer in time, whichever layer noticed."""
    return InputError(f"{what}: {endpoint} did not answer within {timeout:g} s")


def _check_url_error(exc: urllib.error.URLError, last: bool, what: str, endpoint: str, timeout: float) -> None:
    """Return when a refused or reset connection is worth trying again; otherwise raise its one line."""
    reason = exc.reason
    if isinstance(reason, TimeoutError):
        raise _timed_out(what, endpoint, timeout) from None
    if not (isinstance(reason, ConnectionError) and not last):
        why = "connection refused" if isinstance(reason, ConnectionRefusedError) else shorten(str(reason))
        raise InputError(f"{what}: cannot connect to {endpoint} ({why})") from None


def select(endpoint: str, text: str, *, graphs: Sequence[str] = (), timeout: float = 60.0, agent: str,
           what: str = "query", backoff_s: float = 0.25, rate_limit_hint: str = "") -> dict[str, Any]:
    """Run a SELECT at ``endpoint`` and return its parsed JSON results; every failure an InputError whose
    message starts with ``what``. ``graphs`` go as ``default-graph-uri`` parameters; ``rate_limit_hint``
    is added to the message of a final HTTP 429."""
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    check_url(endpoint, "--endpoint")
    check_timeout(timeout)
    sparql = _wrapper(endpoint, text, graphs, timeout, agent)

    for attempt in range(1, ATTEMPTS + 1):
        last = attempt == ATTEMPTS
        wait = backoff_s * 2 ** (attempt - 1)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = sparql.query()
            content_type = result.info().get("content-type", "")
            body = result.response.read()
            break
        except SPARQLWrapperException as exc:  # 400, 401, 404, 414, 500: SPARQLWrapper read the body
            raise _wrapper_error(exc, what, endpoint) from None
        except urllib.error.HTTPError as exc:
            after = _http_retry(exc, last, what, endpoint, rate_limit_hint)
            wait = after if after is not None else wait
        except urllib.error.URLError as exc:
            _check_url_error(exc, last, what, endpoint, timeout)
        except TimeoutError:
            raise _timed_out(what, endpoint, timeout) from None
        except (ConnectionError, HTTPException) as exc:
            if last or not isinstance(exc, ConnectionError):
                raise InputError(f"{what}: {endpoint}: connection lost ({shorten(str(exc)) or type(exc).__name__})"
                                 ) from None
        time.sleep(wait)

    return sparql_json(body, content_type, endpoint, what)


def sparql_json(body: bytes, content_type: str, endpoint: str, verb: str) -> dict[str, Any]:
    """The parsed SPARQL JSON results of a response, or one line saying what came back instead (an HTML
    error page from a proxy, a login form, a non-SPARQL URL)."""
    if "json" not in content_type.lower():
        line = first_line(body, content_type)
        raise InputError(f"{verb}: {endpoint} answered {content_type or 'without a content type'}, not SPARQL JSON "
                         f"results{f' ({line})' if line else ''}: is it the SPARQL query endpoint?")
    try:
        data = json.loads(body)
        data["head"]["vars"], data["results"]["bindings"]  # noqa: B018  (shape check)
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{verb}: {endpoint} answered with something that is not SPARQL JSON results "
                         f"({first_line(body)})") from None
    return data
