"""Downloading one source over HTTP(S), politely and within limits.

A maintained client (httpx) does the work; this module sets the limits a report collector needs:
a timeout for every step, a few retries with exponential back-off for failures that may pass
(no connection, timeout, HTTP 429 and 5xx), redirects followed up to a limit, a size cap checked
while streaming (a server that lies about, or omits, Content-Length cannot fill the disk), and a
User-Agent that names the project. Every failure is a :class:`~solieu.errors.SolieuError` naming
the URL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import httpx

from .errors import SolieuError

__all__ = ["DEFAULT_LIMITS", "Fetched", "Limits", "USER_AGENT", "fetch"]


def _version() -> str:
    try:
        return version("solieu")
    except PackageNotFoundError:  # a source checkout that is not installed
        return "0"


USER_AGENT = f"solieu/{_version()} (collector of public reports on digital transformation)"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Limits:
    """How long to wait, how often to retry and how much to accept."""

    timeout: float = 30.0  # seconds, for connecting and for each read
    retries: int = 2  # further attempts after the first
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_bytes: int = 50_000_000
    max_redirects: int = 5


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a server sent: the bytes, where they finally came from, and how it labelled them."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    content: bytes
    content_type: str  # media type, lower case, without parameters ('' when not sent)
    charset: str | None  # the charset parameter of Content-Type, if any


def fetch(url: str, limits: Limits | None = None) -> Fetched:
    """GET ``url`` within ``limits`` (default :data:`DEFAULT_LIMITS`); raise
    :class:`SolieuError` (naming ``url``) on failure."""
    lim = limits or DEFAULT_LIMITS
    if not url.lower().startswith(("http://", "https://")):
        raise SolieuError("not an http(s) URL", url)
    attempt = 0
    while True:
        try:
            return _get(url, lim)
        except _Retryable as exc:
            if attempt >= lim.retries:
                raise SolieuError(exc.what, url) from None
            time.sleep(lim.backoff * 2**attempt)
            attempt += 1


class _Retryable(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _get(url: str, lim: Limits) -> Fetched:
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/pdf,*/*;q=0.8"}
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=lim.max_redirects,
            timeout=httpx.Timeout(lim.timeout),
            headers=headers,
        ) as client:
            with client.stream("GET", url) as resp:
                status = resp.status_code
                if status in _RETRY_STATUS:
                    raise _Retryable(f"the server answered HTTP {status} {resp.reason_phrase}")
                if status >= 400:
                    raise SolieuError(
                        f"the server answered HTTP {status} {resp.reason_phrase}", url
                    )
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > lim.max_bytes:
                    raise SolieuError(_too_large(lim.max_bytes), url)
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > lim.max_bytes:
                        raise SolieuError(_too_large(lim.max_bytes), url)
                    chunks.append(chunk)
                ctype = resp.headers.get("content-type", "")
                return Fetched(
                    url=url,
                    final_url=str(resp.url),
                    content=b"".join(chunks),
                    content_type=ctype.split(";", 1)[0].strip().lower(),
                    charset=resp.charset_encoding,
                )
    except httpx.TooManyRedirects:
        raise SolieuError(f"more than {lim.max_redirects} redirects", url) from None
    except httpx.TimeoutException:
        raise _Retryable(f"no answer within {lim.timeout:g} s (timed out)") from None
    except httpx.ConnectError as exc:
        raise _Retryable(f"cannot reach the host ({_reason(exc)})") from None
    except httpx.InvalidURL as exc:
        raise SolieuError(f"not a valid URL ({exc})", url) from None
    except httpx.UnsupportedProtocol:
        raise SolieuError("not an http(s) URL", url) from None
    except httpx.HTTPError as exc:  # a broken connection, a bad answer
        raise _Retryable(f"the download failed ({_reason(exc)})") from None


def _too_large(cap: int) -> str:
    return f"larger than the size limit of {cap:,} bytes"


def _reason(exc: Exception) -> str:
    return str(exc).strip() or type(exc).__name__
