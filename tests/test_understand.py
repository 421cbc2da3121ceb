"""Question understanding, without a library: every cell of the 2021 template reachable by at least two
phrasings, body aliases (rules, pinyin, typos, ambiguity), years, thresholds, operations, follow-ups."""

from __future__ import annotations

import datetime

import pytest

from bot.measures import _a_split
from bot.understand import Catalog, Threshold, threshold_of, understand, years_of
from bot.vocabulary import phrase_table
from ingest.schema import template_keys

TODAY = datetime.date(2026, 12, 2)

REPORTS = [
    {"id": "huaian", "body": "淮安市人民政府", "city": "淮安市", "level": "city", "year": 2024, "template": "2021"},
    {
        "id": "hongze",
        "body": "淮安市洪泽区人民政府",
        "county": "洪泽区",
        "city": "淮安市",
        "level": "county",
        "year": 2023,
    },
    {"id": "sy", "body": "沭阳县人民政府", "county": "沭阳县", "level": "county", "year": 2025},
    {"id": "syfg", "body": "沭阳县发展和改革局", "county": "沭阳县", "level": "department", "year": 2023},
    {"id": "sh", "body": "上海市科学技术委员会", "city": "上海市", "level": "department", "year": 2024},
    {
        "id": "qy",
        "body": "海原县七营镇人民政府",
        "town": "七营镇",
        "county": "海原县",
        "level": "township",
        "year": 2024,
    },
    {
        "id": "hc",
        "body": "海原县海城镇人民政府",
        "town": "海城镇",
        "county": "海原县",
        "level": "township",
        "year": 2022,
    },
    {
        "id": "qly",
        "body": "新乡县七里营镇人民政府",
        "town": "七里营镇",
        "county": "新乡县",
        "level": "township",
        "year": 2023,
    },
    {"id": "xd", "body": "辛店镇人民政府", "town": "辛店镇", "level": "township", "year": 2024},
    {"id": "pt", "body": "平潭综合实验区管委会", "level": "city", "year": 2024},
]
CAT = Catalog(REPORTS)


def ask(q: str, context=None):
    return understand(q, CAT, context, today=TODAY)


def _phrases(concept: tuple[str, str]) -> list[str]:
    """The vocabulary's Chinese phrases for a concept, most specific first."""
    table = phrase_table()
    return sorted(
        [p for p, cs in table.items() if concept in cs and not p.isascii()],
        key=lambda p: (-len(p), p),
    )


def _concepts_of(key: str) -> list[tuple[str, str] | None]:
    table, rest = key.split(".", 1)
    if table == "A":
        row, col = _a_split(key)
        return [("A.row", row), ("A.col", col)]
    if table == "B":
        row, col = rest.rsplit(".", 1)
        if row == "result.total":
            row_c = ("B.row", "result.total")
        else:
            row_c = ("B.row", row)
        return [row_c, None if col == "total" else ("B.col", col)]
    group, col = rest.split(".")
    return [("C.group", group), None if col == "total" else ("C.col", col)]


@pytest.mark.parametrize("key", template_keys("2021"))
def test_every_cell_has_two_phrasings(key):
    concepts = [c for c in _concepts_of(key) if c]
    options = [_phrases(c) for c in concepts]
    assert all(options), f"{key}: no phrase for {concepts}"
    questions = set()
    for i in range(2):
        words = [opts[min(i, len(opts) - 1)] for opts in options]
        questions.add("淮安市2024年" + "的".join(words) + "有多少件？")
    if len(questions) < 2:  # one phrase for every part: vary the order of the words instead
        words = [opts[0] for opts in options]
        questions.add("淮安市2024年" + "，".join(reversed(words)) + "是多少？")
    assert len(questions) >= 2, key
    for question in questions:
        q = ask(question)
        got = [m.parts for m in q.measures]
        assert (key,) in got, f"{question} → {got}"
        assert q.places == ("淮安市人民政府",) and q.years == (2024,)


@pytest.mark.parametrize(
    "question,key",
    [
        ("镇罗镇罚款罚了几次啊", "A.penalty_decisions"),
        ("有多少件是企业提的", "B.new_applications.commercial_enterprise"),
        ("律所申请了几件", "B.new_applications.legal_service_org"),
        ("因为申请人逾期没交费而不再处理的有几件", "B.result.other.fee_unpaid.total"),
        ("本机关不掌握相关信息的有多少", "B.result.unable.not_held.total"),
        ("行政复议还没审结的有几件", "C.reconsideration.pending"),
        ("科委批了多少件行政许可", "A.licensing_decisions"),
        ("因政府信息公开被申请行政复议多少件", "C.reconsideration.total"),
        ("How many penalty decisions did Huai'an make in 2024?", "A.penalty_decisions"),
    ],
)
def test_everyday_words(question, key):
    assert (key,) in [m.parts for m in ask(question).measures]


def test_several_cells_in_one_question():
    q = ask("平潭2025年的行政复议案件，结果维持、结果纠正、其他结果、尚未审结各是多少？")
    assert [m.key for m in q.measures] == [
        "C.reconsideration.upheld",
        "C.reconsideration.corrected",
        "C.reconsideration.other",
        "C.reconsideration.pending",
    ]
    q = ask("维持了多少件、纠正了多少件")
    assert [m.key for m in q.measures] == ["C.reconsideration.upheld", "C.reconsideration.corrected"]
    q = ask("淮安2024 litigation 一共多少件？直接起诉 vs 复议后起诉各多少")
    assert [m.key for m in q.measures] == [
        "C.litigation.total",
        "C.litigation_direct.total",
        "C.litigation_after_reconsideration.total",
    ]


def test_groups_and_rows():
    q = ask("上海市科委2024年有多少件申请因为属于国家秘密被不予公开？")
    assert [m.parts for m in q.measures] == [("B.result.withheld.state_secret.total",)]
    q = ask("不予公开的有多少件")
    assert len(q.measures[0].parts) == 8
    q = ask("法人或其他组织提出的申请有多少")
    assert len(q.measures[0].parts) == 5 and all(p.startswith("B.new_applications.") for p in q.measures[0].parts)


def test_derived_figures():
    q = ask("按“行政复议纠错率 = 结果纠正 ÷ 总计”算，淮安市2024年的行政复议纠错率是多少？")
    assert q.kind == "ratio" and q.ratio.formula == "结果纠正 ÷ 总计"
    q = ask("上海市科委2024年办理结果中“无法提供”占多大比例？用无法提供件数除以办理结果总计。")
    assert q.kind == "ratio"
    assert [m.key for m in q.ratio.numerator] == ["B.result.unable.total"]
    assert q.ratio.denominator.key == "B.result.total.total"
    q = ask("“予以公开+部分公开”占办理结果总计的百分之多少？")
    assert [m.key for m in q.ratio.numerator] == ["B.result.disclosed.total", "B.result.partially_disclosed.total"]
    assert ask("平潭2025年新收申请的同比增长率是多少？").kind == "change_rate"


def test_body_aliases():
    assert ask("沭阳县发改局2023年新收申请多少").places == ("沭阳县发展和改革局",)
    assert ask("沭阳发改局23年收到几件依申请？").places == ("沭阳县发展和改革局",)
    assert ask("沭阳县政府2025年新收申请多少").places == ("沭阳县人民政府",)
    assert ask("上海市科委2024年新收多少申请").places == ("上海市科学技术委员会",)
    assert ask("科委24年被申请行政复议了几回").places == ("上海市科学技术委员会",)
    assert ask("洪泽区2023年行政强制决定有多少件？").places == ("淮安市洪泽区人民政府",)
    assert ask("平潭实验区22年一共罚了多少起？").places == ("平潭综合实验区管委会",)
    assert ask("七营2024年行政处罚多少").places == ("海原县七营镇人民政府",)  # never 七里营镇


def test_typos_pinyin_and_places():
    q = ask("七营真2024年有人申请政府信息公开吗")
    assert q.places == ("海原县七营镇人民政府",)
    q = ask("How many new applications did Pingtan receive in 2024?")
    assert q.places == ("平潭综合实验区管委会",) and q.lang == "en" and q.years == (2024,)
    q = ask("海原县有哪些镇的年报")
    assert set(q.places) == {"海原县七营镇人民政府", "海原县海城镇人民政府"}
    q = ask("福州市2024年的年报里，行政处罚决定数是多少？")
    assert q.kind == "unanswerable" and q.unknown_places == ("福州市",)


def test_ambiguous_name_is_said_not_replaced():
    cat = Catalog(
        [
            {"id": "a", "body": "沭阳县发展和改革局", "county": "沭阳县", "level": "department", "year": 2023},
            {"id": "b", "body": "泗阳县发展和改革局", "county": "泗阳县", "level": "department", "year": 2023},
        ]
    )
    q = understand("发改局2023年新收申请多少", cat, today=TODAY)
    assert not q.places and q.ambiguous and set(q.ambiguous[0][1]) == {"沭阳县发展和改革局", "泗阳县发展和改革局"}


def test_years():
    have = [2019, 2020, 2021, 2022, 2023, 2024, 2025]
    assert years_of("二〇二四年淮安市", have, TODAY)[0] == [2024]
    assert years_of("平潭2021—2025年", have, TODAY)[0] == [2021, 2022, 2023, 2024, 2025]
    assert years_of("2019年以来，平潭", have, TODAY)[0] == have
    assert years_of("近三年平潭", have, TODAY)[0] == [2023, 2024, 2025]
    assert years_of("去年平潭", have, TODAY)[0] == [2025]
    assert years_of("科委24年", have, TODAY)[0] == [2024]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("超过1万件", Threshold(">", 10000)),
        ("超过一万件", Threshold(">", 10000)),
        ("不少于21件", Threshold(">=", 21)),
        ("超过了两千件", Threshold(">", 2000)),
        ("超过三十件", Threshold(">", 30)),
        ("100件以上", Threshold(">=", 100)),
        ("少于5件", Threshold("<", 5)),
        ("一件信息公开申请都没收到", Threshold("==", 0)),
        ("不是零", Threshold(">", 0)),
        ("more than 1,000", Threshold(">", 1000)),
    ],
)
def test_thresholds(text, expected):
    assert threshold_of(text) == expected


@pytest.mark.parametrize(
    "question,kind,order,top",
    [
        ("平潭综合实验区哪一年的行政处罚决定最多？", "rank", "desc", 1),
        ("2019年以来，平潭哪一年新收的政府信息公开申请最少？", "rank", "asc", 1),
        ("2024年各单位新收的政府信息公开申请，从多到少排个序。", "rank", "desc", None),
        ("行政复议案件数最多的前三份年报是哪几份？", "rank", "desc", 3),
        ("平潭综合实验区2024年新收的申请比2023年多了多少件？", "difference", "desc", None),
        ("2023年的年报里，新收申请不少于21件的有哪些单位？", "which", "desc", None),
        ("2024年有几个单位作出了行政处罚？", "count", "desc", None),
        ("七营镇和海城镇，哪个镇政府作出的行政处罚决定多？", "compare", "desc", None),
        ("淮安市2024年不予公开的申请，主要是哪种理由？", "rank", "desc", 1),
        ("平潭2025年的行政复议比2024年增加了百分之几？", "change_rate", "desc", None),
        ("平潭2025年新收申请涨了多少，按百分比", "change_rate", "desc", None),
        ("淮安市2024年法人申请占新收申请的百分之几？", "ratio", "desc", None),
        ("平潭历年前三年的行政处罚决定各多少？", "trend", "desc", None),
        ("List the bodies by new applications in 2024, from most to least.", "rank", "desc", None),
        ("Rank the 2024 reports by penalties from lowest to highest.", "rank", "asc", None),
        ("淮安市2024年的申请里，企业申请占多少？", "ratio", "desc", None),
    ],
)
def test_operations(question, kind, order, top):
    q = ask(question)
    assert (q.kind, q.order, q.top) == (kind, order, top)


def test_follow_ups_inherit_and_drop():
    first = ask("平潭综合实验区2024年行政处罚决定多少件？")
    q = ask("那2023年呢？", first)
    assert q.places == first.places and q.years == (2023,) and q.measures == first.measures
    q = ask("那行政强制呢？", first)
    assert q.places == first.places and q.years == (2024,) and q.measures[0].key == "A.coercion_decisions"
    q = ask("那辛店镇呢？", first)
    assert q.places == ("辛店镇人民政府",) and q.measures == first.measures
    q = ask("那纠正的呢？", ask("淮安市2024年的政府信息公开行政复议一共多少件？"))
    assert [m.key for m in q.measures] == ["C.reconsideration.corrected"] and q.places == ("淮安市人民政府",)
    q = ask("比淮安市2024年少多少？", ask("洪泽区2023年的行政许可是多少件？"))
    assert q.kind == "difference" and set(q.pairs) == {("淮安市洪泽区人民政府", 2023), ("淮安市人民政府", 2024)}
    q = ask("那上一年呢？", first)
    assert q.years == (2023,) and q.kind == "lookup" and q.measures == first.measures
    q = ask("后一年呢？", ask("平潭综合实验区2023年行政处罚决定多少件？"))
    assert q.years == (2024,)
    q = ask("比上一年涨了百分之多少？", first)
    assert q.kind == "change_rate" and q.years == (2024,)
    # a new, complete question drops the earlier scope
    q = ask("2023年哪些单位的行政复议超过10件？", first)
    assert q.places == () and q.years == (2023,)


def test_a_message_splits_into_the_questions_it_asks():
    from bot.understand import split_questions

    assert split_questions("淮安市2024年新收多少件？其中企业几件？") == ["淮安市2024年新收多少件？", "其中企业几件？"]
    assert split_questions("复议纠错率是多少？保留一位小数。") == ["复议纠错率是多少？保留一位小数。"]
    assert split_questions("发改局一共收到几件申请，办结了几件？") == ["发改局一共收到几件申请", "办结了几件？"]
    assert split_questions("新收申请超过10件的，有哪些单位？") == ["新收申请超过10件的，有哪些单位？"]
    assert split_questions("Huai'an 2024 applications? How many from companies?") == [
        "Huai'an 2024 applications?",
        "How many from companies?",
    ]
    part = understand("这里面企业申请的有几件？", CAT, ask("淮安市2024年新收多少件？"), TODAY, part=True)
    assert part.places == ("淮安市人民政府",) and part.measures[0].key == "B.new_applications.commercial_enterprise"


@pytest.mark.parametrize(
    "question,kind",
    [
        ("淮安市2024年在行政复议工作上还有哪些短板？", "narrative"),
        ("沭阳县2025年是如何保证依申请公开按时答复的？", "narrative"),
        ("七营镇2024年政府信息公开申请可以通过什么途径提交？", "narrative"),
        ("淮安市2024年行政复议的结果怎么样？", "lookup"),
        ("淮安市2024年新收申请比洪泽区2023年差距多大？", "difference"),
        ("淮安市2024年行政复议纠正了多少件？", "lookup"),
    ],
)
def test_how_and_what_problems_are_read_from_the_text(question, kind):
    assert ask(question).kind == kind


def test_a_unit_inside_a_place_and_unlisted_items():
    q = ask("淮安市清江浦区2024年新收了多少件申请？")
    assert q.kind == "unanswerable" and q.unknown_places == ("淮安市清江浦区",)
    assert ask("淮安市洪泽区2023年新收了多少件申请？").places == ("淮安市洪泽区人民政府",)
    q = ask("淮安市2024年因为“敏感信息”不予公开的有几件？")
    assert q.unlisted == ("敏感信息",) and q.measures
    assert ask("淮安市2024年“本机关不掌握”的有几件？").unlisted == ()


def test_linking_with_ten_thousand_bodies():
    reports = [
        {
            "id": str(i),
            "body": f"测试{i:05d}县第{i % 97}镇人民政府",
            "town": f"第{i % 97}镇",
            "level": "township",
            "year": 2024,
        }
        for i in range(10_000)
    ]
    cat = Catalog(reports)  # speed: bench/answer_bench.py prints the figures
    q = understand("测试00042县第42镇人民政府2024年新收了多少件申请？", cat, today=TODAY)
    assert q.places == ("测试00042县第42镇人民政府",)


def test_typos_and_homophones_are_said_and_never_stretch_to_another_town():
    q = ask("怀安市2024年行政处罚多少件？")
    assert q.places == ("淮安市人民政府",) and any("怀安市" in n for n in q.notes)
    q = ask("术阳县政府2025年行政复议多少件？")
    assert q.places == ("沭阳县人民政府",)
    q = ask("七星镇2024年行政处罚多少件？")  # one character from 七营镇, but another town
    assert q.places == () and q.kind == "unanswerable"


def test_a_city_covers_the_bodies_under_it_when_asked_for_them():
    assert ask("淮安市2024年行政处罚多少件？").places == ("淮安市人民政府",)  # the city's own government
    assert set(ask("淮安市有哪些单位的年报？").places) == {"淮安市人民政府", "淮安市洪泽区人民政府"}


def test_every_table_kind_has_its_operation():
    from bot.operations import OPERATIONS
    from bot.understand import TABLE_KINDS

    assert set(OPERATIONS) == TABLE_KINDS
