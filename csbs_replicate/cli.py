"""The `csbs` command: replicate a backup and wait for it, show, list and count backups.

    csbs [--api csbs|cbr] [--endpoint URL | --region R] [--project P] [--json] COMMAND ...

Owns: the command line — parsing, settings from the environment (`Connection.from_env`),
the output (a progress bar on a terminal, plain lines otherwise, `--json` for scripts) and
the exit codes below. Results go to stdout (the bare id of what was made, or one JSON
document); narration, progress and errors go to stderr (with `--json`, errors are the JSON
document on stdout). An error is printed with its code, message and request id, never as a
traceback (`CSBS_DEBUG=1` shows one for an internal error). `--api` (else `CSBS_API`, else
`csbs`) picks CSBS v1 or CBR v3: the same commands, the same output and exit codes; CBR
replicates into a vault (`--vault`), has `vaults` to find one, and no count call (`count`
answers from listBackups' `count`: see `_reads`).
Must not import: the emulator.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any
from uuid import UUID

import httpx

from . import __version__
from ._apis import API_NAMES
from ._calls import lost
from ._flow import TRANSIENT
from ._reads import FILTERS, READS, table
from .blocking import replicate, wait_for_replica
from .connection import ENV_API, ConfigError, Connection
from .errors import (
    UNREACHABLE,
    AlreadyReplicated,
    ApiError,
    CsbsError,
    OutcomeUnknown,
    ReplicationFailed,
    ReplicationNotAccepted,
    Unreachable,
    WaitTimeout,
)
from .results import Progress, Replication

EXIT_OK = 0
EXIT_REFUSED = 1  # the service answered with an error (code, message and request id printed)
EXIT_USAGE = 2  # a bad command line, or settings missing (no endpoint, credentials, project)
EXIT_COPY_FAILED = 3  # the copy ended in `fail` (its fail_code and fail_reason printed)
EXIT_TIMEOUT = 4  # --wait: the copy had not ended by --timeout (how far it got printed)
EXIT_UNAVAILABLE = 5  # unreachable or failing (429/5xx) until the deadline: nothing was done
EXIT_ALREADY = 6  # BackupService.1009: a replica to that region exists or is being made
EXIT_UNKNOWN = 7  # an answer to replicate was lost and the service could not be asked
EXIT_INTERNAL = 70  # a bug in this command
EXIT_INTERRUPTED = 130  # Ctrl-C

EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_REFUSED: "the service refused the request",
    EXIT_USAGE: "bad command line or settings",
    EXIT_COPY_FAILED: "the copy failed",
    EXIT_TIMEOUT: "the wait timed out",
    EXIT_UNAVAILABLE: "the service was unreachable or failing; nothing was replicated",
    EXIT_ALREADY: "already replicated (or being replicated) to that region",
    EXIT_UNKNOWN: "the outcome of replicate could not be found out",
    EXIT_INTERNAL: "internal error",
    EXIT_INTERRUPTED: "interrupted",
}


def parser(environ: Mapping[str, str] | None = None) -> argparse.ArgumentParser:
    env = os.environ if environ is None else environ
    codes = "\n".join(f"  {code:>3}  {text}" for code, text in EXIT_CODES.items())
    top = argparse.ArgumentParser(
        prog="csbs",
        description=(
            "Replicate Huawei Cloud backups to another region and follow them: CSBS v1 "
            "(existing projects) or CBR v3 (new projects, --api cbr)."
        ),
        epilog=(
            "credentials: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and "
            "HUAWEICLOUD_SDK_SECURITY_TOKEN), else CSBS_TOKEN; project: --project, else "
            "HUAWEICLOUD_SDK_PROJECT_ID; endpoint: --endpoint, else https://API.REGION."
            "myhuaweicloud.com for --region (CSBS_ENDPOINT / CSBS_REGION when neither is "
            f"given); API: --api, else {ENV_API}, else csbs. CBR has no count call: `count` "
            "answers with listBackups' count of matching backups.\n\n"
            f"exit codes:\n{codes}"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    top.add_argument(
        "--api",
        choices=API_NAMES,
        default=env.get(ENV_API) or "csbs",
        help=f"csbs (CSBS v1) or cbr (CBR v3); default ${ENV_API}, else csbs",
    )
    where = top.add_mutually_exclusive_group()
    where.add_argument("--endpoint", metavar="URL", help="the API's base URL")
    where.add_argument("--region", metavar="R", help="use the region's public endpoint")
    top.add_argument("--project", metavar="P", help="the project id of the backups")
    top.add_argument("--json", action="store_true", help="print one JSON document")
    top.add_argument(
        "--http-timeout", type=float, default=30.0, metavar="S", help="seconds per call (30)"
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rep = sub.add_parser("replicate", help="replicate a backup to another region")
    rep.add_argument("item", metavar="ITEM", type=_item, help="the backup (checkpoint item) id")
    _destination(rep)
    rep.add_argument("--vault", metavar="V", help="CBR: the replication vault that takes it")
    rep.add_argument("--name", help="the replica's name")
    rep.add_argument("--description", help="the replica's description")
    rep.add_argument("--accelerate", action="store_true", help="enable_acceleration")
    rep.add_argument("--wait", action="store_true", help="wait for the replica; print its id")
    rep.add_argument("--timeout", type=float, default=3600.0, metavar="S", help="of --wait")

    wait = sub.add_parser("wait", help="wait for a replication already made")
    wait.add_argument("item", metavar="ITEM", type=_item, help="the source backup id")
    _destination(wait)
    wait.add_argument("--vault", metavar="V", help="CBR: the vault the replica goes to")
    wait.add_argument("--record", metavar="ID", help="the replication record id")
    wait.add_argument("--timeout", type=float, default=3600.0, metavar="S", help="seconds")

    show = sub.add_parser("show", help="show a backup and its replications")
    show.add_argument("item", metavar="ITEM", type=_item, help="the backup id")

    listing = sub.add_parser("list", help="list backups")
    _filters(listing)
    listing.add_argument("--sort", help="key[:asc|desc],... (default created_at:desc)")
    listing.add_argument("--limit", type=int, metavar="N", help="at most N backups (all)")
    listing.add_argument("--all-tenants", action="store_true", help="every project (admins)")

    count = sub.add_parser("count", help="count backups (CBR: listBackups' count)")
    _filters(count)
    count.add_argument("--all-tenants", action="store_true", help="every project (admins)")

    sub.add_parser("capabilities", help="which region may replicate to which")

    vaults = sub.add_parser("vaults", help="CBR: vaults here, or replication vaults there")
    vaults.add_argument("--to", metavar="REGION", help="the destination region")
    vaults.add_argument("--to-project", metavar="P", help="the destination project id")
    return top


def _item(text: str) -> UUID:
    """ITEM: a backup id (a UUID), else a usage error."""
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a backup id (a UUID)") from None


def _destination(command: argparse.ArgumentParser) -> None:
    command.add_argument("--to", required=True, metavar="REGION", help="destination region")
    command.add_argument("--to-project", required=True, metavar="P", help="destination project id")


def _filters(command: argparse.ArgumentParser) -> None:
    for f in FILTERS:
        command.add_argument(f.option, dest=f.dest, help=f.help)


# -- output ---------------------------------------------------------------------------------


class ProgressView:
    """Progress of a wait: a bar redrawn in place on a terminal, else one line per look."""

    def __init__(self, stream: IO[str], *, width: int = 30) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.width = width
        self.drawn = False

    def __call__(self, progress: Progress) -> None:
        percent = progress.percent
        if progress.status == "success":
            percent = 100
        shown = "  ?" if percent is None else f"{percent:>3}"
        if self.tty:
            filled = 0 if percent is None else max(0, min(self.width, percent * self.width // 100))
            bar = "#" * filled + "-" * (self.width - filled)
            line = f"\r[{bar}] {shown}%  {progress.status:<12} {progress.elapsed:7.1f}s"
            self.stream.write(line)
            self.drawn = True
        else:
            record = f"  record {progress.record_id}" if progress.record_id else ""
            self.stream.write(
                f"{progress.elapsed:7.1f}s  {progress.status}  {shown.strip()}%{record}\n"
            )
        self.stream.flush()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


class Output:
    def __init__(self, as_json: bool, stdout: IO[str], stderr: IO[str]) -> None:
        self.json = as_json
        self.stdout = stdout
        self.stderr = stderr

    def result(self, document: Mapping[str, Any], text: str) -> None:
        """The command's result: `document` with --json, else `text`."""
        if self.json:
            self.stdout.write(json.dumps(document, indent=2, default=str) + "\n")
        elif text:
            self.stdout.write(text + "\n")

    def say(self, text: str) -> None:
        """Narration, on stderr (kept out of what a script captures)."""
        if not self.json:
            self.stderr.write(text + "\n")

    def error(self, error: CsbsError, code: int) -> int:
        if self.json:
            self.stdout.write(json.dumps({"error": error.as_dict(), "exit_code": code}) + "\n")
        self.stderr.write(f"csbs: error: {describe(error)}\n")
        return code


def describe(error: CsbsError) -> str:
    parts = [f"{error.error_code}: {error.error_msg}"]
    details = []
    if error.status is not None:
        details.append(f"HTTP {error.status}")
    details.append(f"request id {error.request_id or '-'}")
    if isinstance(error, ReplicationFailed):
        code = "-" if error.fail_code is None else error.fail_code
        details.append(f"fail_code {code}, fail_reason {error.fail_reason or '-'}")
        if error.record_id:
            details.append(f"record {error.record_id}")
    if isinstance(error, AlreadyReplicated) and error.existing is not None:
        e = error.existing
        made = f", replica {e.destination_item_id}" if e.destination_item_id else ""
        details.append(f"existing replication {e.record_id} is {e.status}{made}")
    if isinstance(error, WaitTimeout) and error.progress is not None:
        details.append(f"record {error.progress.record_id or '-'}")
    return f"{parts[0]} ({'; '.join(details)})"


def exit_code(error: CsbsError) -> int:
    if isinstance(error, AlreadyReplicated):
        return EXIT_ALREADY
    if isinstance(error, ReplicationFailed):
        return EXIT_COPY_FAILED
    if isinstance(error, WaitTimeout):
        return EXIT_TIMEOUT
    if isinstance(error, OutcomeUnknown):
        return EXIT_UNKNOWN
    if isinstance(error, Unreachable | ReplicationNotAccepted):
        return EXIT_UNAVAILABLE
    if isinstance(error, ApiError) and error.status in TRANSIENT:
        return EXIT_UNAVAILABLE
    return EXIT_REFUSED


# -- commands ---------------------------------------------------------------------------------


class Command:
    def __init__(self, args: argparse.Namespace, connection: Connection, out: Output) -> None:
        self.args = args
        self.connection = connection
        self.out = out
        self.client = connection.client()
        self.reads = READS[connection.api](self.client)
        project = connection.project_id
        if not project:
            raise ConfigError("no project id: pass --project, or set HUAWEICLOUD_SDK_PROJECT_ID")
        self.project: str = project

    def _vault(self) -> str | None:
        """--vault, which CBR needs and CSBS does not take."""
        vault: str | None = self.args.vault
        if self.connection.api == "cbr":
            if self.args.command == "replicate" and not vault:
                raise ConfigError(
                    "CBR replicates into a vault: pass --vault, a replication vault of the "
                    "destination project (`csbs --api cbr vaults --to REGION --to-project P`)"
                )
            if vault:
                _uuid(vault, "--vault")
            return vault
        if vault:
            raise ConfigError("--vault is CBR's (--api cbr): CSBS replicates to a region")
        return None

    def replicate(self) -> int:
        args = self.args
        replication = replicate(
            self.client,
            self.project,
            args.item,
            destination_region=args.to,
            destination_project_id=args.to_project,
            destination_vault_id=self._vault(),
            name=args.name,
            description=args.description,
            enable_acceleration=args.accelerate,
            destination_client=self.connection.client,
        )
        how = " (its answer was lost; found on the service)" if replication.recovered else ""
        self.out.say(
            f"replication accepted: record {replication.record_id or '-'}, "
            f"{replication.source_region or '?'} -> {args.to}{how}"
        )
        if not args.wait:
            self.out.result({"replication": replication.as_dict()}, replication.record_id or "")
            return EXIT_OK
        return self._wait(replication)

    def wait(self) -> int:
        args = self.args
        replication = Replication(
            project_id=self.project,
            checkpoint_item_id=str(args.item),
            destination_region=args.to,
            destination_project_id=args.to_project,
            record_id=args.record,
            destination_vault_id=self._vault(),
            api=self.connection.api,
        )
        return self._wait(replication)

    def _wait(self, replication: Replication) -> int:
        view = ProgressView(self.out.stderr)
        try:
            replica = wait_for_replica(
                self.client,
                replication,
                destination_client=self.connection.client,
                timeout=self.args.timeout,
                on_progress=view,
            )
        finally:
            view.finish()
        self.out.say(f"replica {replica.id} in {replica.region} (project {replica.project_id})")
        self.out.result(
            {"replication": replication.as_dict(), "replica": replica.as_dict()}, replica.id
        )
        return EXIT_OK

    def show(self) -> int:
        document, text = self.reads.show(self.project, self.args.item)
        self.out.result(document, text)
        return EXIT_OK

    def list(self) -> int:
        args = self.args
        listing = self.reads.list(
            self.project, self._filters(), args.sort, args.limit, bool(args.all_tenants)
        )
        header = self.reads.header
        self.out.result(
            {self.reads.member: listing.items, "count": len(listing.items)},
            table([header, *listing.rows]) if listing.rows else "",
        )
        self.out.say(f"{len(listing.items)} backup(s)")
        return EXIT_OK

    def count(self) -> int:
        count = self.reads.count(self.project, self._filters(), bool(self.args.all_tenants))
        self.out.result({"count": count}, str(count))
        return EXIT_OK

    def capabilities(self) -> int:
        document, text = self.reads.capabilities(self.project)
        self.out.result(document, text)
        return EXIT_OK

    def vaults(self) -> int:
        document, text = self.reads.vaults(self.project, self.args.to, self.args.to_project)
        self.out.result(document, text)
        return EXIT_OK

    def _filters(self) -> dict[str, str]:
        given = {f.dest: getattr(self.args, f.dest) for f in FILTERS}
        return {name: value for name, value in given.items() if value is not None}


def _uuid(value: str, option: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise ConfigError(f"{option}: {value!r} is not an id (a UUID)") from None


# -- main ----------------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    env = os.environ if environ is None else environ
    try:
        args = parser(env).parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error (argparse printed it)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    out = Output(args.json, stdout, stderr)
    try:
        with Connection.from_env(
            env,
            api=args.api,
            endpoint=args.endpoint,
            region=args.region,
            project_id=args.project,
            timeout=args.http_timeout,
        ) as connection:
            command = Command(args, connection, out)
            run: Callable[[], int] = getattr(command, args.command)
            return run()
    except ConfigError as exc:
        return _usage(out, str(exc))
    except httpx.RequestError as exc:  # a direct call (show, list, ...) did not get through
        return out.error(Unreachable(UNREACHABLE, lost(exc).reason), EXIT_UNAVAILABLE)
    except CsbsError as exc:
        return out.error(exc, exit_code(exc))
    except KeyboardInterrupt:
        stderr.write("\ncsbs: interrupted (an accepted replication goes on: see `csbs show`)\n")
        return EXIT_INTERRUPTED
    except Exception as exc:  # never a traceback for the user, unless asked
        if env.get("CSBS_DEBUG"):
            traceback.print_exc(file=stderr)
        stderr.write(
            f"csbs: internal error: {type(exc).__name__}: {exc} (CSBS_DEBUG=1 shows more)\n"
        )
        return EXIT_INTERNAL


def _usage(out: Output, message: str) -> int:
    if out.json:
        error = {"kind": "ConfigError", "error_code": "client.usage", "error_msg": message}
        out.stdout.write(json.dumps({"error": error, "exit_code": EXIT_USAGE}) + "\n")
    out.stderr.write(f"csbs: error: {message}\n")
    return EXIT_USAGE
