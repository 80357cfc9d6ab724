"""``heritage sources``: the hosts the catalogue cites, copies rewritten, dead links found."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from heritage.cli.base import EXIT_FINDINGS, EXIT_OK, cli
from heritage.cli.options import catalogue_argument, dry_run_option, format_option


def _text(rows: list[Any], kinds: dict[str, int]) -> str:
    width = max([len(r.host) for r in rows] + [4])
    lines = [f"{'host':<{width}}  {'cited':>5}  {'kind':<15}  sole source of"]
    for r in rows:
        lines.append(f"{r.host:<{width}}  {r.citations:>5}  {r.kind:<15}  {', '.join(r.sole)}")
    lines.append("")
    lines.append("citations by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    return "\n".join(lines)


def _markdown(rows: list[Any], kinds: dict[str, int]) -> str:
    from heritage.report.escape import md_text

    lines = ["| host | citations | kind | sole source of |", "|---|---:|---|---|"]
    for r in rows:
        sole = ", ".join(md_text(s) for s in r.sole)
        lines.append(f"| {md_text(r.host)} | {r.citations} | {r.kind} | {sole} |")
    lines += ["", "| kind | citations |", "|---|---:|"]
    lines += [f"| {k} | {n} |" for k, n in kinds.items()]
    return "\n".join(lines)


def _canonicalize(path: str, dry_run: bool) -> None:
    from heritage.canonical import canonical_text
    from heritage.canonicalize import canonicalize
    from heritage.cli.import_commands import load_valid
    from heritage.write import write_atomic

    result = canonicalize(load_valid(path))
    for host, count in sorted(result.by_host.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"{count:>5}  {host}")
    click.echo(
        f"{result.changed} citation(s) on {len(result.by_host)} copy host(s) now cite the "
        f"original, the copy kept in 'via'; {len(result.sites)} site(s) changed"
    )
    if result.changed and not dry_run:
        write_atomic(path, canonical_text(result.data))


def _check(data: dict[str, Any], fmt: str, options: dict[str, Any]) -> int:
    from heritage.link_check import check_links, collect_links

    results = check_links(collect_links(data), **options)
    dead = [r for r in results if not r.ok]
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ for r in dead], ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        from heritage.report.escape import md_text

        click.echo("| dead link | answer | cite instead | sites |\n|---|---|---|---|")
        for r in dead:
            answer = md_text(f"{r.status or 'no answer'} {r.detail}".strip())
            sites = ", ".join(r.sites)
            click.echo(f"| {md_text(r.url)} | {answer} | {md_text(r.replacement)} | {sites} |")
    else:
        for r in results:
            if r.ok and r.detail:
                click.echo(f"ok    {r.url} ({r.detail})")
        for r in dead:
            status = r.status if r.status is not None else "no answer"
            click.echo(f"dead  {r.url} ({status}; {r.detail}; {r.attempts} attempt(s))")
            click.echo(f"      cite instead: {r.replacement}  [{', '.join(r.sites)}]")
        click.echo(f"{len(results)} link(s) checked, {len(dead)} dead")
    return EXIT_FINDINGS if dead else EXIT_OK


@cli.command(name="sources")
@catalogue_argument
@format_option(
    ["text", "json", "markdown"], "Output format of the host list (and of --check-links)."
)
@click.option(
    "--canonicalize",
    is_flag=True,
    help="Rewrite citations of known copies of Wikipedia as the article itself, the copy "
    "kept in 'via' (atomic; run twice, changes nothing the second time).",
)
@dry_run_option("With --canonicalize: report, write nothing.")
@click.option("--check-links", is_flag=True, help="Fetch every cited URL and report dead links.")
@click.option("--timeout", default=15.0, show_default=True, help="Seconds per request.")
@click.option("--retries", default=2, show_default=True, help="Retries on 5xx/429/timeouts.")
@click.option("--workers", default=8, show_default=True, help="Requests in parallel.")
@click.option(
    "--per-host-delay",
    default=1.0,
    show_default=True,
    help="Minimum seconds between two requests to one host.",
)
def sources_command(
    path: str,
    fmt: str,
    canonicalize: bool,
    dry_run: bool,
    check_links: bool,
    timeout: float,
    retries: int,
    workers: int,
    per_host_delay: float,
) -> None:
    """List every cited host: citations, kind and the sites that rely on it alone.

    Kinds: monitoring body, government, press, encyclopedia, copy (a mirror or proxy of
    another site), user-written (wikis anyone edits, blogs, social media), other.
    --canonicalize rewrites copies of Wikipedia; --check-links fetches every URL (the
    only command that uses the network) and exits 1 when a link is dead, naming the
    archived copy to cite or a Wayback Machine lookup address.
    """
    from heritage.cli.import_commands import load_valid
    from heritage.host_kinds import citations_by_kind, host_table

    if canonicalize:
        _canonicalize(path, dry_run)
        return
    data = load_valid(path, lossless=False)
    if check_links:
        options = {
            "timeout": timeout,
            "retries": retries,
            "workers": workers,
            "per_host_interval": per_host_delay,
        }
        sys.exit(_check(data, fmt, options))
    rows = host_table(data)
    kinds = citations_by_kind(rows)
    if fmt == "json":
        payload = {"hosts": [r.as_dict() for r in rows], "citations_by_kind": kinds}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(_markdown(rows, kinds))
    else:
        click.echo(_text(rows, kinds))
