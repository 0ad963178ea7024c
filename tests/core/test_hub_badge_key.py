"""The badge key travels to the hub only sealed with the event passphrase: a real PostgreSQL hub,
and every desk a real `expo-console` process with a config folder (its key store) of its own."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pypdfium2
import zxingcpp

from expo_console.services.badges import keys as badge_keys
from hub_support import PASSPHRASE, cli, free_port, local, ok

WRONG = "The passphrase does not open this event's badge key: ask the organizer for it."


def started_hub(hub_folder: Path) -> tuple[str, str]:
    """The hub's (owner's, desks') connection strings."""
    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(free_port()))
    return started["owner_dsn"], local(started["dsn"])


def hub_text(owner_dsn: str) -> str:
    """Every row of every table on the hub, as PostgreSQL writes it out."""
    with psycopg.connect(owner_dsn) as pg:
        tables = [r[0] for r in pg.execute("SELECT table_name FROM information_schema.tables"
                                           " WHERE table_schema = 'public'")]
        return "\n".join(str(row[0]) for table in tables
                         for row in pg.execute(f'SELECT t::text FROM "{table}" t'))


def clear_forms(secret: bytes) -> list[str]:
    """How a key could be written out in clear: hex (as the key file has it), base64, bytea."""
    b64 = base64.b64encode(secret).decode()
    urlsafe = base64.urlsafe_b64encode(secret).decode()
    return [secret.hex(), secret.hex().upper(), b64, b64.rstrip("="), urlsafe.rstrip("="),
            "\\x" + secret.hex(), secret.decode("latin-1")]


def qr_codes(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [r.text for page in document for r in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())
                if r.format == zxingcpp.BarcodeFormat.QRCode]
    finally:
        document.close()


def made(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def meta(owner_dsn: str, key: str) -> str | None:
    with psycopg.connect(owner_dsn) as pg:
        row = pg.execute("SELECT value FROM hub_meta WHERE key = %s", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(owner_dsn: str, key: str, value: str | None) -> None:
    with psycopg.connect(owner_dsn, autocommit=True) as pg:
        if value is None:
            pg.execute("DELETE FROM hub_meta WHERE key = %s", (key,))
        else:
            pg.execute("UPDATE hub_meta SET value = %s WHERE key = %s", (value, key))


def test_a_desk_that_joins_with_the_passphrase_prints_badges_the_organizers_key_verifies(
        hub_folder: Path, event_templates, tmp_path: Path) -> None:
    owner_dsn, desk_dsn = started_hub(hub_folder)
    template = event_templates.demo(visitors=20)
    first = template.copy_to(tmp_path / "organizer.expo")  # the organizer's desk: this test's config folder
    secret = badge_keys.load_keys(template.event_id).current_secret
    published = ok("hub", "publish", "--db", str(first), "--hub", owner_dsn)
    assert published["badge_key"] == "sealed"

    on_hub = hub_text(owner_dsn)
    assert template.event_id in on_hub and "expo-console-sealed-key" in on_hub  # the search sees every table
    for written in clear_forms(secret):
        assert written not in on_hub

    desk_b, second = tmp_path / "desk-b", tmp_path / "b.expo"
    told = tmp_path / "passphrase.txt"
    told.write_text(PASSPHRASE + "\n", encoding="utf-8")
    with psycopg.connect(desk_dsn) as pg:
        visitor_id = pg.execute("SELECT id FROM visitors ORDER BY id LIMIT 1").fetchone()[0]
    without = cli("code", "--db", str(first), "--visitor", visitor_id, config=desk_b)
    assert without.returncode == 1 and "key import" in without.stderr  # desk B has no key before it joins
    joined = ok("join", "--hub", desk_dsn, "--db", str(second), "--passphrase-file", str(told), desk="desk-b",
                config=desk_b, passphrase=None)
    assert joined["badge_key"] is True and "note" not in joined
    kept = desk_b / "keys" / f"{template.event_id}.json"
    assert kept.stat().st_mode & 0o777 == 0o600 and (desk_b / "keys").stat().st_mode & 0o777 == 0o700
    printed = ok("badges", "--db", str(second), "--out", str(tmp_path / "b.pdf"), "--visitor", visitor_id,
                 desk="desk-b", config=desk_b)
    assert printed["badges"] == 1
    [code] = qr_codes(tmp_path / "b.pdf")
    verdict = ok("verify", "--db", str(first), code)  # on the organizer's desk, with the organizer's key
    assert verdict["valid"] and verdict["same_event"]
    assert verdict["fields"]["desk_slot"] != 0

    # the key this desk took from the hub moves on by hand as any key does
    ok("key", "export", "--db", str(second), "--out", str(tmp_path / "key.json"), desk="desk-b", config=desk_b)
    desk_c = tmp_path / "desk-c"
    ok("key", "import", "--db", str(first), str(tmp_path / "key.json"), config=desk_c)
    assert ok("verify", "--db", str(second), code, config=desk_c)["status"] == "active"


def test_a_wrong_missing_or_altered_passphrase_leaves_nothing_and_an_older_hub_is_joined_without_the_key(
        hub_folder: Path, event_templates, tmp_path: Path) -> None:
    owner_dsn, desk_dsn = started_hub(hub_folder)
    template = event_templates.demo(visitors=10)
    first = template.copy_to(tmp_path / "organizer.expo")
    ok("hub", "publish", "--db", str(first), "--hub", owner_dsn)
    desk_b, second = tmp_path / "desk-b", tmp_path / "b.expo"

    def refused_join(passphrase: str | None) -> str:
        run = cli("join", "--hub", desk_dsn, "--db", str(second), desk="desk-b", config=desk_b, passphrase=passphrase)
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert made(second) == [] and not (desk_b / "keys").exists()  # nothing left behind
        return run.stderr

    assert WRONG in refused_join("not the passphrase")
    needed = refused_join(None)  # a script that gave none, without a terminal to ask on
    assert "badge key" in needed and "--passphrase-file FILE" in needed and "EXPO_CONSOLE_PASSPHRASE" in needed
    sealed = meta(owner_dsn, "badge_key_sealed")
    assert sealed is not None
    blob = json.loads(sealed)
    flipped = base64.b64decode(blob["ciphertext"])
    flipped = bytes([flipped[0] ^ 1]) + flipped[1:]
    for altered in ({**blob, "ciphertext": base64.b64encode(flipped).decode()},
                    {**blob, "kdf": {**blob["kdf"], "n": 2**15}},  # a cheaper KDF for guessing: refused
                    {**blob, "kdf": {**blob["kdf"], "n": 2**40}}):  # would take the desk's memory: refused
        set_meta(owner_dsn, "badge_key_sealed", json.dumps(altered))
        assert WRONG in refused_join(PASSPHRASE)
    set_meta(owner_dsn, "badge_key_sealed", sealed)
    with psycopg.connect(desk_dsn) as pg:  # no serial slot was leased by the refused joins
        assert pg.execute("SELECT count(*) FROM hub_desks WHERE desk_id = 'desk-b'").fetchone()[0] == 0

    assert ok("join", "--hub", desk_dsn, "--db", str(second), desk="desk-b", config=desk_b)["badge_key"] is True

    # a hub an older console published carries no key: the desk joins and is told to import it
    set_meta(owner_dsn, "badge_key_sealed", None)
    desk_c, third = tmp_path / "desk-c", tmp_path / "c.expo"
    run = cli("join", "--hub", desk_dsn, "--db", str(third), desk="desk-c", config=desk_c, passphrase=None)
    assert run.returncode == 0, run.stderr
    joined = json.loads(run.stdout)
    assert joined["badge_key"] is False and "expo-console key import" in joined["note"]
    assert "expo-console key import" in run.stderr
    with psycopg.connect(desk_dsn) as pg:
        visitor_id = pg.execute("SELECT id FROM visitors ORDER BY id LIMIT 1").fetchone()[0]
    cannot = cli("code", "--db", str(third), "--visitor", visitor_id, desk="desk-c", config=desk_c)
    assert cannot.returncode == 1 and "key import" in cannot.stderr
    ok("key", "import", "--db", str(third), str(template.key_file), desk="desk-c", config=desk_c)
    assert cli("code", "--db", str(third), "--visitor", visitor_id, desk="desk-c", config=desk_c).returncode == 0


def test_the_sealed_key_of_one_event_does_not_open_on_another_events_hub(hub_folder: Path, event_templates,
                                                                         tmp_path: Path) -> None:
    from expo_console.services.hub.sealed_key import seal_event_key, unseal

    owner_dsn, desk_dsn = started_hub(hub_folder)
    template = event_templates.demo(visitors=5)
    template.copy_to(tmp_path / "a.expo")  # event A's key on this desk
    other = tmp_path / "other.expo"
    ok("demo", "--db", str(other), "--visitors", "0")  # event B, with a key of its own
    ok("hub", "publish", "--db", str(other), "--hub", owner_dsn)
    moved = seal_event_key(template.event_id, "A", PASSPHRASE)  # A's key, sealed with the same passphrase
    assert unseal(moved, PASSPHRASE, template.event_id)  # it opens where it belongs
    set_meta(owner_dsn, "badge_key_sealed", moved)
    run = cli("join", "--hub", desk_dsn, "--db", str(tmp_path / "b.expo"), desk="desk-b",
              config=tmp_path / "desk-b")
    assert run.returncode == 1 and WRONG in run.stderr
    assert made(tmp_path / "b.expo") == [] and not (tmp_path / "desk-b" / "keys").exists()


def test_publishing_again_keeps_the_passphrase_unless_told_to_replace_it_and_carries_a_rotated_key(
        hub_folder: Path, event_templates, tmp_path: Path) -> None:
    owner_dsn, desk_dsn = started_hub(hub_folder)
    template = event_templates.demo(visitors=5)
    first = template.copy_to(tmp_path / "organizer.expo")

    short = cli("hub", "publish", "--db", str(first), "--hub", owner_dsn, passphrase="2022")
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    none = cli("hub", "publish", "--db", str(first), "--hub", owner_dsn, passphrase=None)
    assert none.returncode == 1 and "--passphrase-file FILE or the EXPO_CONSOLE_PASSPHRASE" in none.stderr
    keyless = cli("hub", "publish", "--db", str(first), "--hub", owner_dsn, config=tmp_path / "no-key")
    assert keyless.returncode == 1 and "no badge key" in keyless.stderr and "key import" in keyless.stderr
    assert meta(owner_dsn, "event_id") is None  # none of these put anything on the hub

    ok("hub", "publish", "--db", str(first), "--hub", owner_dsn)
    sealed = meta(owner_dsn, "badge_key_sealed")
    typo = cli("hub", "publish", "--db", str(first), "--hub", owner_dsn, passphrase="부스 열쇠는 2023")
    assert typo.returncode == 1 and "another passphrase" in typo.stderr and "--new-passphrase" in typo.stderr
    assert meta(owner_dsn, "badge_key_sealed") == sealed

    ok("key", "rotate", "--db", str(first))
    ok("hub", "publish", "--db", str(first), "--hub", owner_dsn)  # the same passphrase: sealed again
    assert meta(owner_dsn, "badge_key_sealed") != sealed
    ok("join", "--hub", desk_dsn, "--db", str(tmp_path / "b.expo"), desk="desk-b", config=tmp_path / "desk-b")
    kept = json.loads((tmp_path / "desk-b" / "keys" / f"{template.event_id}.json").read_text(encoding="utf-8"))
    assert sorted(kept["keys"]) == ["01", "02"] and kept["current"] == 2

    new = tmp_path / "new-passphrase"
    new.write_text("새 행사 암호 2022", encoding="utf-8")
    ok("hub", "publish", "--db", str(first), "--hub", owner_dsn, "--passphrase-file", str(new), "--new-passphrase")
    old = cli("join", "--hub", desk_dsn, "--db", str(tmp_path / "c.expo"), desk="desk-c", config=tmp_path / "desk-c")
    assert old.returncode == 1 and WRONG in old.stderr
    assert ok("join", "--hub", desk_dsn, "--db", str(tmp_path / "c.expo"), desk="desk-c", config=tmp_path / "desk-c",
              passphrase="새 행사 암호 2022")["badge_key"] is True


class Terminal:
    """`expo-console ARGS` with a terminal for its input (a pseudo-terminal, no controlling one, so
    getpass reads it as it would a person's), and its prompts read from stderr."""

    def __init__(self, *args: str, config: Path | None = None, desk: str | None = None) -> None:
        import pty

        self.controller, terminal = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "EXPO_CONSOLE_PASSPHRASE"}
        env.update({"EXPO_CONSOLE_CONFIG_DIR": str(config)} if config else {})
        env.update({"EXPO_CONSOLE_DESK_ID": desk} if desk else {})
        self.process = subprocess.Popen([sys.executable, "-m", "expo_console", *args], stdin=terminal,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                        start_new_session=True)
        os.close(terminal)
        self.shown = b""

    def type_after(self, prompt: str, line: str) -> None:
        assert self.process.stderr is not None
        deadline = time.monotonic() + 60
        while prompt.encode() not in self.shown:
            assert time.monotonic() < deadline and self.process.poll() is None, self.shown
            self.shown += os.read(self.process.stderr.fileno(), 4096)
        self.shown = self.shown.split(prompt.encode(), 1)[1]
        os.write(self.controller, (line + "\n").encode())

    def finish(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=180)
        os.close(self.controller)
        return self.process.returncode, out.decode(), (self.shown + err).decode()


def test_a_person_types_the_passphrase_twice_at_publish_and_once_at_join(hub_folder: Path, event_templates,
                                                                        tmp_path: Path) -> None:
    owner_dsn, desk_dsn = started_hub(hub_folder)
    first = event_templates.demo(visitors=5).copy_to(tmp_path / "organizer.expo")
    mistyped = Terminal("hub", "publish", "--db", str(first), "--hub", owner_dsn)
    mistyped.type_after("Event passphrase: ", PASSPHRASE)
    mistyped.type_after("The same passphrase again: ", PASSPHRASE + "!")
    code, _out, err = mistyped.finish()
    assert code == 1 and "The two passphrases differ" in err and "Traceback" not in err
    assert meta(owner_dsn, "event_id") is None

    typed = Terminal("hub", "publish", "--db", str(first), "--hub", owner_dsn)
    typed.type_after("Event passphrase: ", PASSPHRASE)
    typed.type_after("The same passphrase again: ", PASSPHRASE)
    code, out, err = typed.finish()
    assert code == 0, err
    assert json.loads(out)["badge_key"] == "sealed" and PASSPHRASE not in out + err  # never echoed

    joining = Terminal("join", "--hub", desk_dsn, "--db", str(tmp_path / "b.expo"), config=tmp_path / "desk-b",
                       desk="desk-b")
    joining.type_after("Event passphrase: ", PASSPHRASE)
    code, out, err = joining.finish()
    assert code == 0, err
    assert json.loads(out)["badge_key"] is True
