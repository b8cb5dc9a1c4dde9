"""Benchmark: FrontDesk's PDF renderer against a Word-style template converted by LibreOffice.

Measures, on this machine:

* process start-up cost: importing the renderer and registering the embedded font (once per process);
* one filled problem sheet (F01), warm, median of several runs;
* 1,000 filled problem sheets in one batch (one PDF, each with its own number and QR code);
* the office's usual alternative: the same fields in an .odt (written by hand below as an ODF zip) converted
  with ``soffice --headless --convert-to pdf``, for one sheet and for 1,000 sheets in one document.

Run ``.venv/bin/python benchmarks/bench_pdf.py`` (``--skip-libreoffice`` for the renderer only, ``--count N``
to change the batch size, ``--smoke`` for a quick check that it runs). Prints a markdown table; writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DESCRIPTION = (
    "客户反映南山支行的自动取款机每天早上第一笔交易打印空白凭条,重启后恢复正常。已请客户检查纸卷方向,问题依旧。"
    "The customer reports that the ATM prints a blank receipt for the first transaction every morning."
)


def sheet_values(index: int) -> dict[str, object]:
    """A plausible filled problem sheet; the number differs per sheet (and so does its QR code)."""
    day = date(2026, 3, 2) + timedelta(days=index % 28)
    return {
        "number": f"{day:%Y%m%d}-07-{index % 1000:03d}",
        "category": ("technical", "service", "sales", "other")[index % 4],
        "customer_name": f"张三{index}",
        "contact_person": "李四",
        "mobile": "13800138000",
        "office_phone": "0755-88886666",
        "site": "南山支行",
        "address": "深圳市南山区科技园路1号A座12楼",
        "description": DESCRIPTION,
        "intake_by": "王五",
        "intake_date": day,
        "handed_to_department": "技术支持部",
        "handed_to_person": "赵六",
        "handed_over_at": datetime.combine(day, datetime.min.time()) + timedelta(hours=10, minutes=5),
        "plan": "更换打印头并检查固件版本。",
        "plan_by": "赵六",
        "plan_date": day,
        "status": "in_progress",
    }


def bench_renderer(count: int) -> list[tuple[str, float, str]]:
    """Time the reportlab renderer; returns (what, seconds, note) rows."""
    start = time.perf_counter()
    from desktop.formspec.loader import load_form
    from desktop.pdf import OfficeHeader, render_batch, render_form
    from desktop.pdf.fonts import register_fonts

    register_fonts()
    startup = time.perf_counter() - start

    form = load_form("problem_sheet")
    office = OfficeHeader("阳光花园物业服务中心", address="深圳市南山区科技园路1号", phone="0755-1234 5678")
    start = time.perf_counter()
    first = render_form(form, sheet_values(0), lang="zh_CN", office=office)
    first_time = time.perf_counter() - start
    runs = []
    for index in range(20):
        start = time.perf_counter()
        render_form(form, sheet_values(index), lang="zh_CN", office=office)
        runs.append(time.perf_counter() - start)

    records = [sheet_values(index) for index in range(count)]
    start = time.perf_counter()
    batch = render_batch(form, records, lang="zh_CN", office=office)
    batch_time = time.perf_counter() - start
    return [
        ("FrontDesk: import + font registration (once per process)", startup, ""),
        ("FrontDesk: first sheet in a process", first_time, f"{len(first) / 1024:.0f} KB"),
        (
            "FrontDesk: one filled sheet (warm, median of 20)",
            statistics.median(runs),
            f"{len(first) / 1024:.0f} KB",
        ),
        (f"FrontDesk: {count:,} sheets in one PDF", batch_time, f"{len(batch) / 1024 / 1024:.1f} MB"),
    ]


# -- the LibreOffice baseline ----------------------------------------------------------------------------------

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
_STYLES = """<office:automatic-styles>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>
<style:text-properties fo:font-size="16pt" fo:font-weight="bold" style:font-name-asian="WenQuanYi Micro Hei"
 style:font-size-asian="16pt"/></style:style>
<style:style style:name="TitleBreak" style:family="paragraph" style:parent-style-name="Title">
<style:paragraph-properties fo:break-before="page" fo:text-align="center"/></style:style>
<style:style style:name="Box" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"
 fo:padding="0.1cm"/></style:style>
<style:style style:name="Tall" style:family="table-row"><style:table-row-properties style:min-row-height="4.5cm"/>
</style:style>
</office:automatic-styles>"""


def _cell(text: str, span: int = 1) -> str:
    spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    covered = "<table:covered-table-cell/>" * (span - 1)
    return f'<table:table-cell table:style-name="Box"{spanned}><text:p>{escape(text)}</text:p></table:table-cell>{covered}'


def _odt_sheet(index: int, values: dict[str, object]) -> str:
    """One problem sheet as an ODF table with the same boxes as forms/problem_sheet.toml."""
    pairs = [
        ("表单号", values["number"], "用户问题类别", "□技术质量 ☑服务 □销售 □其它"),
        ("客户姓名", values["customer_name"], "联系人", values["contact_person"]),
        ("联系电话(MP)", values["mobile"], "联系电话(O)", values["office_phone"]),
        ("转交部门", values["handed_to_department"], "转交处理人", values["handed_to_person"]),
    ]
    rows = ["".join(_cell(str(text)) for text in pair) for pair in pairs]
    rows.insert(3, _cell("客户所在网点") + _cell(str(values["site"]), 3))
    rows.insert(4, _cell("通讯地址") + _cell(str(values["address"]), 3))
    tall = [
        ("用户事件描述", f"{values['description']}\n咨询工程师或其它人员:王五  日期:2026年3月2日"),
        ("处理方案", f"{values['plan']}\n拟案人:赵六  日期:2026年3月2日"),
        ("处理结果", "处理人:____  日期:____年__月__日"),
        ("审核栏", "审核人:____  日期:____年__月__日"),
    ]
    body = "".join(f"<table:table-row>{row}</table:table-row>" for row in rows)
    body += "".join(
        f'<table:table-row table:style-name="Tall">{_cell(label)}{_cell(text, 3)}</table:table-row>'
        for label, text in tall
    )
    title_style = "TitleBreak" if index else "Title"
    return (
        f'<text:p text:style-name="{title_style}">800客户问题处理表</text:p>'
        f'<table:table table:name="Sheet{index}"><table:table-column table:number-columns-repeated="4"/>'
        f"{body}</table:table>"
    )


def write_odt(path: Path, count: int) -> None:
    """An .odt with ``count`` problem sheets, one per page: the "Word template" an office would fill."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS} office:version="1.2">{_STYLES}'
        "<office:body><office:text>"
        + "".join(_odt_sheet(index, sheet_values(index)) for index in range(count))
        + "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored, first
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def _convert(soffice: str, odt: Path, workdir: Path) -> tuple[float, Path]:
    profile = (workdir / "lo-profile").as_uri()
    start = time.perf_counter()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(odt),
        ],
        check=True,
        capture_output=True,
        env={"HOME": str(workdir), "PATH": "/usr/bin:/bin"},
        timeout=3600,
    )
    pdf = workdir / (odt.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no {pdf.name}")
    return time.perf_counter() - start, pdf


def bench_libreoffice(count: int, workdir: Path) -> list[tuple[str, float, str]]:
    """Time ``soffice --convert-to pdf``; each conversion is a fresh process, as a script would run it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return []
    # Give LibreOffice the same Chinese font, through a private fontconfig home.
    fonts = workdir / ".local" / "share" / "fonts"
    fonts.mkdir(parents=True)
    from desktop import paths

    shutil.copy(paths.font_path(), fonts)
    one = workdir / "one.odt"
    write_odt(one, 1)
    _convert(soffice, one, workdir)  # first run creates the profile: not timed
    runs = [_convert(soffice, one, workdir)[0] for _ in range(3)]
    many = workdir / "many.odt"
    write_odt(many, count)
    many_time, many_pdf = _convert(soffice, many, workdir)
    return [
        ("LibreOffice: one sheet (.odt → PDF, median of 3)", statistics.median(runs), ""),
        (
            f"LibreOffice: {count:,} sheets in one .odt → one PDF",
            many_time,
            f"{many_pdf.stat().st_size / 1024 / 1024:.1f} MB",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="sheets in the batch (default 1000)")
    parser.add_argument("--skip-libreoffice", action="store_true", help="time the renderer only")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes, to check the benchmark still runs (the test suite does this)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.count, args.skip_libreoffice = 3, True
    rows = bench_renderer(args.count)
    if not args.skip_libreoffice:
        with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
            lo_rows = bench_libreoffice(args.count, Path(folder))
        if not lo_rows:
            print(
                "(LibreOffice not installed: apt-get install -y --no-install-recommends libreoffice-writer-nogui)\n"
            )
        rows += lo_rows
    print("| what | time | per sheet | output |")
    print("|---|---:|---:|---:|")
    for what, seconds, note in rows:
        sheets = args.count if f"{args.count:,} sheets" in what else 1
        per_sheet = f"{seconds / sheets * 1000:.1f} ms" if "sheet" in what else ""
        print(f"| {what} | {seconds:.3f} s | {per_sheet} | {note} |")


if __name__ == "__main__":
    main()
