"""What a report says about itself: when it was published or signed, who compiled it, where it can be
read, whom to ask (telephone, e-mail) — read from its text as printed, each with where it stands, so
the answer quotes the report rather than guessing a date or a number.

    >>> text = "发布日期：2020-01-31\\n本报告由区政府办公室编制。如有疑问请联系（电话：0517-83605210，邮箱：hz@126.com）。\\n2026年1月23日"
    >>> [(d.kind, d.value) for d in details(text)]
    [('published', '2020-01-31'), ('compiled', '区政府办公室'), ('phone', '0517-83605210'), ('email', 'hz@126.com'), ('signed', '2026年1月23日')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Answer, Citation
from .understand import Query

_DATE = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_PATTERNS = (
    ("published", re.compile(rf"(?:发布|公开|印发|成文)(?:时间|日期)\s*[:：]\s*({_DATE})")),
    ("compiled", re.compile(r"由([^，。；、\n（(]{2,30}?)(?:根据[^，。]{0,80}?)?(?:负责)?(?:编制|编写|起草)")),
    (
        "phone",
        re.compile(r"(?:电话|联系电话|咨询电话|联系方式)(?:/传真)?\s*[:：为是]?\s*((?:0\d{2,3}\s*[-－—]\s*)?\d{7,8})"),
    ),
    ("email", re.compile(r"([\w.\-]+@[\w\-]+(?:\.[\w\-]+)+)")),
    ("postcode", re.compile(r"(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})(?!\d)")),
    ("address", re.compile(r"(?:通讯地址|办公地址|联系地址|地址)\s*[:：]\s*([^，,。；;\n)）]{4,40})")),
    (
        "web",
        re.compile(
            r"(https?://[\w.\-/]+[\w/]|www\.[\w\-]+(?:\.[\w\-]+)+(?:/[\w.\-/]*)?|(?<![\w.@])[\w\-]+(?:\.[\w\-]+)*\.gov\.cn)"
        ),
    ),
)
# a date on a line of its own near the end: the report's signature (落款)
_SIGNED = re.compile(rf"^\s*[（(]?\s*({_DATE})\s*[)）]?\s*$", re.MULTILINE)

LABELS = {
    "published": "发布时间",
    "signed": "落款日期",
    "compiled": "编制单位",
    "phone": "联系电话",
    "email": "电子邮箱",
    "web": "网址",
    "postcode": "邮编",
    "address": "地址",
}

# what a question asks of the report itself
ASKED = {
    "published": re.compile(
        r"哪天|哪一天|什么时候|啥时候|几号|几月几|日期|发布时间|公开时间|落款|when\b|what date|published|publication",
        re.IGNORECASE,
    ),
    "compiled": re.compile(r"谁编|哪个单位编|编制(?:单位|的|者)|谁写的|who (?:compiled|wrote|prepared)|compiled", re.I),
    "phone": re.compile(r"电话|phone|telephone", re.IGNORECASE),
    "email": re.compile(r"邮箱|电子邮件|e-?mail", re.IGNORECASE),
    "web": re.compile(r"网址|哪个网站|什么网站|网站上?.{0,4}下|在哪.{0,6}下|下载地址|链接|website|download|url", re.I),
    "postcode": re.compile(r"邮编|邮政编码|post ?code|postal code|zip", re.IGNORECASE),
    "address": re.compile(r"(?<![网下])地址|在哪办公|address", re.IGNORECASE),
}
ASKS_DETAIL = re.compile(
    r"电话(?:是|号码|多少)|联系电话|留的电话|咨询电话|什么电话|phone number|邮箱|e-?mail|网址|哪个网站|什么网站|下载|能下|"
    r"邮编|邮政编码|(?<![网下])地址(?:是|在)|通讯地址|办公地址|postcode|postal code|"
    r"(?:哪天|哪一天|什么时候|啥时候|几号)(?:发|公开|发布|出|挂)|发布(?:时间|日期)|落款|谁编|编制(?:单位|的)|"
    r"compiled|published|publication date",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Detail:
    kind: str
    value: str
    start: int
    end: int


def details(text: str) -> list[Detail]:
    """Every detail of the kinds above the text prints, the first of each value, in print order (read
    across the print's line breaks: "规定编\n制", "电\n子邮箱")."""
    out: list[Detail] = []
    kept = [i for i, ch in enumerate(text) if ch != "\n"]
    joined = "".join(text[i] for i in kept)
    for kind, pat in _PATTERNS:
        for m in pat.finditer(joined):
            value = re.sub(r"\s+", "", m.group(1))
            if kind == "web" and "@" in joined[max(0, m.start(1) - 1) : m.start(1)]:
                continue  # the domain of an e-mail address
            if all(d.value != value for d in out):
                out.append(Detail(kind, value, kept[m.start(1)], kept[m.end(1) - 1] + 1))
    tail = len(text) * 3 // 4
    for m in _SIGNED.finditer(text, tail):
        value = re.sub(r"\s+", "", m.group(1))
        if all(d.value != value for d in out):
            out.append(Detail("signed", value, m.start(1), m.end(1)))
    return sorted(out, key=lambda d: d.start)


def asked_kinds(question: str) -> list[str]:
    return [k for k, pat in ASKED.items() if pat.search(question)]


def details_answer(bot, q: Query) -> Answer | None:
    """The details the question asks for, report by report, each quoted where it stands; when several
    reports are asked about, whether they give the same ("联系电话…这三年一样吗")."""
    reports = sorted(bot.targets(q), key=lambda r: (r.get("body") or "", r.get("year") or 0))[:8]
    kinds = asked_kinds(q.question)
    if not reports or not kinds:
        return None
    lines: list[str] = []
    citations: list[Citation] = []
    seen: dict[str, list[str]] = {}
    for r in reports:
        text = bot.lib.facts.report_text(r["id"])
        found = details(text)
        said = []
        for kind in kinds:
            wanted = ("published", "signed") if kind == "published" else (kind,)
            hits = [d for d in found if d.kind in wanted]
            if not hits:
                said.append(f"{LABELS[kind]}：年报没有写（未印出，不作推测）")
                continue
            values = []
            for d in hits[:3]:
                a = max(text.rfind("\n", 0, d.start) + 1, d.start - 40)
                b = min([i for i in (text.find("\n", d.end), d.end + 40) if i >= 0])
                c = Citation.passage(len(citations) + 1, r, text[a:b].strip(), a, b)
                citations.append(c)
                values.append(f"{d.value} [{c.n}]")
                seen.setdefault(kind, []).append(d.value)
            label = LABELS[hits[0].kind]
            said.append(f"{label}：{'、'.join(values)}")
        lines.append(f"{bot.name(r)}{r.get('year')}年年报——" + "；".join(said) + "。")
    if len(reports) > 1 and re.search(r"一样|相同|变|同一个|same|change", q.question, re.IGNORECASE):
        for kind, values in seen.items():
            same = len(set(values)) == 1 and len(values) == len(reports)
            lines.insert(
                0,
                f"{LABELS[kind]}：各年{'一样' if same else '不一样'}（{'、'.join(dict.fromkeys(values))}）。",
            )
    return Answer(q.question, "lookup", "\n".join(lines), tuple(citations), query=q)
