"""The kill -9 harness shared by ``test_crash_safety.py`` and ``benchmarks/bench_crash.py``.

A writer child opens the database through :func:`open_database` and adds customers through the service (one
transaction per record, with its audit event, as the desk does), writing each id to a pipe *after* the commit
returned. The parent reads the pipe while the child runs (TECH-NOTES: an unread pipe blocks the child once
full), sends SIGKILL at a random moment (after a random number of commits plus a random fraction of the
next), reads what is left, then checks with a fresh connection that every
id the child reported is in the file and that ``PRAGMA integrity_check`` says ok.

Children are forked from the parent, which already imported FrontDesk: a fresh interpreter per kill would
spend ~0.3 s importing, and 200 kills must stay well inside a CI minute. Fork gives the same thing the
test needs — a separate process with its own SQLite connection killed without any chance to clean up.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

NOW = datetime(2026, 3, 16, 9, 0)


@dataclass
class KillStats:
    """What a run of kills found."""

    kills: int = 0
    reported: int = 0
    lost: int = 0
    integrity_failures: int = 0
    killed_before_first_commit: int = 0
    seconds: float = 0.0
    lost_ids: list[int] = field(default_factory=list)


def _writer(db_path: Path, out: int, tag: int) -> None:  # pragma: no cover - runs in the forked child
    from desktop.models.database import open_database
    from desktop.services import customers

    open_database(db_path)
    os.write(out, b"ready\n")
    serial = 0
    while True:
        serial += 1
        row = customers.add_customer(
            {"name": f"写入者{tag}-{serial}", "address": "x" * (serial % 300)}, by=None, now=NOW
        )
        os.write(out, f"{row.id}\n".encode())


def _lines(buffer: bytearray) -> list[int]:
    *complete, rest = bytes(buffer).split(b"\n")
    buffer[:] = rest
    return [int(line) for line in complete if line and line != b"ready"]


def _wait_ready(read_end: int, buffer: bytearray, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while b"ready\n" not in buffer and (left := deadline - time.monotonic()) > 0:
        ready, _w, _x = select.select([read_end], [], [], left)
        if ready:
            chunk = os.read(read_end, 65536)
            if not chunk:
                return
            buffer += chunk


def run_kills(
    db_path: Path, *, kills: int, seed: int, max_after: int = 6, max_jitter: float = 0.01
) -> KillStats:
    """``kills`` rounds of :func:`kill_once`: after 0…``max_after`` reported commits plus 0…``max_jitter`` s.

    One kill in ten lands while the child is still opening the database. The database must exist and be
    migrated, and no connection of this process may be open (fork).
    """
    rng = random.Random(seed)
    stats = KillStats()
    start = time.perf_counter()
    for round_ in range(kills):
        during_open = rng.random() < 0.1
        after = 0 if during_open else rng.randint(0, max_after)
        jitter = rng.uniform(0, 0.02 if during_open else max_jitter)
        reported = kill_once(
            db_path, after=after, jitter=jitter, tag=round_, stats=stats, during_open=during_open
        )
        stats.reported += reported
        if reported == 0:
            stats.killed_before_first_commit += 1
        stats.kills += 1
    stats.seconds = time.perf_counter() - start
    return stats


def kill_once(
    db_path: Path, *, after: int, jitter: float, tag: int, stats: KillStats, during_open: bool = False
) -> int:
    """Fork a writer, let it report ``after`` commits, wait ``jitter`` seconds more, SIGKILL it, check the file.

    Counting commits rather than milliseconds puts the kill at the same place in the writer's work on a fast
    or a loaded machine; the jitter (up to about one commit's time) spreads it over every instruction of the
    next transaction. ``during_open`` kills ``jitter`` seconds after the fork instead, while the database is
    being opened and its pragmas set. A half-written last line is dropped: its commit returned but its
    report did not, so it proves nothing. Returns how many ids the writer reported.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns into the test runner
        os.close(read_end)
        try:
            _writer(db_path, write_end, tag)
        finally:
            os._exit(0)
    os.close(write_end)
    buffer = bytearray()
    ids: list[int] = []
    if not during_open:
        _wait_ready(read_end, buffer)
        ids += _lines(buffer)
        give_up = time.monotonic() + 30
        while len(ids) < after and time.monotonic() < give_up:
            ready, _w, _x = select.select([read_end], [], [], 1.0)
            if ready:
                chunk = os.read(read_end, 65536)
                if not chunk:
                    break
                buffer += chunk
                ids += _lines(buffer)
    if jitter > 0:
        time.sleep(jitter)  # the child keeps writing meanwhile: this is the random moment
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_end, 65536):
        buffer += chunk
    ids += _lines(buffer)
    os.close(read_end)
    connection = sqlite3.connect(db_path)
    try:
        if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            stats.integrity_failures += 1
        present = {row[0] for row in connection.execute("SELECT id FROM customer")}
    finally:
        connection.close()
    missing = [customer_id for customer_id in ids if customer_id not in present]
    stats.lost += len(missing)
    stats.lost_ids += missing
    return len(ids)
