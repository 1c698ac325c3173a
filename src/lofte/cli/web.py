"""`lofte web` (the promise in a browser) and `lofte site OUTDIR` (the same pages as static
HTML). The server and its libraries are imported only when one of them runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import (
    EXIT_FINDINGS,
    LedgerOption,
    app,
    cache_dir,
    exit_unusable,
    fail,
    ledger_root,
    ledger_today,
    make_console,
    refuse,
    today_for,
)
from lofte.domain.problems import Refused
from lofte.i18n import N_, _, current_language
from lofte.storage.loader import promise_timezone
from lofte.usecases.ledger import LedgerUnusable, open_ledger

LOOPBACK = ("127.0.0.1", "localhost", "::1")
SERVING = N_("lofte web: {url} (the ledger {root}); stop with Ctrl-C")
OPEN_WITH_TOKEN = N_("open {url}?token={token} once; the browser keeps the token")
EXPOSED = N_("warning: serving on {host}, reachable from other machines. Every request must "
             "carry the token; use it only on a network you trust, behind HTTPS")
NEEDS_TOKEN = N_("--host {host} is reachable from other machines: give --token TOKEN (or "
                 "LOFTE_WEB_TOKEN)")
NO_GIT = N_("--commit needs the ledger in a git repository; {root} is not in one")
SITE_WRITTEN = N_("wrote {count} files to {out}")
SITE_REFUSED = N_("the site is not written: {reason}")


@app.command(help=_(
    "Serve the ledger in a browser: the status board, a page per commitment, the form to "
    "log an activity, the review and the report. Listens on 127.0.0.1 only, unless --host "
    "says otherwise (then --token is required)."))
def web(
    ctx: typer.Context,
    *,
    port: Annotated[int, typer.Option("--port", min=1, max=65535,
                                      help=_("The port to listen on."))] = 8000,
    host: Annotated[str, typer.Option(
        "--host", help=_("The address to listen on. Any other than the loopback needs "
                         "--token."))] = "127.0.0.1",
    token: Annotated[str | None, typer.Option(
        "--token", envvar="LOFTE_WEB_TOKEN",
        help=_("A secret every request must carry (LOFTE_WEB_TOKEN)."))] = None,
    open_browser: Annotated[bool, typer.Option(
        "--open", help=_("Open the board in the default browser."))] = False,
    commit: Annotated[bool, typer.Option(
        "--commit", help=_("Commit each new activity file to git (pushing is left to "
                           "you)."))] = False,
    ledger: LedgerOption = None,
) -> None:
    root = ledger_root(ctx, ledger)
    local = host in LOOPBACK
    if not local and not token:
        fail(_(NEEDS_TOKEN).format(host=host))
    if commit and not _in_git(root):
        fail(_(NO_GIT).format(root=root))
    try:
        open_ledger(root, ledger_today(root), cache_dir(ctx, False))
    except LedgerUnusable as unusable:
        exit_unusable(unusable)

    import uvicorn  # noqa: PLC0415 - only `lofte web` needs the server

    from lofte.web.app import WebConfig, create_app  # noqa: PLC0415

    zone = promise_timezone(root)
    config = WebConfig(root=root, today=lambda: today_for(zone),
                       language=current_language(), token=token, commit=commit,
                       cache_dir=cache_dir(ctx, False), local_only=local)
    err = make_console(stderr=True)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    err.print(_(SERVING).format(url=url, root=root), markup=False)
    if token:
        err.print(_(OPEN_WITH_TOKEN).format(url=url, token=token), markup=False)
    if not local:
        err.print(_(EXPOSED).format(host=host), markup=False)
    if open_browser:
        import webbrowser  # noqa: PLC0415

        webbrowser.open(f"{url}?token={token}" if token else url)
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning",
                server_header=False)


def _in_git(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in (root.resolve(),
                                                         *root.resolve().parents))


@app.command(help=_(
    "Write the status board, a page per commitment and the public report as static HTML "
    "into OUTDIR, for an intranet or GitHub Pages. Publishes what the report publishes, "
    "and refuses as it refuses."))
def site(
    ctx: typer.Context,
    *,
    out: Annotated[Path, typer.Argument(metavar="OUTDIR", show_default=False,
                                        help=_("The folder to write the site into."))],
    ledger: LedgerOption = None,
) -> None:
    from lofte.usecases.report import (  # noqa: PLC0415
        NothingToReport,
        PersonalDataRefused,
        ReportHasErrors,
    )
    from lofte.web.site import write_site  # noqa: PLC0415

    root = ledger_root(ctx, ledger)
    today = ledger_today(root)
    try:
        opened = open_ledger(root, today, cache_dir(ctx, False))
    except LedgerUnusable as unusable:
        exit_unusable(unusable)
    try:
        written = write_site(opened, out, today, current_language())
    except Refused as refused:
        refuse(refused.problems)
    except ReportHasErrors as exc:
        fail(_(SITE_REFUSED).format(reason=_("{n} errors in the ledger (lofte check)").format(
            n=exc.errors)), EXIT_FINDINGS)
    except PersonalDataRefused:
        fail(_(SITE_REFUSED).format(reason=_("the report would publish personal data "
                                             "(lofte check lists where)")), EXIT_FINDINGS)
    except NothingToReport:
        fail(_(SITE_REFUSED).format(reason=_("nothing to report yet")))
    except OSError as exc:
        fail(_(SITE_REFUSED).format(reason=exc.strerror or exc))
    typer.echo(_(SITE_WRITTEN).format(count=len(written), out=out))
