"""HttpClientRequest.execute(): one HTTP exchange with httpx, only to hosts opened with
--allow-http (every redirect hop is checked too), within the script's remaining time."""
from __future__ import annotations

from runtime.errors import HostError
from runtime.host.buffers import from_bytes, to_bytes
from runtime.host.permissions import check_http, remaining_time

MAX_REDIRECTS = 10
REDIRECT_CODES = (301, 302, 303, 307, 308)
API = "HttpClientRequest.execute"


def execute(env, request: dict) -> dict:
    import httpx

    url = request.get("url")
    if not isinstance(url, str) or not url:
        raise HostError(f"{API}: no URL: pass it to new HttpClientRequest(url) or set request.url")
    method = str(request.get("method") or "GET").upper()
    headers = {str(k): str(v) for k, v in (request.get("header") or {}).items()}
    body = request.get("body")
    content = None if body in (None, "") else (to_bytes(body) if request.get("binary") else str(body).encode("utf-8"))
    check_http(env.options, url, API)
    timeout = remaining_time(env)
    try:
        with httpx.Client(follow_redirects=False, timeout=timeout, trust_env=False) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                resp = client.request(method, url, headers=headers, content=content)
                if resp.status_code not in REDIRECT_CODES or "location" not in resp.headers:
                    break
                url = str(resp.url.join(resp.headers["location"]))
                check_http(env.options, url, f"{API} (redirect)")
                if resp.status_code in (301, 302, 303) and method not in ("GET", "HEAD"):
                    method, content = "GET", None
            else:
                raise HostError(f"{API}: more than {MAX_REDIRECTS} redirects, last to {url}")
            data = resp.content
    except httpx.TimeoutException:
        raise HostError(f"{API}: {method} {url}: no answer within {timeout:.3g} s "
                        "(the script's remaining time, --timeout)") from None
    except httpx.HTTPError as exc:
        raise HostError(f"{API}: {method} {url}: {type(exc).__name__}: {exc}") from None
    return {
        "code": resp.status_code,
        "message": resp.reason_phrase,
        "url": str(resp.url),
        "header": {k: v for k, v in resp.headers.items()},
        "body": from_bytes(data),
        "charset": resp.charset_encoding or "",
    }


def check(env, url):
    """HttpClientRequest.connect(): the URL is valid and its host allowed."""
    from runtime._bridge import UNDEFINED

    if not isinstance(url, str) or not url:
        raise HostError("HttpClientRequest.connect: no URL: pass it to new HttpClientRequest(url)")
    check_http(env.options, url, "HttpClientRequest.connect")
    return UNDEFINED


HOST_FUNCTIONS = {"http.execute": execute, "http.check": check}
