"""The bot on the eval corpus (lexical library, so it runs fast): exact table answers, cited
narrative answers, unanswerable questions, follow-ups, consistency, and number verification."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from bot.answer import Bot, Citation
from bot.evaluate import contains, score, summarise
from bot.verify import verify
from vectorstore import Library, Settings
from vectorstore.evaluate import load_questions

from .conftest import EXTRA, ROOT, SEEDS, SHARED, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    d = tmp_path_factory.mktemp("botlib")
    lib = Library(Settings(data_dir=d, embeddings="none"))
    files = [*sorted(SEEDS.glob("*.txt")), *sorted(EXTRA.glob("20*.*"))]
    files += [*sorted((EXTRA / "html").glob("*.html")), *sorted((EXTRA / "pre2019").glob("*.txt"))]
    lib.ingest(files)
    return lib


@pytest.fixture(scope="module")
def bot(lib):
    return Bot(lib)


def test_eval_questions(bot):
    qs = load_questions(SHARED / "eval" / "questions.jsonl")
    results = []
    for q in qs:
        a = bot.answer(q["question"])
        results.append(score(q, a.text, [c.file for c in a.citations]))
        # no number contradicting a report goes unflagged: every number is checked
        assert all(n.status in ("verified", "not_found", "contradicted") for n in a.numbers)
    figures = summarise(results)
    assert figures["lookup_table"]["score"] == 1.0
    assert figures["all"]["score"] >= 0.9, [r for r in results if not r["ok"]]


@pytest.mark.parametrize(
    "name,least",
    [
        ("questions-fresh.jsonl", 68),
        ("questions-fresh2.jsonl", 77),
        ("questions-fresh3.jsonl", 75),
        ("questions-fresh4.jsonl", 57),
        ("questions-heldout5.jsonl", 37),
        ("questions-heldout6.jsonl", 38),
        ("questions-heldout7.jsonl", 38),
        ("questions-heldout8.jsonl", 36),
        ("questions-heldout9.jsonl", 27),
        ("questions-heldout10.jsonl", 38),
        ("questions-heldout11.jsonl", 37),
        ("questions-heldout12.jsonl", 28),
        ("questions-heldout13.jsonl", 38),
        ("questions-heldout14.jsonl", 38),
        ("questions-heldout15.jsonl", 38),
        ("questions-heldout16.jsonl", 27),
        ("questions-heldout17.jsonl", 24),
    ],
)
def test_fresh_questions(bot, name, least):
    """docs/eval/questions-fresh*.jsonl and -heldout*.jsonl: 770 questions in seventeen sets, written by people who had
    not read the code."""
    qs = load_questions(ROOT / "docs" / "eval" / name)
    results = [
        score(q, (a := bot.converse([*q.get("after", []), q["question"]])).text, [c.file for c in a.citations])
        for q in qs
    ]
    figures = summarise(results)
    assert figures["all"]["right"] >= least, [r for r in results if not r["ok"]]


def test_table_answer_is_exact_and_cited(bot):
    a = bot.answer("淮安市人民政府2024年新收了多少件政府信息公开申请？其中自然人提出多少件？")
    assert contains(a.text, "3119") and contains(a.text, "3001")
    assert {c.cell for c in a.citations} == {"B.new_applications.total", "B.new_applications.natural_person"}
    assert all(n.status == "verified" for n in a.numbers)
    assert a.citations[0].file.endswith("2024_淮安市人民政府.pdf")


def test_which_lists_every_matching_report_and_the_contradiction(bot):
    a = bot.answer("2022年哪些镇收到了政府信息公开申请？")
    assert "海城镇" in a.text and "不一致" in a.text
    a = bot.answer("2024年哪些镇有行政处罚？")
    assert "镇罗镇" in a.text and "103" in a.text and "辛店镇" in a.text
    assert "七营镇" not in a.text  # 七营镇 printed 0


def test_similar_town_names_are_never_confused(bot):
    a = bot.answer("七营镇2024年行政处罚多少件？")
    assert all("七里营" not in c.body for c in a.citations)
    a = bot.answer("七里营镇2023年的主要问题是什么？")
    assert a.citations and all(c.body == "新乡县七里营镇人民政府" for c in a.citations)


def test_unanswerable_says_what_the_library_has(bot):
    a = bot.answer("七营镇2023年收到了几件政府信息公开申请？")
    assert a.kind == "unanswerable" and not a.citations
    assert "2024" in a.text and "七营镇" in a.text
    a = bot.answer("杭州市西湖区2024年行政处罚多少件？")
    assert a.kind == "unanswerable" and "西湖区" in a.text


def test_follow_up_keeps_context(bot):
    first = bot.answer("平潭综合实验区2024年新收政府信息公开申请多少件？")
    assert contains(first.text, "218")
    second = bot.answer("那2023年呢？", context=first.query)
    assert (
        contains(second.text, "81") and "2023_平潭综合实验区管委会." in second.citations[0].file
    )  # .txt or the .html that reads more cells


def test_consistency_reports_the_findings(bot):
    a = bot.answer("淮安市洪泽区人民政府2023年的行政复议数据是否一致？")
    assert "不一致" in a.text and contains(a.text, "10") and contains(a.text, "11")
    a = bot.answer("七营镇2024年的年报数据是否一致？")
    assert "未发现" in a.text


def test_narrative_answer_quotes_the_report(bot, lib):
    a = bot.answer("镇罗镇打算怎样改进就业信息公开？")
    assert a.citations
    for c in a.citations:
        text = lib.facts.report_text(c.report_id)
        assert text[c.start : c.end] == c.quote
        assert c.section == "problems_and_improvements"


def test_wrong_number_is_flagged(bot, lib):
    r = next(x for x in lib.reports() if x["name"] == "004_9c54c256ccc794aa.txt")
    cite = bot.cell_citation(1, r, ("A.penalty_decisions",))
    checks = verify("镇罗镇2024年作出行政处罚决定 104 件 [1]。", [cite], lib)
    assert [(c.value, c.status) for c in checks] == [("104", "contradicted")]
    checks = verify("镇罗镇2024年作出行政处罚决定 103 件 [1]。", [cite], lib)
    assert [(c.value, c.status) for c in checks] == [("103", "verified")]
    stray = Citation(1, r["id"], r["file"], r["body"], 2024, "overview", "无关的句子")
    assert verify("镇罗镇公示栏 777 条 [1]", [stray], lib)[0].status == "not_found"


def test_ask_json(lib):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "--data-dir",
            str(lib.dir),
            "ask",
            "--json",
            "镇罗镇2024年作出了多少件行政处罚决定？",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert {"answer", "kind", "citations", "numbers"} <= set(out)
    assert out["citations"][0]["file"] == "004_9c54c256ccc794aa.txt"
    assert {"file", "body", "year", "section", "quote"} <= set(out["citations"][0])
    assert out["numbers"] == [{"value": "103", "status": "verified", "cell": "A.penalty_decisions"}]


def test_eval_cli_prints_baseline(lib):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "--data-dir",
            str(lib.dir),
            "eval",
            "--json",
            str(SHARED / "eval" / "questions.jsonl"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    figures = json.loads(p.stdout)["figures"]
    assert figures["gongkai"]["all"]["score"] > figures["naive"]["all"]["score"]


def test_sum_count_rank_compare(bot):
    a = bot.answer("平潭综合实验区2021年到2023年一共新收多少件政府信息公开申请？")
    assert a.kind == "sum" and contains(a.text, "225") and "〔" not in a.text  # 70 + 74 + 81, verified
    assert len(a.citations) == 3
    a = bot.answer("2024年有几个单位作出了行政处罚？")
    assert a.kind == "count" and "共 4 份" in a.text
    a = bot.answer("2024年行政处罚最多的是哪个单位？")
    assert a.kind == "rank" and a.text.startswith("行政处罚决定最多的是淮安市人民政府（2024年）：3985758 件")
    a = bot.answer("近三年平潭综合实验区行政诉讼情况对比")
    assert a.kind == "compare" and sorted({c.year for c in a.citations}) == [2023, 2024, 2025]
    assert contains(a.text, "19")  # 2024: 0 direct + 19 after reconsideration


def test_derived_figures_show_formula_and_cells(bot):
    a = bot.answer("按“行政复议纠错率 = 结果纠正 ÷ 总计”算，淮安市2024年的行政复议纠错率是多少？")
    assert a.text.startswith("淮安市人民政府2024年行政复议纠错率为 18.2%")
    assert "64 ÷ 351" in a.text and {c.cell for c in a.citations} == {
        "C.reconsideration.corrected",
        "C.reconsideration.total",
    }
    a = bot.answer("平潭2025年新收申请的同比增长率是多少？")
    assert "下降 29.4%" in a.text and "(154 − 218) ÷ 218" in a.text
    a = bot.answer("淮安2024年行政许可是行政处罚的多少倍？")
    assert "0.11 倍" in a.text and "447228 ÷ 3985758" in a.text


def test_unknown_is_never_zero(bot):
    a = bot.answer("海原县海城镇2022年的政府信息公开行政复议有几件？")
    assert "未知" in a.text and not contains(a.text, "0")
    assert a.citations and a.citations[0].file.endswith("002_19cc13ecf0eb244d.txt")
    a = bot.answer("海城镇2022年的行政复议纠错率是多少？")
    assert "无法计算" in a.text and "%" not in a.text


def test_difference_rank_and_thresholds(bot):
    a = bot.answer("平潭2023年的行政许可决定比2022年少了多少？")
    assert "少 8061 件" in a.text and "2629 − 10690" in a.text
    a = bot.answer("2024年各单位新收的政府信息公开申请，从多到少排个序。")
    text = a.text.replace(",", "")
    assert text.index("3119") < text.index("218") < text.index("34 件")
    a = bot.answer("哪些单位的行政处罚决定超过一万件？")
    assert "3985758" in a.text and "693957" in a.text and "2113" not in a.text
    a = bot.answer("上海市政府办公厅2025年的办理结果里，哪种情况最多？")
    assert "最多的是无法提供" in a.text and contains(a.text, "564")


def test_conversation_inherits_and_drops(bot):
    a = bot.converse(["洪泽区2023年的行政许可是多少件？", "比淮安市2024年少多少？"])
    assert contains(a.text, "446678")
    a = bot.converse(["淮安市2024年行政许可处理决定多少件？", "那行政强制呢？"])
    assert contains(a.text, "88283") and "行政许可" not in a.text.split("\n")[0]
    a = bot.converse(["上海市科委2024年新收了几件申请？", "予以公开的有几件？", "那无法提供的呢？具体是什么原因？"])
    assert "不掌握" in a.text and contains(a.text, "10")


def test_library_mentions_english_and_not_counted(bot):
    a = bot.answer("库里有几份2023年度的年报？分别是哪些单位的？")
    assert "4 份" in a.text and "七里营镇" in a.text
    a = bot.answer("哪些年报提到了三审三校？")
    assert a.kind == "mentions" and a.text.startswith("共 ")
    for c in a.citations:
        assert "三审三校" in c.quote
    a = bot.answer(
        "In Huai'an's 2024 report, what share of applications ended as 'information not held by this agency'? Compute not-held ÷ total handled, one decimal place."
    )
    assert "25.2%" in a.text and "为" not in a.text.split("(")[0]
    a = bot.answer("How many penalty decisions did Fuzhou make in 2024?")
    assert a.kind == "unanswerable" and "Fuzhou" in a.text
    a = bot.answer("平潭综合实验区2024年的政府信息公开申请里，通过网上提交的有多少件？")
    assert a.kind == "unanswerable" and "没有" in a.text and not contains(a.text, "218")


def test_ambiguous_or_unknown_body_is_never_replaced(bot):
    a = bot.answer("沭阳县发改局2023年新收了几件申请？")
    assert {c.body for c in a.citations} == {"沭阳县发展和改革局"}
    a = bot.answer("办公厅2025年新收了多少申请？")  # only one 办公厅 in the library: it is meant
    assert {c.body for c in a.citations} == {"上海市人民政府办公厅"}


def test_a_message_with_two_questions_answers_both(bot):
    """Each part of a two-question message is answered; the second inherits what it does not say."""
    a = bot.answer("沭阳县政府2025年新收的申请有多少件？这里面自然人申请的占百分之几？")
    got = bot.answer("沭阳县政府2025年新收的申请有多少件？")
    total = next(n.value for n in got.numbers if n.status == "verified")
    assert contains(a.text, total) and "%" in a.text and "÷" in a.text
    a = bot.answer("淮安市2024年行政复议一共几件？结果如何？")
    assert "维持" in a.text and "纠正" in a.text and "尚未审结" in a.text
    a = bot.answer("淮安市2024年的表格里，新收加上年结转是否等于办理结果加结转下年？")
    assert a.kind == "consistency" and "成立" in a.text
    assert not [n for n in a.numbers if n.status == "contradicted"]  # a written sum is checked as a sum
    # one figure asked two ways stays one answer
    a = bot.answer("平潭综合实验区2022年的行政许可决定过万了吗？具体是多少件？")
    assert a.text.count("按：") == 1


def test_change_as_a_percentage_and_relative_years(bot):
    a = bot.answer("平潭2025年新收申请比2024年涨了多少？用百分比表示")
    assert a.kind == "change_rate" and "(154 − 218) ÷ 218" in a.text and contains(a.text, "29.4%")
    a = bot.converse(["平潭综合实验区2023年作出了多少件行政许可决定？", "那上一年呢？"])
    assert a.query.years == (2022,) and a.kind == "lookup"
    b = bot.answer("平潭综合实验区2022年作出了多少件行政许可决定？")
    assert a.text.split("\n")[0] == b.text.split("\n")[0]


def test_a_place_inside_a_library_place_is_not_the_place(bot):
    a = bot.answer("淮安市淮阴区2024年收到多少件政府信息公开申请？")
    assert a.kind == "unanswerable" and "淮阴区" in a.text and "3119" not in a.text
    a = bot.answer("泗阳县2025年的行政处罚决定有多少件？")  # a real county one character off 沭阳县
    assert a.kind == "unanswerable" and "泗阳县" in a.text and "沭阳县”？" not in a.text


def test_a_typo_no_real_place_has_is_read_as_the_library_place_and_said(bot):
    a = bot.answer("沭阴县2025年的行政许可决定有多少件？")  # no county is called 沭阴县 (bot/gazetteer)
    assert "“沭阴县”按沭阳县理解" in a.text and contains(a.text, "517645")
    a = bot.answer("准安市2024年收到多少件政府信息公开申请？")  # a four-character name: read as before
    assert contains(a.text, "3119") and "按淮安市理解" in a.text


def test_items_the_template_does_not_list(bot):
    """A 2019-template report has no 逾期不补正 row: said, the report cited, its 其他处理 row given."""
    a = bot.answer("平潭2019年有几件申请因为申请人没补正就不处理了？")
    assert "没有单列" in a.text and "其他处理" in a.text and a.citations
    assert not contains(a.text.split("；")[0], "0")  # never "0 件" for the row it does not have
    a = bot.answer("上海市科委2024年以“涉及商业秘密”为由不公开的有多少件？")
    assert "没有单列“涉及商业秘密”" in a.text


def test_litigation_after_reconsideration_in_everyday_words(bot):
    a = bot.answer("淮安市2024年先经过复议然后又打官司的，一共多少件？")
    assert "C.litigation_after_reconsideration.total" in {m.key for m in a.query.measures}
    assert "复议后起诉" in a.text


def test_figures_of_one_report_added_and_subtracted(bot):
    a = bot.answer("淮安市2024年予以公开的和部分公开的加起来有多少件？")
    assert a.kind == "sum" and "1362 + 454 = 1816" in a.text
    a = bot.answer("沭阳县政府2025年行政复议和行政诉讼总共多少件？")
    assert "61 + 13 = 74" in a.text  # the lawsuits' breakdown is not added twice
    a = bot.answer("淮安市2024年新收申请一共多少件，自然人提出的多少件？")
    assert a.kind == "lookup" and "+" not in a.text  # a row and its column are never added
    a = bot.answer("平潭2024年行政处罚决定比行政许可决定多多少件？")
    assert a.kind == "difference" and "−" in a.text and "比行政许可决定" in a.text


def test_names_people_use_for_bodies_the_library_prints_otherwise(bot):
    a = bot.answer("上海市政府2025年依申请公开办结了多少件？")
    assert a.query.places == ("上海市人民政府办公厅",) and "按上海市人民政府办公厅理解" in a.text
    assert contains(a.text, "1191")
    a = bot.answer("上海的科学技术委员会2024年新收了多少件申请？")  # printed as 上海市科委
    assert a.query.places == ("上海市科委",) and contains(a.text, "34")
    a = bot.answer("上海2025年收到多少件政府信息公开申请？")  # the place: every body of it with a 2025 report
    assert contains(a.text, "1295")


def test_left_out_and_by_applicant(bot):
    a = bot.answer("沭阳县2025年，不包括自然人，哪种申请人提的申请最多？")
    assert a.kind == "rank" and "自然人除外" in a.text and "法律服务机构" in a.text and contains(a.text, "5")
    a = bot.answer("淮安市2024年办理结果里不算部分公开，予以公开占总数的比例？")
    assert a.kind == "ratio" and "1362 ÷ 3050" in a.text
    a = bot.answer("平潭2025年来申请的都是什么人？分别多少件")
    assert "自然人" in a.text and "商业企业" in a.text


def test_follow_ups_keep_the_dimension_not_restated(bot):
    a = bot.converse(["沭阳县政府2025年行政复议维持了几件？", "如果是行政诉讼呢？"])
    assert [m.key for m in a.query.measures] == ["C.litigation.upheld"]
    assert "+" not in a.text.split("\n")[0] and "直接起诉" in a.text  # the two parts shown under it
    a = bot.answer("淮安市2024年未经复议直接起诉的行政诉讼有几件？其中被维持的几件？")
    assert [m.key for m in a.query.measures][-1] == "C.litigation_direct.upheld" or "直接起诉·维持" in a.text
    a = bot.converse(["平潭2022年新收了几件申请？", "那2023年呢？", "这两年一共多少件？"])
    assert a.kind == "sum" and a.query.years == (2022, 2023) and "155" in a.text and "74 + 81" in a.text


def test_a_text_figure_of_two_rows_is_checked_against_their_sum(bot):
    a = bot.answer("上海市政府办公厅2019年的正文里“予以公开及部分公开258件”跟表格一致吗？")
    first = a.text.split("\n")[0]
    assert "272 + 部分公开 3 = 275" in first and "不一致" in first
    assert all(n.status == "verified" for n in a.numbers)


def test_everyday_words_for_money_and_people_in_an_old_report(bot):
    a = bot.answer("平潭县地税局2013年搞政府信息公开一共花了多少钱？有几个人负责？")
    assert a.query.places == ("平潭综合实验区地方税务局",)  # 平潭县 qualifies the 地税局, not the 管委会
    assert "1万元" in a.text and "兼职人员1人" in a.text


def test_english_unit_words_requests_and_pending(bot):
    a = bot.answer("How many information requests did the Shanghai science and technology commission get in 2024?")
    assert a.query.places == ("上海市科委",) and contains(a.text, "34")
    a = bot.answer("How many requests of Huai'an in 2024 were still pending at the end of the year?")
    assert "B.carried_to_next_year.total" in {m.key for m in a.query.measures}


def test_questions_that_ask_to_check_the_text_against_the_table(bot):
    a = bot.answer("平潭2023年的行政规范性文件现行有效究竟是393件还是470件？")
    assert a.kind == "consistency" and "393" in a.text and "470" in a.text
    a = bot.answer("沭阳县2025年报正文说收到申请749件，表三新收是713件，为什么不一样？")
    assert a.kind == "consistency" and "结转" in a.text
    a = bot.answer("上海市政府办公厅2019年正文写“无法提供265件”，表三无法提供几项加起来是多少？")
    assert "265 + " in a.text and "= 337" in a.text


def test_top_n_trend_rates_and_ratio_ranks(bot):
    a = bot.answer("行政处罚决定最多的三份年报是哪三份？")
    assert a.kind == "rank" and a.query.top == 3 and a.text.count("\n3. ") == 1
    a = bot.answer("平潭2022年到2024年行政许可决定数量的变化")
    assert "%" in a.text and "÷" not in a.text.split("\n")[0]
    a = bot.answer("以行政复议纠正的件数占行政复议总数的比例计，哪份年报最高？")
    assert a.kind == "ratio" and "最高的是" in a.text


def test_yes_no_and_all_of_questions(bot):
    a = bot.answer("淮安市2024年有没有被人告上法院？")
    assert a.text.startswith("有。") and "行政诉讼" in a.text
    a = bot.converse(["平潭2023年新收了几件申请？", "都公开了吗？"])
    assert a.query.measures[0].key == "B.result.total.total" and "予以公开" in a.text and "部分公开" in a.text


def test_a_follow_up_naming_nothing_keeps_the_scope_and_adds_to_the_figure(bot):
    a = bot.converse(["淮安市2024年予以公开多少件？", "算上部分公开，占办理结果总计的百分之多少？"])
    assert a.query.places == ("淮安市人民政府",) and "(1362 + 454) ÷ 3050" in a.text


def test_what_only_the_text_says_and_what_it_does_not(bot):
    a = bot.answer("哪些年报说到过实际收取了信息处理费？")
    assert "信息处理费" in a.text and "3940" in a.text and "380" in a.text
    a = bot.answer("Did Huai'an collect information processing fees in 2024?")
    assert "3940" in a.text
    a = bot.answer("七营镇2024年政府网站的点击量是多少？")
    assert "没有写点击量的数字" in a.text


def test_conversations_count_years_from_what_was_asked(bot):
    a = bot.converse(["平潭2022年新收了多少件申请？", "2021年的呢？", "两年相差多少？"])
    assert a.kind == "difference" and "74 − 70 = 4" in a.text
    a = bot.converse(["平潭2021年新收了多少件申请？", "去年呢？"])  # the year before the one asked, not 2025
    assert a.query.years == (2020,)
    a = bot.converse(["淮安市2024年不予公开多少件？", "在各类办理结果里排第几？"])
    assert "排第5" in a.text


def test_older_reports_and_changes_the_text_states(bot):
    a = bot.answer("平潭2018年有没有行政复议？")
    assert "正文" in a.text and "未收到有关政府信息公开行政复议" in a.text
    a = bot.answer("上海市政府办公厅2019年受理的申请比上一年降了多少？")  # no 2018 report in the library
    assert "12.3%" in a.text and "没有上海市人民政府办公厅2018年的年报" in a.text


def test_shares_and_sums_of_figures_in_the_text(bot):
    a = bot.answer("镇罗镇2024年公开的信息里，微信公众号推送的占多少比例？")
    assert "560 ÷ 1962 = 28.5%" in a.text and all(n.status == "verified" for n in a.numbers)
    a = bot.answer("海原县海城镇2022年报正文的主动公开总数和分项相加对得上吗？")
    assert "24 + 41 + 52" in a.text and "117" in a.text
    a = bot.answer("What share of Shuyang's 2025 new requests came from lawyers?")
    assert "5 ÷ 713" in a.text and "0.7%" in a.text


def test_multiples_between_groups_and_changes_from_the_year_before(bot):
    a = bot.answer("淮安市2024年行政复议是行政诉讼的多少倍？")
    assert "行政复议 ÷ 行政诉讼：351 ÷ 46 = 7.6 倍" in a.text  # one decimal place, like a share
    a = bot.answer("平潭2023年行政许可决定比去年多了多少？")  # the year before 2023, not the calendar's
    assert a.query.years == (2022, 2023) and "2629 − 10690" in a.text
    a = bot.converse(["平潭2025年行政诉讼一共几件？", "比去年少了多少？"])
    assert a.query.years == (2024, 2025) and "9 − 19" in a.text


def test_a_few_reports_ranked_are_all_shown_and_attributes_no_table_counts(bot):
    a = bot.answer("2025年这几份年报里哪份新收申请最多？")
    assert "1295" in a.text and "713" in a.text and "154" in a.text
    a = bot.answer("沭阳县2025年女性申请人有多少？")
    assert a.kind == "unanswerable" and "性别" in a.text and "表三只按申请人类型统计" in a.text


def test_who_does_what_a_row_counts_is_not_an_applicant_column(bot):
    a = bot.answer("群众把同一件事又申请一遍的，平潭2024年按重复申请不予处理了多少件？")
    assert [m.key for m in a.query.measures] == ["B.result.not_processed.repeated.total"]
    a = bot.answer("上海市政府办公厅2025年补正之后还是不明确的申请有几件？")
    assert a.query.measures[0].key == "B.result.unable.unclear_after_correction.total"


def test_figures_the_question_states_are_checked_against_the_table(bot):
    a = bot.answer("淮安市2024年复议351件，其中纠正60件，跟表格一致吗？")
    assert "问题中的行政复议 351 件，淮安市人民政府2024年表格为 351 件" in a.text
    assert "表格为 64 件" in a.text and "不一致，相差 4 件" in a.text
    assert "结果维持 72、结果纠正 64、其他结果 178、尚未审结 37、总计 351" in a.text


def test_statistic_words_with_quotes_ranges_of_short_years_and_english_pending(bot):
    a = bot.answer("平潭2024年新收的申请里，“法律服务”机构提的有几件？")
    assert a.query.measures[0].key == "B.new_applications.legal_service_org"
    a = bot.answer("平潭22到24年新收申请平均每年多少件？")
    assert "(74 + 81 + 218) ÷ 3 = 373 ÷ 3 = 124.3" in a.text
    a = bot.answer("How many of Huai'an's 2024 reconsideration cases were still pending at year end?")
    assert a.query.measures[0].key == "C.reconsideration.pending" and "37" in a.text
    a = bot.answer("淮安市2024年直接起诉的行政诉讼还有几件没判完？")
    assert a.query.measures[0].key == "C.litigation_direct.pending"


def test_a_body_compared_in_a_follow_up_and_a_government_the_library_lacks(bot):
    a = bot.converse(["七营镇2024年行政处罚多少件", "和镇罗镇比呢？"])
    assert "103" in a.text and len({c.report_id for c in a.citations}) == 2
    a = bot.converse(["淮安市2024年行政复议多少件？", "和沭阳县比呢？"])
    assert "资料库中没有沭阳县人民政府2024年的年报（有 2025年 的）" in a.text
    a = bot.answer("中卫市政府2024年新收多少件申请？")  # only a town of 中卫市 is in the library
    assert a.kind == "unanswerable" and "没有中卫市人民政府的年报" in a.text and "镇罗镇" in a.text


def test_requests_for_precedents_read_the_text(bot):
    a = bot.answer("有没有年报写了“驼鸣古道”？原文给我")
    assert a.kind == "mentions" and "七营镇" in a.text
    a = bot.answer("有没有报告写过防止超期答复的具体做法？举个例子，最好有次数")
    assert a.kind == "narrative" and "催办提示84次" in a.text
    a = bot.answer("想参考别的镇写村务公开不规范的问题，有没有镇写过？")
    assert "拍照上传" in a.text
    a = bot.answer("依申请公开那部分，有没有报告写了化解矛盾的成效？给个例子")
    assert "办前主动沟通49次" in a.text  # 化解…矛盾 written apart


def test_traditional_characters_and_last_year_of_the_year_said(bot):
    a = bot.answer("淮安市2024年行政訴訟一共幾件")
    assert "46" in a.text and a.query.places == ("淮安市人民政府",)
    a = bot.answer("平潭2024年新收218件申请，那它前年的呢")
    assert a.query.years == (2022,)


def test_the_figures_a_conversation_asked_added_and_a_claim_of_two_groups(bot):
    a = bot.converse(["平潭2023年新收多少件申请？", "那予以公开的呢？", "这两个数加起来是多少？"])
    assert a.kind == "sum" and "81 + 22 = 103" in a.text
    a = bot.answer("淮安市2024年报说复议和诉讼一共397件，对吗？")
    assert (
        "行政复议 351 + 行政诉讼·未经复议直接起诉 26 + 行政诉讼·复议后起诉 20 = 397 件" in a.text and "一致" in a.text
    )


def test_results_as_where_a_figure_is_a_column_share_and_a_total_beside_its_largest_part(bot):
    a = bot.answer("2024年的年报按办理结果中不予公开的件数排个序")
    assert a.query.measures[0].key == "B.result.withheld.total" and "178" in a.text
    a = bot.answer("淮安市2024年商业企业的申请，部分公开的占这类申请办理结果总计的比例？")
    assert "7 ÷ 53 = 13.2%" in a.text
    a = bot.answer("平潭2024年不予公开的一共多少件？哪个理由最多？")
    assert "不予公开（各项合计）：39 件" in a.text and "最多的是" in a.text


def test_how_one_kind_of_applicant_was_answered(bot):
    a = bot.answer("淮安市2024年律所提的申请都是怎么答复的？")
    assert a.query.measures[0].key == "B.result.total.legal_service_org" and a.kind == "lookup"
    assert "- 予以公开：50 件" in a.text and "本机关不掌握相关政府信息：10 件" in a.text
    assert "没有单列" not in a.text  # a row of the other template is not listed as unknown


def test_a_claim_that_something_never_happened_against_its_cells(bot):
    a = bot.answer("淮安市2024年报说没有行政复议被纠错，表四支持这个说法吗？")
    assert a.kind == "consistency" and "行政复议·结果纠正 64" in a.text and "与这一说法不符" in a.text
    a = bot.answer("平潭2024年报称行政诉讼没有败诉的，表四的结果纠正支持这个说法吗？")
    assert "与这一说法一致" in a.text or "与这一说法不符" in a.text


def test_decimals_asked_template_editions_and_applicants_kept_across_parts(bot):
    a = bot.answer("淮安市2024年行政复议件数是行政诉讼的几倍？")
    assert "7.6 倍" in a.text and "7.63" not in a.text  # one decimal place, like a share
    a = bot.answer("淮安市2024年行政复议件数是行政诉讼的几倍？请保留两位小数")
    assert "7.63 倍" in a.text
    a = bot.answer("按2021版的格式，沭阳县2025年行政强制决定有多少件？")
    assert a.query.years == (2025,) and "2154" in a.text
    a = bot.answer("淮安市2024年律师事务所提的申请，上年结转了几件？转到下一年的有几件？")
    assert [m.key.rsplit(".", 1)[1] for m in a.query.measures] == ["legal_service_org", "legal_service_org"]


def test_two_bodies_of_a_conversation_and_the_plans_a_report_makes(bot):
    a = bot.converse(["淮安市2024年行政强制决定有多少件？", "平潭综合实验区2024年呢？", "两家相差多少件，是几倍？"])
    assert a.kind == "difference" and "倍" in a.text and "多" in a.text
    assert {c.body for c in a.citations} >= {"淮安市人民政府", "平潭综合实验区管委会"}
    a = bot.converse(["平潭2019年的年报存在什么问题？", "2020年打算怎么改进？"])
    assert {c.year for c in a.citations} == {2019} and "继续强化信息公开责任" in a.text


def test_claims_quoted_one_after_another_and_the_text_added_up(bot):
    a = bot.answer("上海市科委2024年报正文写“无法提供10件”“其他处理14件”，和表三对得上吗？")
    assert a.text.count("：一致") >= 2 and "不一致" not in a.text
    a = bot.answer("七营镇2024年公开的347条信息，政府网站、微信公众号和视频号三项相加等于这个数吗？")
    assert "47 + " in a.text and "= 347 条：一致" in a.text
    a = bot.answer("沭阳县2025年说图文及视频类解读产品“占比超八成”，精确到小数点后两位是多少？")
    assert "17 ÷ 21 = 80.95%" in a.text


def test_what_applications_were_about_is_not_counted_and_quoted_terms_found(bot):
    a = bot.answer("平潭2025年涉及征地拆迁的信息公开申请有多少件？")
    assert a.kind == "unanswerable" and "不按申请或案件涉及的事项分类" in a.text
    assert "资源生态局" in a.text  # what the text says about it, quoted
    a = bot.answer("“政社合作”是什么意思？哪几份年报提到了，怎么做的？")
    assert a.kind == "mentions" and a.query.phrase == "政社合作" and a.citations


def test_english_plurals_and_shares_of_a_whole(bot):
    a = bot.answer("Huai'an 2024: the administrative reconsiderations were how many times its lawsuits?")
    assert "7.6 times" in a.text and "351" in a.text
    a = bot.answer("What proportion of the new applications Huai'an received in 2024 were disclosed in full?")
    assert "1362 ÷ 3119 = 43.7%" in a.text


def test_two_character_homophones_fines_introductions_shares_said_and_what_a_figure_includes(bot):
    a = bot.answer("平谭2024年新收了多少件申请？")
    assert "218" in a.text and "“平谭”按平潭理解" in a.text
    a = bot.answer("沭阳县2025年行政处罚的罚款金额是多少？")
    assert a.kind == "unanswerable" and "罚没金额" in a.text and "693957" not in a.text
    a = bot.answer("您好，我是街道办写年报的，七营镇2024年存在的问题是怎么写的？")
    assert a.query.level is None and {c.section for c in a.citations} == {"problems_and_improvements"}
    a = bot.answer("上海市政府办公厅2019年报说不予处理158件，占19.6%，拿805件做分母算对不对？")
    assert "158 ÷ 805 = 19.6%" in a.text and "一致" in a.text and a.citations
    a = bot.answer("上海市政府办公厅2025年表四的复议件数，算不算上年度结转过来的？")
    assert "含上年度结转" in a.text


def test_text_figures_of_two_years_lists_in_quotes_and_the_library_by_body(bot):
    a = bot.answer(
        "“上海发布”微信公众号的粉丝数，上海市政府办公厅2019年报和2025年报各写的是多少？2025年是2019年的几倍？"
    )
    assert "1360" in a.text and "550" in a.text and "1360 ÷ 550 = 2.47" in a.text
    a = bot.answer("有没有哪个乡镇把信息发布的“一审、二审、三审”分别由谁来审写清楚了？原话怎么说的？")
    assert "同时写到" in a.text and "办公室主任" in a.text
    a = bot.answer("有没有哪个县的年报写了清理了多少条过期信息、整改了多少处失效链接？")
    assert "697" in a.text and "43处" in a.text and "共 1 份年报" in a.text
    a = bot.answer("这个库里哪个单位的年报收得最多？一共几份？")
    assert a.kind == "library" and a.text.startswith("年报最多的是平潭综合实验区管委会：共 8 份")
    a = bot.answer("有没有报告把政务公开的内容放进镇村干部培训班里的？原文怎么写的？")
    assert not a.query.unknown_places and "综合素质提升培训班" in a.text


def test_a_group_explained_in_brackets_and_the_texts_figures_each_checked(bot):
    a = bot.answer("平潭2025年“其他处理”（逾期不补正、逾期不交费、其他 三项合计）占办理结果总计的百分之几？")
    assert "11 ÷ 148 = 7.4%" in a.text
    a = bot.answer(
        "上海市府办2025年报正文列了予以公开及部分公开、不予公开、无法提供、不予处理、其他处理各多少件，这几个数跟表三能对上吗？"
    )
    assert a.kind == "consistency" and a.text.count("：一致") == 5 and "564" in a.text
    a = bot.converse(
        ["平潭2020年的《问政平潭之有事你说》一共办了几期？", "这个栏目那年收到多少件群众诉求？现场解决了几件？"]
    )
    assert "348" in a.text and "162" in a.text and "没有写" not in a.text


def test_the_askers_situation_is_context_and_what_only_the_text_counts(bot):
    a = bot.answer("我是洪泽区下面一个局的，领导让我参考区政府的写法。洪泽区政府2023年的行政规范性文件，本年制发几件？")
    assert a.kind == "lookup" and "0 件" in a.text
    a = bot.answer("今年我们局搞机构改革，网站的栏目和目录对不上了。有没有单位在年报里写过这种问题？后来是怎么改的？")
    assert a.kind == "narrative" and "张江高新区" in a.text and a.text.index("上海市科委") < 40
    a = bot.answer("平潭实验区24年的行政许可决定比23年涨了多少？按（今年－去年）÷ 去年算个同比。")
    assert "(4529 − 2629) ÷ 2629 = 72.3%" in a.text
    a = bot.answer("同样是2023年，洪择区的行政处罚决定数是平潭实验区的几倍？")
    assert "4119 ÷ 1330" in a.text and "“洪择区”按洪泽区理解" in a.text
    a = bot.answer("平谭2018年的12345便民服务平台一共收到多少件咨询投诉？")
    assert "2019年以前的格式" in a.text and "15564" in a.text
    a = bot.converse(["上海市府办2025年其他处理有多少件？", "这里面申请人自己主动撤回的有几件？"])
    assert "157" in a.text


def test_rows_named_in_passing_rates_stated_and_groups_listed_in_the_text(bot):
    a = bot.answer("沭阳县政府2025年办理结果里“其他”那一项是多少件？")
    assert "其他处理·其他 143 件" in a.text or "其他处理·其他：143 件" in a.text
    a = bot.answer("上海市政府办公厅2019年以“重复申请”为由不予处理的一共几件？其中商业企业提的有几件？")
    assert "不予处理·重复申请·商业企业 4 件" in a.text
    a = bot.answer("沭阳县发改局2023年有没有被人申请行政复议？有的话结果出来了没？")
    assert a.text.startswith("有。") and "尚未审结 1 件" in a.text
    a = bot.answer("平潭地税局2013年的年报说审批事项“受理117件，办结171件，办结率100%”，这几个数字说得通吗？")
    assert a.kind == "consistency" and "171 ÷ 117 = 146.2%" in a.text and "不一致" in a.text
    a = bot.answer("沭阳县政府2025年报正文说“全县共办理相关案件74件”（行政复议、行政诉讼），这个数跟表四对得上吗？")
    assert "行政复议 61 + 行政诉讼·未经复议直接起诉 3 + 行政诉讼·复议后起诉 10 = 74 件" in a.text and "：一致" in a.text
    a = bot.answer("沭阳县政府2024年的行政处罚决定有多少件？我想跟它2025年的比一比。")
    assert "没有沭阳县人民政府2024年的年报" in a.text


def test_which_whole_a_share_was_taken_of_a_columns_claims_and_a_texts_change(bot):
    a = bot.answer(
        "上海市府办2025年报说“因本机关不掌握等原因无法提供564件（47.36%）”，这个百分比是拿哪个数当分母算的？"
    )
    assert "564 ÷ 1191 = 47.36%，与所说的一致" in a.text and "564 ÷ 1295 = 43.55%" in a.text and "〔" not in a.text
    a = bot.answer("核一下淮安2024年表三“商业企业”这一列：新收53件、上年结转0件，各项办理结果加起来是不是正好53？")
    assert "本年新收政府信息公开申请数量·商业企业 53 件" in a.text and "予以公开·商业企业 21" in a.text
    a = bot.answer("平潭22年全区主动公开了一万四千多条政府信息，23年是多少条？同比变化了百分之几？")
    assert "(13561 − 14571) ÷ 14571 = -6.9%" in a.text
    a = bot.converse(
        ["沭阳县政府2025年信访举报投诉类申请不予处理的有几件？", "上海市府办2025年呢？", "这两家加起来呢？"]
    )
    assert a.kind == "sum" and "74" in a.text


def test_lists_in_brackets_left_out_items_and_the_results_of_one_column(bot):
    a = bot.answer("市府办（上海）2025年“其他处理”下面除了逾期不补正、没交费这两种，剩下归到“3.其他”的有多少件？")
    assert "其他处理·其他" in a.text and "276" in a.text and "没有单列" not in a.text
    a = bot.answer("上海市府办“不予处理”的申请（信访举报投诉类、重复申请这些），2019年和2025年各多少件？少了多少件？")
    assert "158" in a.text and "80" in a.text and "78" in a.text
    a = bot.answer("库里所有年报里，“复议后起诉”（先复议、复议完又告到法院）的行政诉讼，最多的前三是哪几份？")
    assert a.text.index("22 件") < a.text.index("20 件") < a.text.index("19 件")
    a = bot.answer(
        "淮安市政府2024年有4件申请是“其他”类组织提的（不是企业、科研机构、公益组织，也不是律所），最后都是怎么处理的？"
    )
    assert "予以公开：3 件" in a.text and "商业企业" not in a.text
    a = bot.answer("平谭实验区21年有两件是社会公益组织递的信息公开申请，最后给公开了没有？")
    assert "予以公开：2 件" in a.text
    a = bot.answer("有没有县写过把政务公开服务点往村里、集市这些地方延伸的？原话给我。")
    assert "非遗市集" in a.text


def test_carry_over_along_the_years_stated_breakdowns_and_the_one_ranked_first(bot):
    a = bot.answer("平潭2022到2025这几年，每年年报的“上年结转”跟前一年年报的“结转下年度继续办理”对得上吗？")
    assert a.text.startswith("逐年核对，每一年都一致") and "2025年结转下年度继续办理 6 件" in a.text
    a = bot.answer(
        "平潭2018年报说全区主动公开政府信息2069条，又说区管委会及区直部门1592条、乡镇477条。这两种拆分加起来都等于2069吗？"
    )
    assert "1592 + 477 = 2069 条，与 2069 条一致" in a.text and "+ 1029 = 2069 条" in a.text
    a = bot.converse(["2024年库里那三个镇，谁的行政处罚决定最多？", "那个镇一年微博转载了多少条？"])
    assert a.query.places == ("中卫市沙坡头区镇罗镇人民政府",) and "113" in a.text
    a = bot.answer("表三“本年新收”不是0的那些年报里，新收申请最少的是哪份？几件？")
    assert "21 件" in a.text and "0 件" not in a.text


def test_the_rest_of_a_column_which_years_report_and_a_total_the_text_never_gives(bot):
    a = bot.answer("淮安市政府24年律所提了六十一件申请，我知道50件公开了、10件是本机关不掌握，那剩下的1件是啥结果？")
    assert "逾期不补正" in a.text and "1 件" in a.text
    a = bot.answer(
        "我之前在上海网上提交过申请，想知道能不能网上补材料或者撤回。上海市政府办公厅哪年的年报里写过依申请受理页面加了这些功能？"
    )
    assert {c.year for c in a.citations} == {2019} and "在线补正" in a.text
    a = bot.answer("沭阳县政府2025年说政务新媒体有52条爆款内容，这52条加起来总播放量是多少？")
    assert "没有写总播放量的数字" in a.text
    a = bot.answer("有没有老格式年报写过落实主要领导“第一解读人”职责的？具体怎么落实的？")
    assert "新闻发言人制度" in a.text
    a = bot.answer("平潭21到25年这五年，行政强制决定平均一年多少件？")
    assert "= 225 ÷ 5 = 45" in a.text


def test_the_name_of_the_regulation_a_report_follows(bot):
    a = bot.answer("七里营镇2023年报开头说认真贯彻的是哪部条例？这个名称对吗？")
    assert (
        "《新乡县人民政府信息公开条例》" in a.text
        and "名称有误" in a.text
        and "中华人民共和国政府信息公开条例" in a.text
    )
    a = bot.answer("七营镇2024年报说执行的是哪部条例？名称对吗？")
    assert "名称正确" in a.text and "名称有误" not in a.text


def test_what_a_report_says_of_itself_and_where_bodies_belong(bot):
    a = bot.answer("pingtan 2024年报 哪天发的")
    assert "2025-03-10" in a.text and a.citations
    a = bot.answer("淮安市政府24年报 谁编的 电话多少")
    assert "淮安市人民政府办公室" in a.text and "0517-83605210" in a.text
    a = bot.answer("平潭年报上留的联系电话 一九 二〇 二一这三年一样吗")
    assert "各年不一样" in a.text and "0591-23165250" in a.text and "0591-23165370" in a.text
    a = bot.answer("七营镇年报 有留联系电话吗 多少")
    assert "没有写" in a.text and not re.search(r"\d{7,8}", a.text)
    a = bot.answer("When was Pingtan's 2023 annual report published online, and what phone number does it list?")
    assert "2024-03-08" in a.text and "23165385" in a.text  # the web page's PubDate
    a = bot.answer("海城镇跟七营镇是一个县的吗")
    assert a.text.startswith("是同一个县：都属于海原县")
    a = bot.converse(["沭阳发改局2023年报 哪天公开的", "县政府2025那份呢 落款哪天"])
    assert a.query.places == ("沭阳县人民政府",) and "2026年1月23日" in a.text


def test_phone_typed_questions_and_a_text_figure_compared_in_a_follow_up(bot):
    a = bot.answer("村民看不懂政策 有没有镇写过用方言讲的 原话")
    assert "方言" in a.text and "座谈会" in a.text
    a = bot.answer("紧急的信息审得慢 有没有镇写了快速审核发布的制度 叫啥")
    assert "随到随审随发" in a.text
    a = bot.converse(["辛店镇24年主动公开多少条", "比七营镇少多少"])
    assert "辛店镇人民政府2024年为 167条" in a.text and "少 180条" in a.text


def test_a_total_and_a_ranking_in_one_message_and_text_figures_of_three_years(bot):
    a = bot.answer("平潭实验区2021到2025这五年的行政处罚决定加起来一共多少件？哪一年最多，是多少件？")
    assert "6469" in a.text and "最多的是2022年：2113 件" in a.text
    a = bot.answer("平潭这几年年报里写的政策解读篇数，2023年、2024年、2025年各是多少篇？2025年比2024年下降了百分之几？")
    assert "(82 − 96) ÷ 96 = -14.6%" in a.text and "117篇" in a.text
    a = bot.answer("上海市政府办公厅2019年表三里，“其他”类法人或其他组织提了几件申请？最后是什么结果？")
    assert "办理结果总计·其他：1 件" in a.text and "予以公开：1 件" in a.text and "行政复议" not in a.text
    a = bot.answer("税务局那种老年报 公开形式上有啥创新的说法 原话")
    assert "一架" in a.text


def test_parts_named_before_in_another_unit_and_the_scope_named_outright(bot):
    a = bot.answer(
        "镇罗镇2024年报说各渠道广泛传播信息1962条，后面列了政府网站、微信公众号、微博、视频号、公示栏、村务公开平台各自的数。这些分项加起来是1962吗？"
    )
    assert "= 1930 条" in a.text and "视频号 32 期" in a.text and "1930 + 32 = 1962" in a.text and "〔" not in a.text
    a = bot.answer("有没有县的年报举过县直部门通俗化解读的具体例子？哪些部门解读了什么政策？")
    assert a.query.level == "county" and "三首两新" in a.text
