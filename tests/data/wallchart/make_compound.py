#!/usr/bin/env python3
"""Writes compound.csv, the wall-chart fixture: one compound, 测试花园, laid
out so that its chart has a known shape (see README.md). Deterministic; run
it again after changing the layout below and commit both files."""
import os

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"

# (building, unit, floors, rooms per floor)
TOWERS = [("1号", "1", 22, 2), ("2号", "1", 6, 2), ("2号", "2", 6, 2), ("3号", "1", 6, 2),
          ("3号", "2", 6, 2), ("5号", "", 3, 3), ("6号", "", 3, 3)]
NO_FLOOR = [("4号", "", "商铺A"), ("4号", "", "商铺B"), ("4号", "", "门卫")]

# Rooms whose household is not simply green: (building, unit, room) -> facts.
SPECIAL = {
    ("1号", "1", "2001"): ["red"],
    ("1号", "1", "1502"): ["red", "green", "green"],  # mixed
    ("2号", "2", "302"): ["orange"],
    ("3号", "1", "501"): ["yellow"],
    ("5号", "", "201"): ["blue"],
    ("6号", "", "303"): ["purple", "green"],         # mixed
}
FACTS = {  # 在沪情况, 返沪日期, 隔离情况, 隔离开始日期, 健康状况 (today is 2020-03-09)
    "green": ("一直在沪", "", "无", "", "正常"),
    "red": ("一直在沪", "", "无", "", "发热"),
    "orange": ("一直在沪", "", "居家隔离", "2020-03-01", "正常"),
    "yellow": ("境外返沪", "2020-03-05", "无", "", "正常"),
    "blue": ("近期返沪", "2020-03-01", "无", "", "正常"),
    "purple": ("外出未返", "", "无", "", "正常"),
}


def idcard(n):
    body = "310105%04d%02d%02d%03d" % (1950 + n % 50, 1 + n % 12, 1 + n % 28, n % 1000)
    s = sum(int(c) * w for c, w in zip(body, WEIGHTS))
    return body + CHECK[s % 11]


def rooms():
    for b, u, floors, per in TOWERS:
        for f in range(1, floors + 1):
            for r in range(1, per + 1):
                yield b, u, "%d%02d" % (f, r)
    yield from NO_FLOOR


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    n = 0
    lines = ["小区,楼号,单元,室号,姓名,身份证号,在沪情况,返沪日期,隔离情况,隔离开始日期,健康状况"]
    for b, u, room in rooms():
        for colour in SPECIAL.get((b, u, room), ["green"]):
            n += 1
            lines.append(",".join(["测试花园", b, u, room, "居民%d" % n, idcard(n),
                                   *FACTS[colour]]))
    with open(os.path.join(here, "compound.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
