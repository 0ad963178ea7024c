"""`expo-console hub start|stop|status`: the event hub's PostgreSQL server on the organizer's laptop.

    expo-console hub start --dir DIR [--port N] [--host ADDRESS]
    expo-console hub stop --dir DIR
    expo-console hub status --dir DIR
    expo-console hub init --dsn DSN      (an existing PostgreSQL server: the hub database's owner)
    expo-console hub publish --db FILE --hub OWNER_DSN [--passphrase-file FILE] [--new-passphrase]
    expo-console join --hub DSN --db FILE [--passphrase-file FILE]     (this desk's copy of the hub's event)
    expo-console sync --db FILE [--hub DSN] [--once] [--every SECONDS]
    expo-console lease --db FILE [--take | --take-over | --release]
    expo-console desks --db FILE [--hub DSN]

`start` makes the server the first time (as the unprivileged postgres user when called as root),
starts it, and prints a JSON object whose `dsn` is what the desks connect with, as its last line.
`publish` seals the event's badge key with an event passphrase and `join` opens it (cli/passphrase.py:
a file, EXPO_CONSOLE_PASSPHRASE, or typed on the terminal).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, open_for_machinery, open_signed_in, print_json
from expo_console.cli.passphrase import (
    HOW,
    add_passphrase_argument,
    asked_passphrase,
    given_passphrase,
)


def add_parsers(sub: Any) -> None:
    hub = sub.add_parser("hub", help="the event hub's PostgreSQL server on this computer: start, stop, status")
    actions = hub.add_subparsers(dest="hub_action", required=True)
    for action, told in (("start", "make (the first time) and start the hub; prints the desks' connection string"),
                         ("stop", "stop the hub (its data stays)"), ("status", "whether the hub runs, and its dsn")):
        parser = actions.add_parser(action, help=told)
        parser.add_argument("--dir", type=Path, required=True, help="the hub's folder (its data, log and passwords)")
        if action == "start":
            parser.add_argument("--port", type=int, default=5433, help="the TCP port desks connect to (default 5433)")
            parser.add_argument("--host", help="the address desks reach this computer at (default: its LAN address)")
    publish = actions.add_parser("publish", help="put an event file on the hub (every table, and this desk)")
    publish.add_argument("--db", type=Path, required=True)
    publish.add_argument("--hub", required=True, metavar="DSN", help="the hub database owner's connection string "
                                                                    "(owner_dsn in 'hub status')")
    add_passphrase_argument(publish)
    publish.add_argument("--new-passphrase", action="store_true",
                         help="replace the passphrase the badge key is on the hub with (desks that join later need "
                              "the new one)")
    join = sub.add_parser("join", help="make this desk's copy of the hub's event (a new event file)")
    join.add_argument("--hub", required=True, metavar="DSN", help="the desks' connection string (dsn in 'hub status')")
    join.add_argument("--db", type=Path, required=True, help="the new event file for this desk")
    add_passphrase_argument(join)
    sync = sub.add_parser("sync", help="push this desk's changes to the hub and pull the others' (headless)")
    sync.add_argument("--db", type=Path, required=True)
    sync.add_argument("--hub", metavar="DSN", help="the desks' connection string (default: the one this desk joined with)")
    sync.add_argument("--once", action="store_true", help="until both sides are even, then print a summary and exit")
    sync.add_argument("--every", type=float, default=2.0, metavar="SECONDS", help="without --once: between rounds")
    desks = sub.add_parser("desks", help="every desk of the event on the hub, as JSON")
    desks.add_argument("--db", type=Path, required=True)
    desks.add_argument("--hub", metavar="DSN", help="the desks' connection string (default: the one this desk joined with)")
    init = actions.add_parser("init", help="make the hub's tables on an existing PostgreSQL server")
    lease = sub.add_parser("lease", help="who edits the floor plan on the hub; take it, take it over or give it back")
    lease.add_argument("--db", type=Path, required=True)
    lease.add_argument("--hub", metavar="DSN", help="the desks' connection string (default: the one this desk joined with)")
    what = lease.add_mutually_exclusive_group()
    what.add_argument("--take", action="store_true", help="edit the floor plan on this desk (refused if another has it)")
    what.add_argument("--take-over", action="store_true", help="take it from the desk that has it (audited)")
    what.add_argument("--release", action="store_true", help="done editing: another desk may take it")
    init.add_argument("--dsn", required=True, help="the hub database's owner: postgresql://OWNER:PASSWORD@HOST:PORT/DB")


def cmd_hub(args: argparse.Namespace) -> int:
    from expo_console.services.hub.common import HubError
    from expo_console.services.hub.schema import init_hub
    from expo_console.services.hub.server import hub_status, start_hub, stop_hub

    try:
        if args.hub_action == "start":
            if not 1 <= args.port <= 65535:
                raise CliError("--port is a TCP port: 1 to 65535.")
            print_json(start_hub(args.dir, port=args.port, host=args.host))
        elif args.hub_action == "publish":
            from expo_console.services.hub.publish import publish

            passphrase = given_passphrase(args) or asked_passphrase(
                twice=True, purpose="Publishing seals the event's badge key with an event passphrase that the desks "
                                    "type when they join.")
            store = open_signed_in(args.db)
            try:
                print_json(publish(store, args.hub, passphrase=passphrase, new_passphrase=args.new_passphrase))
            finally:
                store.close()
        elif args.hub_action == "init":
            print_json(init_hub(args.dsn))
        elif args.hub_action == "stop":
            print_json(stop_hub(args.dir))
        else:
            print_json(hub_status(args.dir))
    except HubError as error:
        raise CliError(str(error)) from error
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    import sys

    from expo_console.services.badges.keys import has_keys
    from expo_console.services.desk import local_stamp
    from expo_console.services.events import event_info, event_row
    from expo_console.services.hub.common import HubError
    from expo_console.services.hub.join import join
    from expo_console.services.hub.sealed_key import PassphraseNeeded

    passphrase = given_passphrase(args)
    try:
        try:
            store, copied = join(args.hub, args.db, local_stamp(), passphrase=passphrase)
        except PassphraseNeeded as needed:  # asked only when the hub has a key to open
            if not sys.stdin.isatty():
                raise CliError(f"{needed} Give it with {HOW}.") from needed
            store, copied = join(args.hub, args.db, local_stamp(),
                                 passphrase=asked_passphrase(twice=False, purpose=str(needed)))
    except HubError as error:
        raise CliError(str(error)) from error
    try:
        joined = {**event_info(store), "joined": str(args.db), "rows": sum(copied.values()),
                  "badge_key": has_keys(str(event_row(store)["id"]))}
        if not joined["badge_key"]:
            joined["note"] = ("The hub has no badge key for this event (it was published by an older Expo Console): "
                              "import the key (expo-console key import) to print and check badges on this desk.")
            sys.stderr.write(f"expo-console: {joined['note']}\n")
        print_json(joined)
    finally:
        store.close()
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    import threading

    from expo_console.services.hub.common import HubError
    from expo_console.services.hub.listener import ChangeListener
    from expo_console.services.hub.sync import hub_of, last_change_here, sync_once

    store = open_for_machinery(args.db)
    listener = None
    try:
        pulled = threading.Event()  # another desk pushed: pull now, not at the next round
        while True:
            offline = False
            try:
                dsn = hub_of(store, args.hub)
                result = sync_once(store, dsn)
            except HubError as error:
                if args.once:
                    raise CliError(str(error)) from error
                print_json({"offline": str(error)})  # the desk keeps working; the next round tries again
                offline = True
            else:
                if args.once:
                    print_json(result.as_json())
                    return 0
                if result.pushed or result.pulled:
                    print_json(result.as_json())
                if listener is None:
                    listener = ChangeListener(dsn, store.stamp.desk_id, pulled.set).start()
            _wait_for_work(store, pulled, max(0.2, args.every), None if offline else last_change_here)
    except KeyboardInterrupt:
        return 0
    finally:
        if listener is not None:
            listener.stop()
        store.close()


def _wait_for_work(store: Any, pulled: Any, every: float, last_change: Any) -> None:
    """Until the next round: `every` seconds, or sooner when another desk pushed or this desk's
    file took a new change (another process wrote it: a scanner desk's window, a script). After
    a round that found the hub offline (`last_change` None) local changes wait for the round:
    a desk that scans four times a second would otherwise knock on a dead hub as often."""
    import time

    deadline = time.monotonic() + every
    seen = last_change(store) if last_change else 0
    while time.monotonic() < deadline:
        if pulled.wait(min(LOCAL_LOOK_S, max(0.0, deadline - time.monotonic()))):
            pulled.clear()
            return
        if last_change is not None and last_change(store) > seen:
            return


LOCAL_LOOK_S = 0.25  # how often the desk's own file is looked at for changes to push


def cmd_desks(args: argparse.Namespace) -> int:
    from expo_console.services.hub.common import HubError
    from expo_console.services.hub.sync import list_desks

    store = open_for_machinery(args.db, read_only=True)
    try:
        print_json(list_desks(store, args.hub))
    except HubError as error:
        raise CliError(str(error)) from error
    finally:
        store.close()
    return 0


def cmd_lease(args: argparse.Namespace) -> int:
    from expo_console.services.hub import edit_lease
    from expo_console.services.hub.common import HubError
    from expo_console.services.hub.sync import hub_of

    # taking the lease is editing the floor plan: an operator signs in; looking or giving it back is the desk's
    store = open_signed_in(args.db) if args.take or args.take_over else open_for_machinery(args.db)
    try:
        if not edit_lease.on_hub(store):
            raise CliError("This event file is not on a hub: its floor plan is edited here without a lease.")
        if args.take or args.take_over:
            edit_lease.take(store, hub_of(store, args.hub), take_over=args.take_over)
        elif args.release:
            edit_lease.release(store, hub_of(store, args.hub))
        held = edit_lease.holder(store)
        print_json({"lease": edit_lease.FLOOR_PLAN, "held_by": None if held is None else held.__dict__,
                    "this_desk_may_edit": edit_lease.may_edit(store)})
    except HubError as error:
        raise CliError(str(error)) from error
    finally:
        store.close()
    return 0


COMMANDS = {"hub": cmd_hub, "join": cmd_join, "sync": cmd_sync, "desks": cmd_desks, "lease": cmd_lease}
