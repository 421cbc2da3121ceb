"""Narrative answers over real reports (a small lexical library): a section's points in print order,
both parts of a two-part question, sentences found by the question's words anywhere in a report,
every quote a whole sentence of the report, cited, and bounded in length."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot import narrative
from bot.answer import Bot
from bot.understand import Query
from vectorstore import Library, Settings

from .conftest import EXTRA, SEEDS, needs_shared

pytestmark = needs_shared

FILES = [
    SEEDS / "000_cd949d845be236b5.txt",  # 七营镇 2024
    SEEDS / "001_ebb777f635682efc.txt",  # 辛店镇 2024
    SEEDS / "004_9c54c256ccc794aa.txt",  # 镇罗镇 2024
    EXTRA / "2024_淮安市人民政府.pdf",  # a PDF: lines wrapped every ~28 characters
    EXTRA / "2023_淮安市洪泽区人民政府.pdf",
    EXTRA / "2021_平潭综合实验区管委会.txt",  # a web page: the whole report on one line
    EXTRA / "2025_平潭综合实验区管委会.txt",
    EXTRA / "2024_上海市科学技术委员会.md",  # section 五's heading lost: found by its sub-headings
    EXTRA / "2025_上海市人民政府办公厅.md",  # improvements before problems, page numbers mid-sentence
    EXTRA / "2019_上海市人民政府办公厅.txt",
    EXTRA / "2025_沭阳县人民政府.md",
]
_WHOLE = re.compile(r"[。！？；][”’」』）)]*$")


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    lib = Library(Settings(data_dir=tmp_path_factory.mktemp("narlib"), embeddings="none"))
    lib.ingest(FILES)
    return lib


@pytest.fixture(scope="module")
def bot(lib):
    return Bot(lib)


def narrative_of(bot, question: str):
    """The narrative answer whatever the question's routing (a table word such as 依申请公开 may
    route it to a table answer: that routing is understand.py's, not this module's)."""
    q = replace(bot.understand(question), kind="narrative", measures=(), ratio=None)
    return bot._finish(narrative.narrative_answer(bot, q))


def bullets(a) -> list[str]:
    return [re.sub(r"\s*\[\d+\]$", "", line[2:]) for line in a.text.split("\n") if line.startswith("- ")]


def check_quotes(a, lib, section: str | None = None) -> None:
    """Every citation quotes the report exactly; every bullet is whole sentences."""
    assert a.citations
    for c in a.citations:
        assert lib.facts.report_text(c.report_id)[c.start : c.end] == c.quote
        if section:
            assert c.section == section
    for b in bullets(a):
        assert _WHOLE.search(b), f"cut sentence: {b}"
        assert "\n" not in b


def test_shortcomings_and_plans_answer_both_parts_in_full(bot, lib):
    a = bot.answer("淮安市2024年的年报承认政务公开有哪些薄弱环节？打算如何整改？")
    check_quotes(a, lib, "problems_and_improvements")
    for s in ("政策解读质量仍需提升", "人员配备不足", "兼职多", "流动性过快", "传帮带", "面对面、手把手"):
        assert s in a.text, s
    assert "存在的问题：" in a.text and "改进措施：" in a.text
    assert a.text.index("流动性过快") < a.text.index("传帮带")  # the problems first, as printed
    # the PDF wraps lines mid-word: the answer joins them
    assert "加强政策解读质效，重点提升解读的针对性" in a.text


def test_every_problem_the_section_lists(bot, lib):
    a = bot.answer("平潭综合实验区2025年的政务公开有哪些不足之处？")
    check_quotes(a, lib, "problems_and_improvements")
    for s in ("政务公开队伍建设", "答复质量", "平台互动功能"):
        assert s in a.text, s
    assert "强化政务公开队伍建设" not in a.text  # the improvements were not asked for
    a = bot.answer("平潭2021年政务公开暴露出什么短板？")
    for s in ("政策解读形式不够丰富", "政务公开渠道有限"):
        assert s in a.text, s


def test_section_found_by_its_sub_headings(bot, lib):
    # the parser found no section 五 in this conversion: (一)主要问题 (二)改进情况 lead the way
    a = bot.answer("上海市科委2024年报告里写了什么问题，又是如何改进的？")
    check_quotes(a, lib, "problems_and_improvements")
    assert "机构改革" in a.text and "张江高新区" in a.text
    assert "存在的主要问题及改进情况" in a.text.split("\n")[0]
    # improvements printed before the problems, and a page number between two halves of a sentence
    a = bot.answer("上海市政府办公厅2025年目前还存在什么问题？")
    check_quotes(a, lib, "problems_and_improvements")
    assert "政策信息分散于多个平台" in a.text and "重点采取如下改进措施" not in a.text
    a = bot.answer("上海市政府办公厅2025年对去年的问题做了哪些改进？")
    assert "提升政策公开质效" in a.text and "已有近1400个政策文件" in a.text
    assert "— 6 —" not in a.text


def test_two_part_question_picks_the_sentences_each_part_names(bot, lib):
    a = narrative_of(bot, "淮安市洪泽区2023年在依申请公开上还差在哪里？对工作人员准备实行什么学习制度？")
    check_quotes(a, lib, "problems_and_improvements")
    assert "依申请公开工作规范性还有待提高" in a.text
    assert "跟班学习制度" in a.text
    # each part alone
    a = narrative_of(bot, "淮安市洪泽区2023年在依申请公开上还差在哪里？")
    assert "规范性" in a.text and "跟班学习" not in a.text
    a = narrative_of(bot, "淮安市洪泽区2023年对工作人员准备实行什么学习制度？")
    assert "跟班学习制度" in a.text


def test_specific_question_finds_the_sentence_anywhere(bot, lib):
    a = narrative_of(bot, "沭阳县2025年用什么办法避免依申请件办理超时？")
    check_quotes(a, lib)
    assert "倒计时" in a.text
    a = bot.answer("沭阳县2025年一共清理了多少条过期信息？")
    check_quotes(a, lib)
    assert "697条" in a.text and a.text.count("\n- ") <= 3
    a = bot.answer("辛店镇准备怎么解决群众互动回应缺失的问题？")
    check_quotes(a, lib, "problems_and_improvements")
    assert "座谈会" in a.text and "专职信息员" not in a.text  # that point, with its detail, not every point


def test_a_long_section_is_bounded_and_keeps_its_points(bot, lib):
    a = bot.answer("上海市政府办公厅2019年列了哪些改进措施？")
    check_quotes(a, lib, "problems_and_improvements")
    assert all(f"{n}是" in a.text for n in "一二三四五六")
    a = bot.answer("淮安市2024年政府信息公开总体情况如何？")
    check_quotes(a, lib, "overview")
    assert sum(len(b) for b in bullets(a)) <= narrative.BUDGET + 100
    for s in ("(一)主动公开情况", "(二)依申请公开情况", "(五)政府信息公开监督保障情况"):
        assert s in a.text, s


def test_other_matters_and_a_count_the_report_does_not_give(bot, lib):
    a = bot.answer("平潭2025年报告的其他需要报告的事项是什么？")
    check_quotes(a, lib, "other_matters")
    assert "无收取信息处理费" in a.text
    a = bot.answer("七营镇配备了几个专职的政务公开人员？")
    assert "没有提到" in a.text.split("\n")[0] and "专人" in a.text


def test_several_reports_each_answered(bot, lib):
    a = bot.answer("淮安市和洪泽区的年报各自写了哪些不足？")
    check_quotes(a, lib, "problems_and_improvements")
    assert "兼职多" in a.text and "深度和广度" in a.text
    heads = [line for line in a.text.split("\n") if line.startswith("据")]
    assert len(heads) == 2


def test_sentences_of_a_wrapped_pdf_page():
    text = (
        "五、存在的主要问题及改进情况\n对照上级新要求，还有一些需要加强和改进的\n地方。主要表现在：一是队伍建设还需进一步加\n"
        "强，存在人员配备不足的问题。\n— 7 —\n针对存在问题，下一步，我市将着力加强政策解读质效，重\n点提升解读的针对性。\n"
        "六、其他需要报告的事项\n无。"
    )
    spans = [
        {"key": "problems_and_improvements", "start": 0, "end": text.index("六、")},
        {"key": "other_matters", "start": text.index("六、"), "end": len(text)},
    ]
    sents = narrative.sentences(text, spans)
    shown = [s.text for s in sents if s.content]
    assert shown == [
        "对照上级新要求，还有一些需要加强和改进的地方。",
        "主要表现在：一是队伍建设还需进一步加强，存在人员配备不足的问题。",
        "针对存在问题，下一步，我市将着力加强政策解读质效，重点提升解读的针对性。",
    ]
    prts = narrative.parts(sents, spans)
    assert [sents[i].text[:4] for i in prts["problems"]] == ["对照上级", "主要表现"]
    assert [sents[i].text[:4] for i in prts["improvements"]] == ["针对存在"]


def test_clauses_of_a_question():
    def read(question: str, place: str = "洪泽区"):
        q = Query(question, "narrative", place_words=(place,))
        return [(c.intent, c.terms) for c in narrative.clauses(q)]

    assert read("洪泽区存在哪些问题，打算怎么改进？") == [("problems", ()), ("improvements", ())]
    assert read("洪泽区的主要问题及改进情况是什么？") == [("problems", ()), ("improvements", ())]
    assert read("洪泽区针对队伍流动性大的问题准备怎么办？") == [("improvements", ("队伍", "流动性"))]
    assert read("洪泽区总体情况怎么样？") == [("overview", ())]
    assert read("洪泽区开展了哪些培训？") == [(None, ("培训",))]


def test_english_question_gets_the_part_it_asks_for(bot, lib):
    a = bot.answer("What problems did Huaian report in 2024?")
    check_quotes(a, lib, "problems_and_improvements")
    assert a.text.startswith("From the report of 淮安市人民政府 (2024)") and "problems:" in a.text
    assert "兼职多" in a.text and "〔未核实〕" not in a.text


def test_a_topic_the_report_gives_a_sub_heading_is_answered_by_its_points(bot):
    """七营镇 prints "(一)2024年政府信息公开亮点工作" under section 六: its points, not section 一's."""
    a = bot.answer("七营镇2024年有哪些亮点工作？")
    assert "驼鸣古道" in a.text and "拍摄产业发展短视频" in a.text
    assert all(c.section == "other_matters" for c in a.citations)
