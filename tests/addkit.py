"""Test material for ``solieu add``: news-like web pages, PDFs and Word files written here, and a
local HTTP server (127.0.0.1 only) that serves them with the behaviours a real site can have.

Every sentence is written for these tests. Page furniture (menus, related links, hotlines, view
counters, comments, footers, running headers, page numbers) is full of numbers on purpose: none of
them may become a figure."""

from __future__ import annotations

import html
import http.server
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# -- an article and its furniture --------------------------------------------------------------

TITLE = "Lâm Đồng: sơ kết 6 tháng chuyển đổi số và Đề án 06"
PARAGRAPHS = [
    "Sáng 12/7, UBND tỉnh Lâm Đồng tổ chức hội nghị sơ kết công tác chuyển đổi số và triển khai "
    "Đề án 06 trong 6 tháng đầu năm 2023, với sự tham dự của lãnh đạo các sở, ngành và huyện.",
    "Theo báo cáo, toàn tỉnh đã cấp hơn 1,1 triệu thẻ căn cước công dân gắn chíp và kích hoạt "
    "khoảng 420 nghìn tài khoản định danh điện tử mức độ 2.",
    "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt 46,5%, tăng 12,3% so với cùng kỳ; "
    "tỉnh xếp thứ 18/63 về chỉ số chuyển đổi số cấp tỉnh.",
    "Năm 2023, tỉnh phấn đấu 80% hồ sơ được nộp trực tuyến và 100% cơ quan nhà nước "
    "dùng chữ ký số.",
]
TABLE = [
    ["Chỉ tiêu", "Kế hoạch", "Thực hiện"],
    ["Hồ sơ trực tuyến", "50%", "46,5%"],
    ["Tài khoản định danh", "500 nghìn", "420 nghìn"],
]
TABLE_ROWS = [" | ".join(r) for r in TABLE]
# page furniture of news_page and make_pdf: none of it may reach an added report's text
FURNITURE_PHRASES = [
    "Đường dây nóng",
    "Lượt xem",
    "Tin liên quan",
    "4.815 điểm phát wifi",
    "Bình luận",
    "1.234 lần",
    "98,7%",
    "129/GP-BTTTT",
    "215/BC-UBND",
]
# numbers of the page furniture: none may appear among the figures of an added report
FURNITURE_NUMBERS = [
    "98,7",
    "0263 3822 115",
    "15.372",
    "27",
    "4.815",
    "36",
    "129/GP-BTTTT",
    "1.234",
]


def news_page(
    title: str = TITLE,
    paragraphs: list[str] = PARAGRAPHS,
    *,
    table: list[list[str]] | None = TABLE,
    site: str = "Báo Thử Nghiệm Cao Nguyên",
    published: str | None = "2023-07-12T09:30:00+07:00",
    charset: str = "utf-8",
    h1: bool = True,
) -> str:
    """A news article page with everything around an article that a Vietnamese site has."""
    esc = html.escape
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    if table:
        head, *rows = table
        cells = "".join(f"<th>{esc(c)}</th>" for c in head)
        trs = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
        body += f"\n<table><thead><tr>{cells}</tr></thead><tbody>{trs}</tbody></table>"
    heading = f"<h1 class='title'>{esc(title)}</h1>" if h1 else ""
    date_meta = (
        f'<meta property="article:published_time" content="{published}">' if published else ""
    )
    when = f'<time datetime="{published}">12/07/2023</time>' if published else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head>
<meta charset="{charset}">
<title>{esc(title)} | {esc(site)}</title>
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="{esc(site)}">
{date_meta}
</head><body>
<header>
  <div class="hotline">Đường dây nóng: 0263 3822 115 - Thời tiết Đà Lạt 18°C</div>
  <nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
  <li><a href="/kinh-te">Kinh tế</a></li><li><a href="/video">Video 24h</a></li>
  <li><a href="/chuyen-doi-so">Chuyển đổi số</a></li></ul></nav>
  <div class="ticker">Tin nóng: Giá cà phê tăng 98,7% trong tuần</div>
</header>
<main>
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/chuyen-doi-so">Chuyển đổi số</a></div>
<article class="detail">
{heading}
<div class="meta"><span class="author">Minh Khôi</span> {when}
<span class="views">Lượt xem: 15.372</span></div>
<div class="share">Chia sẻ <a href="#">Facebook</a> <a href="#">Zalo</a> (27)</div>
<div class="content">
{body}
</div>
<div class="tags">Từ khóa: <a href="/tag/1">chuyển đổi số</a> <a href="/tag/2">Đề án 06</a></div>
</article>
<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a1">Bình Phước có 4.815 điểm phát wifi miễn phí</a></li>
<li><a href="/a2">36 xã hoàn thành nông thôn mới kiểu mẫu năm nay</a></li>
</ul></aside>
<section class="comments"><h3>Bình luận (3)</h3>
<div class="comment"><b>Bạn đọc Hùng</b>: Xã tôi mới có 27% người dùng ứng dụng.</div>
<div class="comment"><b>Lan</b>: Cảm ơn bài viết hay, tôi đã dùng được 1.234 lần.</div>
<form><textarea></textarea><button>Gửi bình luận</button></form>
</section>
</main>
<footer><p>Cơ quan chủ quản: Sở Thông tin tỉnh. Giấy phép số 129/GP-BTTTT.</p>
<p>Địa chỉ: 38 đường Trần Phú, Đà Lạt. Điện thoại 0263 3822 115.</p>
<p>© 2023 Báo Thử Nghiệm Cao Nguyên</p></footer>
</body></html>
"""


# -- PDF and Word files ------------------------------------------------------------------------


def _font(style: str = "") -> str:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if style == "B" else "DejaVuSans.ttf"
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


def make_pdf(
    paragraphs: list[str],
    *,
    title: str | None = None,
    table: list[list[str]] | None = None,
    table_after: int = 1,
    header: str = "UBND TỈNH LÂM ĐỒNG - Báo cáo số 215/BC-UBND",
    page_numbers: str = "Trang {n}/{total}",
    encrypt: bool = False,
) -> bytes:
    """A report PDF: running header, page numbers ('Trang 2/5'), paragraphs with space between
    them, and optionally a ruled table after paragraph ``table_after``."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("dv", size=8)
            self.cell(0, 6, header, align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("dv", size=8)
            self.cell(0, 6, page_numbers.format(n=self.page_no(), total="{nb}"), align="C")

    pdf = Report(format="A4")
    pdf.add_font("dv", fname=_font())
    pdf.add_font("dv", style="B", fname=_font("B"))
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 15, 20)
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="reader")
    pdf.add_page()
    pdf.set_font("dv", size=11)
    if title:
        pdf.set_font("dv", size=14)
        pdf.multi_cell(0, 7, title)
        pdf.ln(4)
        pdf.set_font("dv", size=11)
    for i, para in enumerate(paragraphs):
        pdf.multi_cell(0, 5.5, para)
        pdf.ln(3)
        if table and i + 1 == table_after:
            with pdf.table(text_align="LEFT") as t:
                for row in table:
                    r = t.row()
                    for cell in row:
                        r.cell(cell)
            pdf.ln(3)
    return bytes(pdf.output())


def make_scanned_pdf() -> bytes:
    """A page with drawings only, as a scan without OCR looks to a text extractor."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for i in range(12):
        pdf.rect(20, 20 + i * 18, 170, 10, style="F")
    return bytes(pdf.output())


def make_docx(
    paragraphs: list[str],
    *,
    title: str | None = None,
    table: list[list[str]] | None = None,
    table_after: int = 1,
    header: str = "UBND TỈNH LÂM ĐỒNG - Báo cáo số 215/BC-UBND",
    footer: str = "Trang 1/3",
) -> bytes:
    import docx

    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    if title:
        d.add_heading(title, level=1)
        d.core_properties.title = title
    for i, para in enumerate(paragraphs):
        d.add_paragraph(para)
        if table and i + 1 == table_after:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# -- a local web server ------------------------------------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    stream: int = 0  # send this many bytes in chunks, without Content-Length


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    hits: dict[str, int]
    agents: list[str]

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    """Serve ``routes`` on 127.0.0.1 (a free port) in a thread for the duration of the block."""
    hits: dict[str, int] = {}
    agents: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            hits[self.path] = hits.get(self.path, 0) + 1
            agents.append(self.headers.get("User-Agent", ""))
            route = routes.get(self.path)
            if route is None:
                route = Route("<html><body>Không tìm thấy trang</body></html>".encode(), status=404)
            if route.delay:
                time.sleep(route.delay)
            try:
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if route.stream:
                    self.end_headers()
                    chunk = b"<p>" + b"x" * 8192 + b"</p>"
                    sent = 0
                    while sent < route.stream:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, hits, agents)
    finally:
        httpd.shutdown()
        httpd.server_close()


def html_route(page: str, charset: str = "utf-8", content_type: str = "text/html") -> Route:
    ctype = f"{content_type}; charset={charset}" if charset else content_type
    return Route(page.encode(charset or "utf-8"), headers={"Content-Type": ctype})


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """``text`` in windows-1258 as Vietnamese sites wrote it: letters with their circumflex,
    breve or horn precomposed where the code page has them, tones as combining marks after."""
    import unicodedata

    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
            tones = "".join(c for c in nfd if c in _TONES)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def project(tmp: Path) -> Path:
    """An empty project root with the register's header only."""
    raw = tmp / "data" / "raw"
    (raw / "reports").mkdir(parents=True)
    from solieu.add import REGISTER_COLUMNS

    (raw / "reports.csv").write_text(",".join(REGISTER_COLUMNS) + "\r\n", encoding="utf-8")
    return tmp
