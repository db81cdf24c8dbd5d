#!/usr/bin/python3
"""Workbooks as committees send them, written by a different writer than
ours: Debian's python3-openpyxl (run with /usr/bin/python3, the Debian
Python that sees Debian's packages). One workbook per quirk the importers
must handle (issue 18); test_import_xlsx.py calls this script and reads
the workbooks back through the API and the command line.

Usage: /usr/bin/python3 xlsx_make.py OUTDIR KIND [ARGS]
  KIND residents | staff | enterprises: every quirk workbook into OUTDIR
  KIND xls: an old Excel 97-2003 workbook (python3-xlwt) with the same quirks
  KIND big N CSV: the residents of CSV (made by `cordon gen residents`) as
      OUTDIR/big.xlsx in write-only mode (the benchmark)
Exits 3 with a message when openpyxl is missing, so a test fails."""
import csv
import datetime
import os
import re
import sys
import zipfile

try:
    import openpyxl
    from openpyxl.styles import Alignment
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
except ImportError:
    sys.stderr.write("xlsx_make: python3-openpyxl is missing (apt-get install python3-openpyxl; "
                     "run with /usr/bin/python3)\n")
    sys.exit(3)

RES_HEADER = ["小区", "楼号", "单元", "室号", "姓名", "身份证号", "手机号", "在沪情况",
              "返沪日期", "来源地", "隔离情况", "隔离开始日期", "隔离结束日期", "健康状况"]
TITLE = "岐山居委会居民情况登记表"


def id_number(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[s % 11]


def titled(ws, title, width):
    """A merged title row, a date line in one cell, a blank row: the
    header comes on row 4, as in real registers."""
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["填表日期：2020年3月10日"])
    ws.append([])


def trailing_empty_rows(ws, first, n, width):
    """Formatted but empty cells below the data, as Excel leaves them."""
    for r in range(first, first + n):
        for c in range(1, width + 1):
            ws.cell(row=r, column=c).number_format = "@"


def residents(out):
    # quirks: title, blank rows, ID as text, phone as a number, dates as
    # serials (date format) and as text, spaces, full-width digits, an
    # instructions sheet first, trailing empty rows.
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes.append(["请在“登记表”中填写，身份证号列请设为文本"])
    ws = wb.create_sheet("登记表")
    titled(ws, TITLE, len(RES_HEADER))
    ws.append(RES_HEADER)  # row 4
    ws.append(["岐山村", "12号", 1, 601, "  张三  ", id_number("31010519810101001"),
               13812345678, "一直在沪", None, None, "无", None, None, "正常"])
    ws.append(["岐山村", "12号", 1, 601, "李四", id_number("31010519860505002"),
               "１３９１２３４５６７８", "近期返沪", datetime.date(2020, 3, 1), "湖北武汉",
               "居家隔离", datetime.date(2020, 3, 1), None, "正常"])
    ws.append(["岐山村", "12号", 2, 302, "王五", " " + id_number("31010519910909003") + " ",
               None, "境外返沪", "2020年3月5日", "意大利", None, None, None, "正常"])
    trailing_empty_rows(ws, 10, 20, len(RES_HEADER))
    wb.save(os.path.join(out, "res_quirks.xlsx"))

    # An ID number Excel turned into a number (precision lost) on row 6.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记表"
    titled(ws, TITLE, len(RES_HEADER))
    ws.append(RES_HEADER)
    ws.append(["岐山村", "12号", 1, 601, "赵六", id_number("31010519800101004"),
               13812345670, "一直在沪", None, None, "无", None, None, "正常"])
    ws.append(["岐山村", "12号", 1, 602, "钱七", 310105198001010050,
               13812345671, "一直在沪", None, None, "无", None, None, "正常"])
    wb.save(os.path.join(out, "res_idnumber.xlsx"))

    # Two sheets that both have the header: the first is read, unless named.
    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "一月"
    a.append(RES_HEADER)
    a.append(["岐山村", "14号", 1, 101, "周一", id_number("31010519700101006"), 13800000001,
              "一直在沪", None, None, "无", None, None, "正常"])
    b = wb.create_sheet("二月")
    b.append(RES_HEADER)
    b.append(["岐山村", "14号", 1, 102, "吴二", id_number("31010519700101007"), 13800000002,
              "一直在沪", None, None, "无", None, None, "正常"])
    wb.save(os.path.join(out, "res_sheets.xlsx"))

    # The 1904 date system (old Mac Excel): the same day must come out.
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(RES_HEADER)
    ws.append(["岐山村", "15号", 1, 101, "郑三", id_number("31010519750303008"), 13800000003,
               "近期返沪", datetime.date(2020, 3, 2), "湖北武汉", None, None, None, "正常"])
    wb.save(os.path.join(out, "res_1904.xlsx"))

    # openpyxl writes inline strings (<c t="inlineStr">); Excel and WPS
    # write a shared string table: the same sheet both ways.
    quirks = os.path.join(out, "res_quirks.xlsx")
    shared_strings(quirks, os.path.join(out, "res_shared.xlsx"))


def shared_strings(src, dst):
    """Rewrites every inline-string cell of src into a shared string table,
    with a phonetic run (<rPh>, not part of the text) on each, as Excel
    writes for Chinese."""
    with zipfile.ZipFile(src) as z:
        names = z.namelist()
        files = {n: z.read(n) for n in names}
    table = []

    def repl(m):
        table.append(m.group(2))
        return b"<c" + m.group(1).replace(b't="inlineStr"', b't="s"') + \
            b"><v>%d</v></c>" % (len(table) - 1)

    for n in names:
        if n.startswith("xl/worksheets/"):
            files[n] = re.sub(rb'<c([^>]*t="inlineStr"[^>]*)><is>(.*?)</is></c>', repl, files[n])
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" ' \
        b'uniqueCount="%d">' % (len(table), len(table))
    for t in table:
        sst += b"<si>" + t + b'<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>'
    sst += b"</sst>"
    files["xl/sharedStrings.xml"] = sst
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    files["xl/_rels/workbook.xml.rels"] = files["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
        b'Id="rIdSst"/></Relationships>')
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names + ["xl/sharedStrings.xml"]:
            z.writestr(n, files[n])


def staff(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "下沉干部"
    titled(ws, "长宁区下沉干部名单", 5)
    ws.append(["姓名", "手机号", "派出单位", "批次", "技能"])  # row 4
    ws.append(["表一", 13900139001, "市卫健委", "第一批", "驾驶"])
    ws.append(["表二", "１３９００１３９００２", "长宁区政府办", 2, ""])
    trailing_empty_rows(ws, 8, 10, 5)
    wb.save(os.path.join(out, "staff.xlsx"))
    ws.cell(row=6, column=2).value = 1390013900  # ten digits: bad, row 6
    wb.save(os.path.join(out, "staff_bad.xlsx"))


def enterprises(out, codes):
    header = ["企业名称", "统一社会信用代码", "行业", "员工数", "年产值(万元)", "所在园区",
              "所在楼宇", "联系人", "联系电话"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业名录"
    titled(ws, "岐山街道复工企业名录", len(header))
    ws.append(header)  # row 4
    ws.append(["表格电子有限公司", codes[0], "电子", 120, 3000, "", "", "张三", 13800138000])
    ws.append(["  表格物流有限公司 ", codes[1], "物流", 35, 800.5, "", "", "李四", 13800138001])
    trailing_empty_rows(ws, 8, 10, len(header))
    wb.save(os.path.join(out, "ent.xlsx"))
    ws.cell(row=6, column=4).value = "很多"  # staff not a number: row 6, column 4
    wb.save(os.path.join(out, "ent_bad.xlsx"))


def xls(out):
    """The quirks of res_quirks.xlsx in the old format, by python3-xlwt."""
    try:
        import xlwt
    except ImportError:
        sys.stderr.write("xlsx_make: python3-xlwt is missing (apt-get install python3-xlwt)\n")
        sys.exit(3)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("登记表", cell_overwrite_ok=True)
    ws.write_merge(0, 0, 0, len(RES_HEADER) - 1, TITLE)
    for c, h in enumerate(RES_HEADER):
        ws.write(2, c, h)  # row 3, after a blank row
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    rows = [["岐山村", "16号", 1, 101, " 冯五 ", id_number("31010519820202009"), 13812340001,
             "近期返沪", datetime.date(2020, 3, 1), "湖北武汉", None, None, None, "正常"],
            ["岐山村", "16号", 1, 102, "陈六", 310105198202020100, 13812340002,
             "一直在沪", None, None, None, None, None, "正常"]]
    for r, row in enumerate(rows, start=3):
        for c, v in enumerate(row):
            if isinstance(v, datetime.date):
                ws.write(r, c, v, day)
            elif v is not None:
                ws.write(r, c, v)
    wb.save(os.path.join(out, "res_bad.xls"))
    ws.write(4, 5, id_number("31010519820202010"))  # row 5 right: a good workbook
    wb.save(os.path.join(out, "res.xls"))


def big(out, src):
    """The CSV's rows as a write-only (streamed) workbook."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("登记表")
    with open(src, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            ws.append(row)
    wb.save(os.path.join(out, "big.xlsx"))


def main():
    out, kind = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    if kind == "residents":
        residents(out)
    elif kind == "staff":
        staff(out)
    elif kind == "enterprises":
        enterprises(out, sys.argv[3:5])
    elif kind == "xls":
        xls(out)
    elif kind == "big":
        big(out, sys.argv[3])
    else:
        sys.exit("xlsx_make: unknown kind " + kind)


if __name__ == "__main__":
    main()
