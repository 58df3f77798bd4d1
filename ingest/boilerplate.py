"""Separate a page's text from the web furniture around it, keeping header fields as metadata.

Rules are about the kind of line, never about a particular site: navigation lines (菜单,
进入关怀版, 首页 > …), header fields (索引号: …, 发布机构: …, 【字体: …), footers (附件下载,
分享到, 主办单位, 地址, 邮编, ICP备 …), short bullet lines of page metadata, and lines made only
of symbols. Everything else is body. The function returns spans, so offsets stay those of the
decoded text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADER_KEYS = (
    "索引号", "主题分类", "分类", "发布机构", "发文机关", "发文字号", "文号", "成文日期", "发布日期",
    "有效性", "名称", "标题", "信息来源", "文章来源", "来源", "发布时间", "发表时间", "信息提供日期", "字体",
    "视力保护色", "累计次数", "浏览次数", "浏览量", "阅读量", "阅读次数", "访问量", "点击数", "点击量",
    "责任编辑", "作者", "公开方式", "公开范围", "主题词", "主办单位", "承办单位", "地址", "邮编", "联系电话",
    "网站标识码",
)
_KEY_RE = re.compile("(" + "|".join(sorted(HEADER_KEYS, key=len, reverse=True)) + r")\s*[:：]")
_NAV_LINE = re.compile(
    r"^(菜单|导航|进入关怀版|关怀版|无障碍(浏览)?|长者模式|繁体|简体|English|登录|注册|搜索|返回顶部|返回首页|"
    r"打印(本页)?|关闭(窗口|本页)?|收藏|附件下载|附件[:：]?|分享到[:：]?|扫一扫.*|上一篇.*|下一篇.*|"
    r"相关链接|相关文章|相关阅读|网站地图|联系我们|【?打印】?|【?关闭】?)$"
)
_BREADCRUMB = re.compile(r"(首页|当前位置)\s*[>＞»/]|当前位置\s*[:：]")
_FONT_WIDGET = re.compile(r"【\s*字体|字体\s*[:：]\s*[\[【]|视力保护色")
_FOOTER = re.compile(r"^(主办单位|承办单位|主办|承办|地址|邮编|联系电话|网站标识码)\s*[:：]|^(版权所有|Copyright|©|技术支持)|ICP备|公网安备")
_LINK_LIST = re.compile(r"^(相关链接|友情链接|分享到|扫一扫)\s*[:：]")  # 相关链接：国家卫生健康委员会 | …
_WIDGETS = re.compile(r"^(?:【[^【】]{1,6}】\s*)+$")  # 【大】【中】【小】　【打印】　【关闭】
# Health Commission of Hainan Province: a Chinese page's English banner, not its text
_SITE_NAME_EN = re.compile(r"^[A-Z][A-Za-z'&.,\- ]{5,80}$")
_MENU_SEPARATOR = re.compile(r"\s*[|｜]\s*")
MENU_ITEMS = 3  # 首页 | 机构职能 | 政务公开 | …: a line of at least this many short items is a menu
MENU_ITEM_CHARS = 16
_BULLET = re.compile(r"^[•·▪●◆■]\s*")
_SYMBOLS_ONLY = re.compile(r"^[^\w\u4e00-\u9fff]*[A-Za-z]?[^\w\u4e00-\u9fff]*$")


@dataclass(frozen=True)
class Cleaned:
    """Body line spans (non-blank, in order) and header fields found in dropped lines."""

    body: tuple[tuple[int, int], ...]
    fields: dict = field(default_factory=dict)
    bullets: tuple[str, ...] = ()


def _line_spans(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def parse_fields(line: str) -> dict[str, str]:
    """Key/value pairs of a header line: '来源: 南通市卫计委 发布时间:2018-02-27' → two fields."""
    matches = list(_KEY_RE.finditer(line))
    fields: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = re.split(r"\s{2,}|【|\[", line[m.end():end].strip())[0].strip()
        if value and m.group(1) not in fields:
            fields[m.group(1)] = value
    return fields


def _is_header_line(stripped: str) -> bool:
    keys = _KEY_RE.findall(stripped)
    if not keys:
        return False
    return _KEY_RE.match(stripped) is not None and (len(stripped) <= 80 or len(keys) >= 2) or len(keys) >= 2


def _is_menu(stripped: str) -> bool:
    """Short items between | separators, no sentence among them: a site's menu or footer links
    (联系我们 | 网站地图 | 隐私声明), not a table row (its cells hold numbers)."""
    items = [i for i in _MENU_SEPARATOR.split(stripped) if i]
    return (len(items) >= MENU_ITEMS and all(len(i) <= MENU_ITEM_CHARS for i in items[:-1])
            and not re.search(r"[。；;%]", stripped) and sum(bool(re.search(r"\d", i)) for i in items) <= 1)


def classify_line(stripped: str) -> str:
    """'body', 'header', 'nav', 'footer', 'bullet' or 'blank' for one stripped line."""
    if not stripped:
        return "blank"
    if _NAV_LINE.match(stripped) or _BREADCRUMB.search(stripped) or _FONT_WIDGET.search(stripped) and len(stripped) < 120:
        return "header" if _KEY_RE.search(stripped) else "nav"
    if _FOOTER.search(stripped) and len(stripped) <= 120:
        return "footer"
    if _LINK_LIST.match(stripped) or _WIDGETS.match(stripped) or _is_menu(stripped) or _SITE_NAME_EN.match(stripped):
        return "nav"
    if _is_header_line(stripped):
        return "header"
    if _BULLET.match(stripped) and len(stripped) <= 40 and "。" not in stripped:
        return "bullet"
    if len(stripped) <= 3 and _SYMBOLS_ONLY.match(stripped):
        return "nav"
    return "body"


def strip_boilerplate(text: str) -> Cleaned:
    """Classify every line; keep body lines as spans (leading/trailing spaces excluded)."""
    body: list[tuple[int, int]] = []
    fields: dict[str, str] = {}
    bullets: list[str] = []
    for start, _end, line in _line_spans(text):
        stripped = line.strip()
        kind = classify_line(stripped)
        if kind == "body":
            lead = len(line) - len(line.lstrip())
            body.append((start + lead, start + lead + len(stripped)))
        elif kind in ("header", "footer", "nav"):
            for key, value in parse_fields(stripped).items():
                fields.setdefault(key, value)
        elif kind == "bullet":
            bullets.append(_BULLET.sub("", stripped))
    return Cleaned(tuple(body), fields, tuple(bullets))
