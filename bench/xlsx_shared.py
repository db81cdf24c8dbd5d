"""Rewrites a workbook of inline strings (libxlsxwriter's constant-memory
mode, build/bench/bench_csv2xlsx) as Excel and WPS write it: one shared
string table, each distinct text once, cells <c r="A2" t="s"><v>17</v></c>.
Streamed (the sheet read and written in pieces), for bench/xlsx_import.sh
with XLSX_WRITER=shared; not timed.
Usage: python3 bench/xlsx_shared.py IN.xlsx OUT.xlsx"""
import re
import sys
import zipfile

CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>')
SHEET = "xl/worksheets/sheet1.xml"
PIECE = 16 << 20


def main(src, dst):
    table = {}

    def shared(m):
        i = table.setdefault(m.group(2), len(table))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (m.group(1), i)

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = None if info.filename == SHEET else zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                    b'+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>')
            if data is not None:
                zout.writestr(info.filename, data)
                continue
            with zin.open(SHEET) as fin, zout.open(SHEET, "w", force_zip64=True) as fout:
                rest = b""
                while True:
                    piece = fin.read(PIECE)
                    buf = rest + piece
                    cut = buf.rfind(b"</row>") + 6 if piece else len(buf)
                    if cut < 6 and piece:
                        rest = buf
                        continue
                    fout.write(CELL.sub(shared, buf[:cut]))
                    rest = buf[cut:]
                    if not piece:
                        break
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
                    b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
                    b'uniqueCount="%d">' % (len(table), len(table)))
            for text in table:  # in index order (dicts keep insertion order)
                f.write(b"<si><t>" + text + b"</t></si>")
            f.write(b"</sst>")
    print(f"{len(table)} shared strings", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
