"""End-to-end tests of the printable wall chart: import the fixture compound
(tests/data/wallchart/compound.csv), print it with `cordon map`, and check
the PDF with poppler: the number of pages and their A4 size, the text on
them (Chinese included), and, rasterised at 20 dpi, that each page is not
blank and shows in its grid exactly the colours of the rooms that belong on
it. PNG and SVG give a file per sheet; bad input gives the documented exit
codes and one clear line."""
import os
import re
import shutil
import subprocess
import unittest

from harness import cordon, shanghai_db, tmp_path

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "data", "wallchart", "compound.csv")
QISHAN = "310105002002"
TODAY = {"CORDON_TODAY": "2020-03-09"}

# colour_rgb() of src/core/colour.c.
RGB = {
    "red": (0xd3, 0x2f, 0x2f), "orange": (0xef, 0x6c, 0x00), "yellow": (0xf9, 0xa8, 0x25),
    "green": (0x2e, 0x7d, 0x32), "blue": (0x15, 0x65, 0xc0), "purple": (0x7b, 0x1f, 0xa2),
}

# The fixture's chart (see tests/data/wallchart/README.md): sheet 1 is the
# top of 1号 (floors 22-12, with the red 1-2001 and the red mixed 1-1502);
# sheet 2 is 3号 with 4号's floorless rooms, and 5号 and 6号 stacked below
# (yellow 3号 1-501, blue 5号 201, purple mixed 6号 303); sheet 3 is under
# sheet 1: the bottom of 1号 and 2号 (orange 2号 2-302).
EXPECTED = {
    1: {"red", "green"},
    2: {"yellow", "blue", "purple", "green"},
    3: {"orange", "green"},
}

# The grid area of an A4 sheet in points (between the header band and the
# legend band, see wallchart_geometry_a4()): colours there are rooms, not
# the legend that every sheet carries.
GRID_TOP, GRID_BOTTOM = 22 + 62, 842 - 22 - 66


def read_ppm(path):
    """(width, height, bytes) of a binary PPM (P6, maxval 255)."""
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert m, path
    w, h = int(m.group(1)), int(m.group(2))
    pixels = data[m.end():]
    assert len(pixels) == w * h * 3, path
    return w, h, pixels


def colour_pixels(w, h, pixels, top, bottom, tolerance=24):
    """Pixels per colour name within rows [top, bottom), and the number of
    pixels that are not white, over the whole image."""
    counts = dict.fromkeys(RGB, 0)
    inked = 0
    for y in range(h):
        row = pixels[y * w * 3:(y + 1) * w * 3]
        for x in range(w):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if r < 245 or g < 245 or b < 245:
                inked += 1
            if not top <= y < bottom:
                continue
            for name, (cr, cg, cb) in RGB.items():
                if abs(r - cr) <= tolerance and abs(g - cg) <= tolerance and abs(b - cb) <= tolerance:
                    counts[name] += 1
                    break
    return counts, inked


def fixture_row(building, unit, room):
    """The fixture's CSV line for a room (the first resident in it)."""
    with open(FIXTURE, encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
        for line in f:
            cells = line.rstrip("\n").split(",")
            if cells[1:4] == [building, unit, room]:
                return header, cells
    raise KeyError(room)


# poppler-utils reads the PDFs back; `scripts/deps test` (run by `make test`)
# installs it. Without it the class fails, loudly, instead of vanishing from
# the run as a skip would.
POPPLER = ("pdfinfo", "pdftoppm", "pdftotext", "pdffonts")


class MapTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        missing = [p for p in POPPLER if not shutil.which(p)]
        if missing:
            raise RuntimeError(f"{', '.join(missing)} not found: install poppler-utils "
                               "(scripts/deps test does)")
        cls.db = shanghai_db()
        rc, out, err = cordon("import", "residents", FIXTURE, "--committee", QISHAN, "--db",
                              cls.db, env=TODAY)
        assert rc == 0, err
        cls.compound = cls.compound_id("测试花园")

    @classmethod
    def compound_id(cls, name):
        rc, out, err = cordon("compounds", "--committee", QISHAN, "--db", cls.db)
        assert rc == 0, err
        for line in out.splitlines():
            parts = line.split()
            if len(parts) > 1 and parts[1] == name:
                return parts[0]
        raise AssertionError(f"{name} not listed:\n{out}")

    def map(self, *args, env=None):
        return cordon("map", "--compound", self.compound, "--db", self.db, *args,
                      env=dict(TODAY, **(env or {})))

    def pdf(self):
        out = tmp_path("chart.pdf")
        rc, stdout, err = self.map("--format", "pdf", "-o", out)
        self.assertEqual(rc, 0, err)
        self.assertIn("3 A4 sheets", stdout)
        return out

    def pages(self, pdf):
        """The pages rasterised at 20 dpi, as PPM paths in page order."""
        prefix = os.path.join(os.path.dirname(pdf), "page")
        subprocess.run(["pdftoppm", "-r", "20", pdf, prefix], check=True)
        files = sorted((f for f in os.listdir(os.path.dirname(pdf)) if f.startswith("page")),
                       key=lambda f: int(re.search(r"(\d+)\.ppm$", f).group(1)))
        return [os.path.join(os.path.dirname(pdf), f) for f in files]

    def test_pdf_is_three_a4_pages(self):
        pdf = self.pdf()
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", pdf], capture_output=True,
                              text=True, check=True).stdout
        self.assertRegex(info, r"Pages:\s+3\n")
        sizes = re.findall(r"Page\s+\d+ size:\s+(.*)", info)
        self.assertEqual(sizes, ["595 x 842 pts (A4)"] * 3)
        self.assertIn("测试花园 六色图 2020-03-09", info)  # the title

    def test_every_page_shows_the_colours_of_its_rooms(self):
        pages = self.pages(self.pdf())
        self.assertEqual(len(pages), 3)
        for n, path in enumerate(pages, 1):
            w, h, pixels = read_ppm(path)
            self.assertEqual((w, h), (166, 234))  # A4 at 20 dpi (pdftoppm rounds up)
            counts, inked = colour_pixels(w, h, pixels, GRID_TOP * 20 // 72,
                                          GRID_BOTTOM * 20 // 72)
            self.assertGreater(inked, w * h // 20, f"page {n} is blank")
            for name in RGB:
                if name in EXPECTED[n]:
                    self.assertGreaterEqual(counts[name], 12, f"page {n}: no {name}: {counts}")
                else:
                    self.assertLessEqual(counts[name], 2, f"page {n}: {name} there: {counts}")

    def test_text_says_what_where_when_and_which_sheet(self):
        pdf = self.pdf()
        for n in (1, 2, 3):
            text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"],
                                  capture_output=True, text=True, check=True).stdout
            self.assertIn("测试花园", text)
            self.assertIn("岐山居委会", text)
            self.assertIn("2020-03-09", text)
            self.assertIn(f"sheet {n} of 3", text)
            self.assertIn("红 Red", text)
        text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        for label in ("3号", "4号", "5号", "6号", "商铺A", "门卫", "1-501", "无楼层"):
            self.assertIn(label, text)
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
        self.assertIn("WenQuanYi", fonts)

    def test_legend_names_colours_as_the_rule_table_does(self):
        import json
        db = shanghai_db()
        rc, out, err = cordon("import", "residents", FIXTURE, "--committee", QISHAN, "--db", db,
                              env=TODAY)
        self.assertEqual(rc, 0, err)
        with open(os.path.join(HERE, "..", "..", "data", "rules.default.json"),
                  encoding="utf-8") as f:
            rules = json.load(f)
        rules["labels"]["red"] = {"zh": "高风险", "en": "High risk"}
        path = tmp_path("rules.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(rules, f, ensure_ascii=False)
        rc, out, err = cordon("rules", "set", path, "--db", db, env=TODAY)
        self.assertEqual(rc, 0, err)
        pdf = tmp_path("labels.pdf")
        rc, out, err = cordon("map", "--compound", self.compound, "--db", db, "-o", pdf, env=TODAY)
        self.assertEqual(rc, 0, err)
        text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn("高风险 High risk", text)
        self.assertNotIn("红 Red", text)

    def test_chart_follows_a_change(self):
        db = shanghai_db()
        rc, out, err = cordon("import", "residents", FIXTURE, "--committee", QISHAN, "--db", db,
                              env=TODAY)
        self.assertEqual(rc, 0, err)
        header, cells = fixture_row("3号", "2", "202")
        cells[-1] = "发热"  # 健康状况: fever, so red
        change = tmp_path("change.csv")
        with open(change, "w", encoding="utf-8") as f:
            f.write(header + "\n" + ",".join(cells) + "\n")
        rc, out, err = cordon("import", "residents", change, "--committee", QISHAN, "--db", db,
                              env=TODAY)
        self.assertEqual(rc, 0, err)
        pdf = tmp_path("changed.pdf")
        rc, out, err = cordon("map", "--compound", self.compound, "--db", db, "-o", pdf, env=TODAY)
        self.assertEqual(rc, 0, err)
        w, h, pixels = read_ppm(self.pages(pdf)[1])
        counts, _ = colour_pixels(w, h, pixels, GRID_TOP * 20 // 72, GRID_BOTTOM * 20 // 72)
        self.assertGreaterEqual(counts["red"], 12, counts)

    def test_png_and_svg_are_a_file_per_sheet(self):
        out = tmp_path("chart.png")
        rc, stdout, err = self.map("--format", "png", "--dpi", "72", "-o", out)
        self.assertEqual(rc, 0, err)
        self.assertFalse(os.path.exists(out))
        for n in (1, 2, 3):
            path = out[:-4] + f"-{n}.png"
            with open(path, "rb") as f:
                head = f.read(24)
            self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
            self.assertEqual((int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")),
                             (595, 842))
        self.assertIn("chart-3.png", stdout)
        out = tmp_path("chart.svg")  # the format follows the extension
        rc, stdout, err = self.map("-o", out)
        self.assertEqual(rc, 0, err)
        for n in (1, 2, 3):
            with open(out[:-4] + f"-{n}.svg", encoding="utf-8") as f:
                svg = f.read()
            self.assertIn("<svg", svg)
            self.assertRegex(svg, r'width="595(pt)?"')

    def test_one_room_compound_is_one_page(self):
        header, cells = fixture_row("5号", "", "101")
        cells[0] = "独栋"
        one = tmp_path("one.csv")
        with open(one, "w", encoding="utf-8") as f:
            f.write(header + "\n" + ",".join(cells) + "\n")
        db = shanghai_db()
        rc, out, err = cordon("import", "residents", one, "--committee", QISHAN, "--db", db,
                              env=TODAY)
        self.assertEqual(rc, 0, err)
        rc, out, err = cordon("compounds", "--committee", QISHAN, "--db", db)
        self.assertEqual(rc, 0, err)
        cid = out.split()[0]
        pdf = tmp_path("one.pdf")
        rc, out, err = cordon("map", "--compound", cid, "-o", pdf, "--db", db, env=TODAY)
        self.assertEqual(rc, 0, err)
        self.assertIn("1 A4 sheet", out)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        self.assertRegex(info, r"Pages:\s+1\n")
        w, h, pixels = read_ppm(self.pages(pdf)[0])
        counts, _ = colour_pixels(w, h, pixels, GRID_TOP * 20 // 72, GRID_BOTTOM * 20 // 72)
        self.assertGreaterEqual(counts["green"], 12, counts)

    def test_unknown_compound_is_one_line_exit_1(self):
        out = tmp_path("x.pdf")
        rc, stdout, err = cordon("map", "--compound", "999999", "-o", out, "--db", self.db,
                                 env=TODAY)
        self.assertEqual(rc, 1)
        self.assertIn("no compound 999999", err)
        self.assertIn("cordon compounds", err)
        self.assertEqual(len(err.strip().splitlines()), 1)
        self.assertFalse(os.path.exists(out))

    def test_bad_format_and_arguments_are_usage_errors(self):
        out = tmp_path("x.pdf")
        for args, says in ((("--format", "jpeg", "-o", out), "pdf, png or svg"),
                           (("--format", "png", "--dpi", "5000", "-o", out), "--dpi"),
                           (("--dpi", "100", "-o", out), "--dpi is for"),
                           ((), "-o FILE")):
            rc, stdout, err = self.map(*args)
            self.assertEqual(rc, 2, args)
            self.assertIn(says, err)
        for bad in ("abc", "0", "-3", "12x"):
            rc, stdout, err = cordon("map", "--compound", bad, "-o", out, "--db", self.db)
            self.assertEqual(rc, 2, bad)
            self.assertIn("compound id", err)
        self.assertFalse(os.path.exists(out))

    def test_unwritable_output_is_exit_1(self):
        rc, stdout, err = self.map("-o", "/nonexistent-dir/chart.pdf")
        self.assertEqual(rc, 1)
        self.assertIn("cannot write /nonexistent-dir/chart.pdf", err)
        self.assertEqual(len(err.strip().splitlines()), 1)
        d = tmp_path("dir.pdf")
        os.mkdir(d)  # a directory where the file should go
        rc, stdout, err = self.map("-o", d)
        self.assertEqual(rc, 1)
        self.assertIn("cannot write", err)
        self.assertEqual(os.listdir(os.path.dirname(d)), ["dir.pdf"])  # no temporary left

    def test_compounds_lists_ids(self):
        rc, out, err = cordon("compounds", "--committee", QISHAN, "--db", self.db)
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"\s*\d+  测试花园  \(6 buildings, 113 households, 116 residents")
        rc, out, err = cordon("compounds", "--committee", "310105002", "--json", "--db", self.db)
        self.assertEqual(rc, 0, err)
        self.assertIn('"name":"测试花园"', out)
        rc, out, err = cordon("compounds", "--committee", "310105002999", "--db", self.db)
        self.assertEqual(rc, 1)
        self.assertIn("no unit", err)
        rc, out, err = cordon("compounds", "--committee", "31a", "--db", self.db)
        self.assertEqual(rc, 2)
        rc, out, err = cordon("compounds", "--db", self.db)
        self.assertEqual(rc, 2)


if __name__ == "__main__":
    unittest.main()
