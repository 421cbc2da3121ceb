"""Metadata: issuing body as printed, its town/county/city, level, report year and template.

>>> place_parts("中卫市沙坡头区镇罗镇人民政府")
('镇罗镇', '沙坡头区', '中卫市')
>>> level_of("海原县七营镇人民政府", "七营镇", "海原县", None)
'township'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE_RE = re.compile(
    r"(?P<pre>[^\n]{0,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<post>[^\n]{0,40}?)\s*"
    r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:工作)?\s*(?:年度)?\s*报\s*告"
)
PERIOD_RE = re.compile(r"(?:19|20)(\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|～|~)")
ORG_SUFFIX = (
    "人民政府",
    "管理委员会",
    "管委会",
    "委员会",
    "办公厅",
    "办公室",
    "办事处",
    "政府",
    "局",
    "厅",
    "署",
    "中心",
    "院",
)
DEPARTMENT_SUFFIX = ("管理委员会", "委员会", "办公厅", "办公室", "局", "厅", "署", "中心", "院", "委")
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# place names OCR misreads that name no real place (沐阳县 is 沭阳县): corrected in metadata only
OCR_PLACE_FIXES = {"沐阳县": "沭阳县"}
_TEMPLATE_2021 = re.compile(r"国办公开办函\s*[〔\[［(（]\s*2021\s*[〕\]］)）]\s*30\s*号")
_TEMPLATE_2019 = re.compile(r"国办公开办函\s*[〔\[［(（]\s*2019\s*[〕\]］)）]\s*60\s*号")
_PLACE = r"[\u4e00-\u9fff]"


@dataclass(frozen=True)
class Meta:
    title: str | None
    body: str | None
    town: str | None
    county: str | None
    city: str | None
    level: str | None
    year: int | None
    period_year: int | None
    template: str


def find_title(text: str) -> re.Match | None:
    head = text[:1500]
    head = re.sub(r"^(?:标题|名称)\s*[:：]\s*", "", head, flags=re.M)
    joined = re.sub(r"(?<=[\u4e00-\u9fff\d])\n(?=[\u4e00-\u9fff])", "", head)
    return TITLE_RE.search(joined)


def read_meta(text: str) -> Meta:
    m = find_title(text)
    title = year = None
    name = None
    if m:
        title = re.sub(r"\s+", "", m.group(0))
        year = int(m.group("year"))
        pre = re.sub(r"\s+", "", m.group("pre")).lstrip("#").strip()
        post = re.sub(r"\s+", "", m.group("post"))
        pre = re.split(r"[，,。：:；;】》\]]", pre)[-1]
        pre = re.sub(r"^(?:现公布|现将|关于|正文|附件)", "", pre)
        name = (pre if len(pre) >= 2 else post).strip("：:《》“”") or None
        if name and len(name) > 30:
            name = name[-30:]
    period = PERIOD_RE.search(text[:6000])
    period_year = int("20" + period.group(1)) if period and text[period.start() : period.start() + 2] == "20" else None
    if period and period_year is None:
        period_year = int("19" + period.group(1))
    if year is None:
        year = period_year
    body = resolve_body(name, text)
    for wrong, right in OCR_PLACE_FIXES.items():
        body = body.replace(wrong, right) if body else body
    town, county, city = place_parts(body or "")
    if city in MUNICIPALITIES:
        city = None
    level = level_of(body, town, county, city)
    return Meta(title, body, town, county, city, level, year, period_year, template_of(text, year))


def resolve_body(name: str | None, text: str) -> str | None:
    """The body as printed, completed from the text when the title abbreviates it (辛店镇 → 辛店镇人民政府)."""
    if not name:
        src = re.search(r"发布机构\s*[:：]\s*([\u4e00-\u9fff]+)", text[:800])
        return src.group(1) if src else None
    name = re.sub(r"^(?:关于)?", "", name)
    if not name.endswith(ORG_SUFFIX):
        pat = re.compile(re.escape(name) + rf"{_PLACE}{{0,6}}?(?:人民政府|管委会|管理委员会|委员会|办事处)")
        hits = pat.findall(text[:20000])
        if hits:
            name = min(hits, key=len)
        elif name.endswith(("镇", "乡", "街道", "县", "区", "市")) and not name.endswith("实验区"):
            name = name + ("办事处" if name.endswith("街道") else "人民政府")
        else:
            src = re.search(r"发布机构\s*[:：]\s*([\u4e00-\u9fff]+)", text[:800])
            if src and src.group(1).startswith(name):
                org = re.match(rf"{re.escape(name)}{_PLACE}*?(?:管委会|管理委员会|人民政府|委员会|局)", src.group(1))
                name = org.group(0) if org else name
    # a longer printed form with the parent place (洪泽区人民政府 → 淮安市洪泽区人民政府)
    longer = re.findall(rf"((?:{_PLACE}{{2,4}}[省市]){{1,2}}){re.escape(name)}", text[:20000])
    if longer:
        prefix = max(longer, key=len)
        prefix = re.sub(r"^(?:请与|报告由|告由|由|与|向|联系|和|及|在|经)+", "", prefix)
        if re.fullmatch(rf"(?:{_PLACE}{{2,4}}[省市]){{1,2}}", prefix):
            name = prefix + name
    return name


def place_parts(body: str) -> tuple[str | None, str | None, str | None]:
    """(town, county, city) named in a body's name, each None when not named."""
    rest = body
    city = county = town = None
    m = re.match(rf"^({_PLACE}{{1,3}}省|{_PLACE}{{2,8}}自治区)", rest)
    if m:
        rest = rest[m.end() :]
    m = re.match(rf"^({_PLACE}{{1,4}}?市)(?=.{{2,}})", rest)
    if m:
        city = m.group(1)
        rest = rest[m.end() :]
    m = re.match(rf"^({_PLACE}{{1,4}}?(?:自治县|县|区|旗))", rest)
    if m and not m.group(1).endswith(("实验区", "开发区", "新区", "园区")):
        county = m.group(1)
        rest = rest[m.end() :]
    m = re.match(rf"^({_PLACE}{{1,5}}?(?:镇|乡|街道))", rest)
    if m:
        town = m.group(1)
    return town, county, city


def level_of(body: str | None, town: str | None, county: str | None, city: str | None) -> str | None:
    if not body:
        return None
    gov = body.endswith(("人民政府", "政府", "办事处", "管委会", "管理委员会"))
    if (body.endswith(("管委会", "管理委员会")) and "实验区" in body) or body.endswith("新区管委会"):
        return "city"
    if not gov and body.endswith(DEPARTMENT_SUFFIX):
        return "department"
    if town:
        return "township"
    if county:
        return "county"
    provincial = body.startswith(MUNICIPALITIES) or re.match(rf"^{_PLACE}{{1,3}}省", body) or "自治区人民政府" in body
    if provincial and body.endswith(("人民政府", "政府")):
        return "province"
    if city:
        return "city"
    return "department" if not gov else None


def template_of(text: str, year: int | None) -> str:
    """2021 for reports on 2021 and later, 2019 for 2019–2020, pre2019 before; a cited format decides ties."""
    if year is not None and year <= 2018:
        return "pre2019"
    head = text[:3000]
    if year is None:
        if _TEMPLATE_2021.search(head):
            return "2021"
        if _TEMPLATE_2019.search(head):
            return "2019"
        return "2021"
    return "2019" if year in (2019, 2020) else "2021"
