"""Where each page is: on the server (`server_url`), and in a static site written by
`lofte site` (`site_url`, relative, so that the folder works anywhere it is published)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

Url = Callable[..., str]


def server_url(name: str, *args: str) -> str:
    parts = [quote(arg, safe="") for arg in args]
    if name == "board":
        return "/"
    if name == "commitment":
        return f"/c/{parts[0]}"
    if name == "static":
        return f"/static/{parts[0]}"
    if name == "report_file":
        return f"/report/file.{parts[0]}"
    return "/" + "/".join([name, *parts])


def site_url(depth: int) -> Url:
    """Links from a page `depth` folders below the site's top."""
    up = "../" * depth

    def url(name: str, *args: str) -> str:
        parts = [quote(arg, safe="") for arg in args]
        if name == "board":
            return f"{up}index.html"
        if name == "commitment":
            return f"{up}c/{parts[0]}.html"
        if name == "static":
            return f"{up}static/{parts[0]}"
        if name == "report":
            return f"{up}report.html"
        if name == "report_file":
            return f"{up}rapport.{parts[0]}"
        return f"{up}index.html"
    return url
