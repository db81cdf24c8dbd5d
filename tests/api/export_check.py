"""What an export of residents must hold in its personal columns, computed
here from the fixture sheets and the documented rules -- never by calling
the code under test -- and the exported files read back with real parsers
(csv for CSV, xlsx_read for .xlsx), shared by test_api_files.py and
test_register.py.

The masking rules are those of src/core/mask.h's comments and docs/api.md:
a name keeps its first character (every other one, spaces too, becomes
'*'; a one-character name is all '*'); a document number of 15 or more
characters keeps the first 3 and last 4, of 3 to 14 the first and last;
a phone of 11 or more keeps the first 3 and last 4, of 3 to 10 the first
and last; shorter ones are all '*'. A masked export leaves sex and birth
date empty; an unmasked one gives them as a mainland ID number encodes them
(GB 11643: digits 7-14 the birth date, digit 17 odd for a man), and leaves
them empty for other documents."""
import csv
import io

from xlsx_read import read_rows

# The personal columns of an export, by header.
PERSONAL = ("姓名", "证件号码", "性别", "出生日期", "手机号")


def _keep(s, head, tail):
    return s[:head] + "*" * (len(s) - head - tail) + (s[len(s) - tail:] if tail else "")


def mask_name(s):
    return _keep(s, 1, 0) if len(s) > 1 else "*" * len(s)


def mask_doc(s):
    if len(s) >= 15:
        return _keep(s, 3, 4)
    return _keep(s, 1, 1) if len(s) >= 3 else "*" * len(s)


def mask_phone(s):
    if len(s) >= 11:
        return _keep(s, 3, 4)
    return _keep(s, 1, 1) if len(s) >= 3 else "*" * len(s)


def is_mainland_id(doc):
    return len(doc) == 18 and doc[:17].isdigit()


def expected_row(person, masked):
    """The personal columns (PERSONAL order) of a fixture row (a dict with
    姓名, 身份证号, 手机号 and optionally 证件类型)."""
    name, doc, phone = person["姓名"], person["身份证号"], person["手机号"]
    if masked:
        return (mask_name(name), mask_doc(doc), "", "", mask_phone(phone))
    sex = birth = ""
    if is_mainland_id(doc) and person.get("证件类型", "居民身份证") == "居民身份证":
        sex = "男" if int(doc[16]) % 2 else "女"
        birth = f"{doc[6:10]}-{doc[10:12]}-{doc[12:14]}"
    return (name, doc, sex, birth, phone)


def read_fixture(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def parse_csv(data):
    """Rows of an exported CSV (bytes, UTF-8 with BOM) as dicts by header."""
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV has no BOM (Excel would garble it)"
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def parse_xlsx(data):
    """Rows of an exported .xlsx (bytes) as dicts by header."""
    rows = read_rows(data)
    header = rows[0]
    return [dict(zip(header, r + [""] * (len(header) - len(r)))) for r in rows[1:]]


def personal(rows):
    """The sorted personal columns of parsed rows."""
    return sorted(tuple(r[h] for h in PERSONAL) for r in rows)
