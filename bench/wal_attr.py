#!/usr/bin/env python3
"""Which tables and indexes a SQLite write-ahead log's frames belong to.

Usage: bench/wal_attr.py DB WAL

WAL is a copy of the log taken while the database was still open (a
clean close checkpoints the log and removes it; bench/api_writes.sh
--wal-attr copies it and kills the server). Each frame of the log is one
page written by one commit; the page numbers are mapped to their table or
index through SQLite's dbstat table, read from a copy of DB and its log
(a page freed and reused during the run counts for its last owner).
Prints frames per commit by table, the shape of the WAL bytes of a write
(issue 19 §3): a B-tree whose key is random costs a page per row written,
one written in key order a page per many rows.
"""
import collections
import os
import shutil
import sqlite3
import struct
import sys
import tempfile


def frames_of(wal):
    """The page number of every valid frame, and the number of commits."""
    data = open(wal, "rb").read()
    _, _, page_size, _, salt1, salt2, _, _ = struct.unpack(">IIIIIIII", data[:32])
    pages, commits, off = [], 0, 32
    while off + 24 + page_size <= len(data):
        pgno, db_size, s1, s2, _, _ = struct.unpack(">IIIIII", data[off:off + 24])
        if (s1, s2) != (salt1, salt2):
            break  # frames of an earlier generation of the log
        pages.append(pgno)
        commits += db_size != 0  # a commit's last frame carries the size
        off += 24 + page_size
    return pages, commits, page_size


def owners(db, wal):
    """Page number -> table or index, from a copy of DB with its log (the
    pages the log added are in it)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "copy.db")
        shutil.copy(db, copy)
        shutil.copy(wal, copy + "-wal")
        con = sqlite3.connect(copy)
        try:
            return {p: n for n, p in con.execute("SELECT name, pageno FROM dbstat")}
        finally:
            con.close()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    pages, commits, page_size = frames_of(sys.argv[2])
    if not commits:
        sys.exit("no committed frame in the log")
    names = owners(sys.argv[1], sys.argv[2])
    count = collections.Counter(names.get(p, "(new or free page)") for p in pages)
    print(f"   WAL frames by table: {len(pages)} frames of {page_size + 24} bytes in "
          f"{commits} commits, {len(pages) / commits:.1f} per commit")
    for name, k in count.most_common():
        print(f"     {name:34s} {k:6d} frames  {k / commits:6.2f} per commit")


if __name__ == "__main__":
    main()
