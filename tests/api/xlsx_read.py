"""Reads the cells of an .xlsx with the standard library alone (zipfile and
xml.etree), so the tests check what Excel would show rather than search the
raw XML: the first worksheet's rows as lists of text, with shared strings
(xl/sharedStrings.xml), inline strings (<is>) and plain values, each cell
placed by its reference (A1, T7) so an empty cell left out of the XML stays
an empty string in its column."""
import io
import re
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _text(el):
    """The text of a string item: <t> directly, or the runs <r><t> of rich text."""
    return "".join(t.text or "" for t in el.iter("{%s}t" % NS["m"]))


def _column(ref):
    """0-based column of a reference such as 'AB12'."""
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def read_rows(data, sheet="xl/worksheets/sheet1.xml"):
    """Rows of the sheet in `data` (the bytes of an .xlsx) as lists of str."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = [_text(si) for si in root.findall("m:si", NS)]
        root = ET.fromstring(z.read(sheet))
    rows = []
    for row in root.find("m:sheetData", NS).findall("m:row", NS):
        cells = {}
        for i, c in enumerate(row.findall("m:c", NS)):
            col = _column(c.get("r")) if c.get("r") else i
            kind = c.get("t")
            if kind == "inlineStr":
                value = _text(c.find("m:is", NS))
            else:
                v = c.find("m:v", NS)
                value = v.text or "" if v is not None else ""
                if kind == "s":
                    value = shared[int(value)]
            cells[col] = value
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, "") for i in range(width)])
    return rows
