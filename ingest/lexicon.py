"""Everyday words for the schema's rows and columns, kept beside the schema as data.

The schema's own labels (ingest/schema.py) already give the official names of every row and
column; this lexicon adds what people say instead ("罚了" for 行政处罚, "企业" for 商业企业, "律所"
for 法律服务机构, "not held" for 本机关不掌握). bot/vocabulary.py joins both into one phrase table.

A concept is (part, name): part is one of
    A.row, A.col       table A (主动公开): rows 规章…政府集中采购, columns 本年制发…决定数量
    B.row, B.group     table B (依申请) rows, or a result group (不予公开 = the sum of its rows)
    B.col, B.colgroup  table B applicant columns, or the 法人或其他组织 group
    C.group, C.col     table C (复议诉讼) groups and outcome columns
    metric             a derived figure with a formula (bot/measures.py)

    >>> ("A.row", "penalty") in {c for cs in EVERYDAY.values() for c in cs}
    True
"""

from __future__ import annotations

# table A rows and columns: official words are here too (table A's labels in the schema are rows only)
A_ROWS: dict[str, tuple[str, ...]] = {
    "rules": ("规章",),
    "normative_documents": ("行政规范性文件", "规范性文件", "规范文件", "normative documents", "normative document"),
    "licensing": ("行政许可", "许可", "审批", "批了", "批准", "licensing", "licence", "license", "permits"),
    "other_services": ("其他对外管理服务事项", "对外管理服务"),
    "penalty": (
        "行政处罚",
        "处罚",
        "罚款",
        "罚了",
        "罚过",
        "罚没",
        "penalty",
        "penalties",
        "fines",
        "punishment",
    ),
    "coercion": ("行政强制", "强制措施", "强制执行", "强制", "coercive", "coercion", "enforcement measures"),
    "fees": ("行政事业性收费", "事业性收费", "收费", "收了多少钱", "fees", "fee"),
    "procurement": ("政府集中采购", "集中采购", "采购", "procurement"),
}
A_COLUMNS: dict[str, tuple[str, ...]] = {
    "issued": ("本年制发", "制发", "新制定", "出台", "印发", "新发", "发了", "issued"),
    "repealed": ("本年废止", "废止", "废除", "废了", "repealed"),
    "in_force": ("现行有效", "还有效", "仍有效", "仍然有效", "有效的", "in force"),
    "decisions": ("处理决定", "决定数", "决定"),
    "items_last_year": ("上一年项目数量", "上年项目数", "上一年项目", "事项数量", "事项数"),
    "items_change": (
        "本年增/减",
        "本年增减",
        "增/减",
        "增减",
        "比上一年增加",
        "比上年增加",
        "比上一年减少",
        "比上年减少",
        "比上一年增减",
        "增加了多少项",
        "减少了多少项",
        "新增了多少项",
        "增加了几项",
        "减少了几项",
    ),
    "amount": ("总金额", "收费金额", "金额", "多少钱", "amount"),
    "projects": ("采购项目", "项目数", "多少个项目", "几个项目", "项目"),
    "made": ("本年新制作", "新制作"),
    "published": ("本年新公开", "新公开"),
    "total_published": ("对外公开总数量", "对外公开总数"),
}

EVERYDAY: dict[str, tuple[tuple[str, str], ...]] = {}
WEAK: set[str] = set()


def _add(part: str, name: str, words) -> None:
    for w in words:
        EVERYDAY.setdefault(w, ())
        if (part, name) not in EVERYDAY[w]:
            EVERYDAY[w] = (*EVERYDAY[w], (part, name))


def _add_weak(part: str, name: str, words) -> None:
    _add(part, name, words)
    WEAK.update(words)


for _row, _words in A_ROWS.items():
    _add("A.row", _row, _words)
for _col, _words in A_COLUMNS.items():
    _add("A.col", _col, _words)

# table B: the schema's labels and distinctive keys come first; these are the other ways to say them
_add("B.row", "new_applications", ("新收", "新受理", "new applications", "new requests"))
# words too general to name a row on their own: they count only when nothing more specific does
_add_weak(
    "B.row",
    "new_applications",
    ("收到", "受理", "收了", "提出", "提的", "提交", "申请数", "申请量", "依申请", "公开申请", "申请了", "申请过"),
)
_add_weak(
    "B.row",
    "new_applications",
    ("人申请", "申请政府信息公开", "applications", "applications did", "received", "receive", "requests", "request"),
)
_add(
    "B.row",
    "carried_from_last_year",
    ("上年结转", "上一年结转", "结转过来", "从上一年", "上年度结转", "去年转过来", "上年转来", "carried over from"),
)
_add(
    "B.row",
    "carried_to_next_year",
    (
        "结转下年",
        "结转到下一年",
        "结转至下",
        "转下年",
        "下一年度继续办理",
        "继续办理",
        "结转到下年",
        "转到下一年",
        "转到下年",
        "转入下一年",
        "转入下年",
        "顺延到下",
        "还没办完",
        "没有办完",
        "没办完",
        "未办结",
        "尚未办结",
        "carried forward",
        "carried over to",
        "still being handled",
        "pending at the end of the year",
        "pending at year end",
        "still open",
        "unfinished",
    ),
)
_add(
    "B.row",
    "result.total",
    (
        "办理结果总计",
        "办理结果",
        "办结",
        "答复总数",
        "处理结果",
        "办理总数",
        "答复",
        "答复了",
        "total handled",
        "handled",
    ),
)
_add("B.row", "result.disclosed", ("予以公开", "同意公开", "全部公开", "全文公开", "disclosed in full", "disclosed"))
_add("B.row", "result.partially_disclosed", ("部分公开", "区分处理", "partially disclosed", "partly disclosed"))
_add("B.row", "result.withheld.state_secret", ("国家秘密", "涉密", "state secret"))
_add("B.row", "result.withheld.third_party_rights", ("第三方",))
_add("B.row", "result.withheld.internal_affairs", ("内部事务", "内部管理信息", "internal affairs"))
_add("B.row", "result.withheld.process_information", ("过程性信息", "过程信息", "process information"))
_add("B.row", "result.withheld.enforcement_files", ("执法案卷", "enforcement files"))
_add("B.row", "result.withheld.administrative_query", ("行政查询", "查询事项", "administrative query"))
_add("B.row", "result.unable.not_held", ("不掌握", "没有掌握", "not held", "does not hold", "not hold"))
_add("B.row", "result.unable.needs_creation", ("另行制作", "没有现成", "需要制作"))
_add(
    "B.row",
    "result.unable.unclear_after_correction",
    ("仍不明确", "补正后", "内容不明确", "补正以后", "补正之后", "还是不明确", "仍然不明确", "依然不明确", "还不明确"),
)
_add("B.row", "result.not_processed.petition_or_complaint", ("信访", "举报投诉", "投诉举报", "信访举报"))
_add("B.row", "result.not_processed.repeated", ("重复申请", "重复提出"))
_add("B.row", "result.not_processed.publication", ("出版物",))
_add("B.row", "result.not_processed.excessive", ("大量反复", "反复申请"))
_add("B.row", "result.not_processed.reconfirmation", ("重新出具", "确认或重新", "已获取信息"))
_add("B.row", "result.other.no_correction", ("逾期不补正", "不补正", "没补正", "未补正"))
_add(
    "B.row",
    "result.other.fee_unpaid",
    ("缴纳费用", "收费通知", "没交费", "未交费", "没缴费", "未缴费", "逾期未缴", "没有交费", "没有缴费"),
)
_add("B.row", "result.other.other", ("其他处理中的其他", "其他处理的其他", "其他处理·其他", "其他情形"))
_add("B.group", "withheld", ("不予公开", "不公开", "拒绝公开", "拒绝", "没公开", "withheld", "refused"))
_add("B.group", "unable", ("无法提供", "提供不了", "没法提供", "没办法提供", "不能提供", "unable to provide"))
_add("B.group", "not_processed", ("不予处理", "不处理", "not processed"))
_add("B.group", "other", ("其他处理",))
_add("B.col", "natural_person", ("自然人", "个人", "公民", "群众", "老百姓", "natural person", "individuals"))
_add(
    "B.col",
    "commercial_enterprise",
    ("商业企业", "企业", "公司", "commercial enterprise", "enterprises", "companies"),
)
_add("B.col", "research_institution", ("科研机构", "科研院所", "高校", "research institution"))
_add("B.col", "public_welfare_org", ("社会公益组织", "公益组织", "公益机构", "public welfare"))
_add(
    "B.col",
    "legal_service_org",
    ("法律服务机构", "律师事务所", "律所", "律师", "legal service", "law firm", "law firms", "lawyer", "lawyers"),
)
_add(
    "B.col",
    "other_org",
    (
        "其他组织",
        "其他法人",
        "“其他”类法人",
        "“其他”类组织",
        "“其他”类申请人",
        "“其他”类",
        "其他类法人",
        "其他类组织",
        "其他类申请人",
        "other organisations",
        "other organizations",
    ),
)
_add("B.colgroup", "legal_persons", ("法人或其他组织", "法人和其他组织", "法人", "单位申请", "organisations"))

# table C
_add(
    "C.group",
    "reconsideration",
    ("行政复议", "复议", "被申请行政复议", "reconsideration", "administrative review"),
)
_add("C.group", "litigation_direct", ("未经复议直接起诉", "直接起诉", "未经复议", "direct litigation", "directly"))
_add(
    "C.group",
    "litigation_after_reconsideration",
    (
        "复议后起诉",
        "复议后再起诉",
        "复议后又起诉",
        "经复议后起诉",
        "复议之后起诉",
        "复议后",
        "复议之后",
        "复议完",
        "先复议",
        "经复议",
        "经过复议",
        "after reconsideration",
    ),
)
_add(
    "C.group",
    "litigation",
    (
        "行政诉讼",
        "诉讼",
        "起诉",
        "打官司",
        "被告",
        "告上法院",
        "告到法院",
        "告上了法院",
        "上法院",
        "litigation",
        "lawsuit",
        "lawsuits",
        "sued",
        "taken to court",
    ),
)
_add("C.col", "upheld", ("结果维持", "维持", "upheld"))
_add("C.col", "corrected", ("结果纠正", "纠正", "被纠正", "纠错", "撤销", "corrected"))
_add("C.col", "other", ("其他结果",))
_add(
    "C.col",
    "pending",
    (
        "尚未审结",
        "未审结",
        "没审结",
        "还没审结",
        "没有审结",
        "审理中",
        "在审",
        "pending",
        "没判完",
        "未判完",
        "还没判完",
    ),
)
_add(
    "C.col",
    "outcomes",
    (
        "结果如何",
        "结果咋样",
        "结果怎么样",
        "结果怎样",
        "什么结果",
        "结果是",
        "判得怎么样",
        "判得如何",
        "怎么判的",
        "判决结果",
        "审理结果",
        "复议结果",
        "诉讼结果",
        "outcomes",
        "how did it end",
        "how did they end",
        "how did that end",
        "how was it resolved",
        "how were they resolved",
        "how was it decided",
        "how were they decided",
    ),
)

# more words that name a concept only when nothing more specific does
WEAK.update(("拒绝", "决定", "决定数", "项目", "directly", "handled", "起诉", "被告"))

# derived figures (formulas in bot/measures.py)
_add("metric", "correction_rate", ("纠错率", "纠正率", "correction rate"))
_add("metric", "disclosure_rate", ("予以公开率", "公开率", "予以公开比例", "公开比例", "disclosure rate"))
_add("metric", "completion_rate", ("办结率", "completion rate"))
_add("metric", "change_rate", ("同比", "增长率", "增幅", "降幅", "变化率", "增长了百分之", "growth rate"))

# body names: the short forms people use for an administrative unit (the rule-derived ones are in
# bot/names.py: a place without its 省/市/县/区/镇 suffix, 人民政府 → 政府, X和Y局 → XY局)
UNIT_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "人民政府办公厅": ("政府办公厅", "政府办", "办公厅", "府办"),
    "人民政府办公室": ("政府办公室", "政府办", "办公室", "府办"),
    "人民政府": ("政府", "人民政府"),
    "管理委员会": ("管委会", "管委"),
    "管委会": ("管理委员会", "管委"),
    "科学技术委员会": ("科委", "科技委", "科技委员会"),
    "科学技术局": ("科技局",),
    "发展和改革委员会": ("发改委",),
    "发展和改革局": ("发改局", "发改委"),
    "地方税务局": ("地税局",),
    "住房和城乡建设局": ("住建局",),
    "人力资源和社会保障局": ("人社局",),
    "自然资源和规划局": ("自规局", "自然资源局"),
    "市场监督管理局": ("市场监管局",),
    "生态环境局": ("环保局",),
    "街道办事处": ("街道办", "街道"),
}
# a unit that stands for the place itself: "淮安市" is 淮安市人民政府, "平潭" is its 管委会
GOVERNMENT_UNITS = ("人民政府", "管理委员会", "管委会", "街道办事处", "办事处")
# a government's general office: "上海市政府" read as its office when the library has the office only
OFFICE_UNITS = ("人民政府办公厅", "人民政府办公室")

# everyday paraphrases people write for each statistic (collected for this lexicon, reviewed: words
# that also name something else in a question were left out)
_add("A.row", "rules", ("政府令", "rules"))
_add("A.row", "normative_documents", ("红头文件", "规范性", "normative"))
_add("A.row", "licensing", ("发证", "办证", "证照", "批下来", "批出", "permit", "approvals", "approval"))
_add("A.row", "other_services", ("对外服务", "其他管理服务", "other services", "other administrative services"))
_add("A.row", "penalty", ("被罚", "罚单", "罚钱", "罚金", "开罚单", "罚的", "fined", "sanctions"))
_add("A.row", "coercion", ("查封", "扣押", "冻结", "强拆", "查扣", "seizure", "seized"))
_add("A.row", "fees", ("规费", "事业收费", "收的费", "收钱", "收了多少费"))
_add("A.row", "procurement", ("集采", "政府采购", "招标", "purchasing", "government purchase", "tender"))
_add("A.col", "issued", ("发过", "newly issued", "enacted", "promulgated"))
_add("A.col", "repealed", ("作废", "失效", "废掉", "废弃", "abolished", "repeal"))
_add(
    "A.col",
    "in_force",
    (
        "现行",
        "现在有效",
        "目前有效",
        "依然有效",
        "有效件数",
        "还在用",
        "还管用",
        "currently valid",
        "still valid",
        "in effect",
        "effective",
    ),
)
_add("A.col", "decisions", ("决定书",))
_add(
    "A.col",
    "items_last_year",
    ("上年项目", "上年事项", "上一年事项", "上年度项目", "上年度事项", "items last year", "last year's items"),
)
_add(
    "A.col",
    "items_change",
    (
        "增加几项",
        "减少几项",
        "增加多少项",
        "减少多少项",
        "多了几项",
        "少了几项",
        "增减数",
        "净增",
        "净减",
        "新增事项",
        "取消事项",
        "items change",
        "change in items",
    ),
)
_add("A.col", "amount", ("万元", "多少万", "总额", "钱数", "数额", "采购额", "收费额", "how much money", "total value"))
_add(
    "A.col",
    "projects",
    ("采购次数", "采购笔数", "项目个数", "几项采购", "采购了多少个", "采购了几个", "projects", "number of projects"),
)
_add("A.col", "made", ("制作数量", "制作了多少", "newly made"))
_add("A.col", "published", ("newly published",))
_add("A.col", "total_published", ("累计公开", "累计对外公开", "对外公开数", "total published"))
_add(
    "B.row", "new_applications", ("新提交", "新增申请", "本年收到", "今年收到", "当年收到", "新接收", "newly received")
)
_add(
    "B.row",
    "carried_from_last_year",
    (
        "去年结转",
        "上年度转来",
        "上年遗留",
        "去年遗留",
        "上年度遗留",
        "去年留下",
        "上年留下",
        "上年转入",
        "brought forward",
        "去年没办完",
        "上年未办结",
    ),
)
_add(
    "B.row",
    "carried_to_next_year",
    (
        "结转下一年",
        "结转明年",
        "转到明年",
        "留到明年",
        "明年继续",
        "下年继续",
        "跨年办理",
        "未办完",
        "尚未办完",
        "没办结",
        "没有办结",
        "还没办结",
        "年底还在办",
        "carried into next year",
        "rolled over to",
        "carry over",
        "carried over",
        "carry forward",
        "carry-over",
        "still pending at year end",
    ),
)
_add("C.col", "corrected", ("lose", "lost", "losing", "overturned", "ruled against"))
_add("B.row", "result.total", ("答复量", "replies", "responded"))
_add("B.row", "result.disclosed", ("全公开", "给了公开", "完全公开", "准予公开", "fully disclosed"))
_add(
    "B.row",
    "result.partially_disclosed",
    (
        "公开一部分",
        "公开了一部分",
        "一部分公开",
        "只公开部分",
        "部分予以公开",
        "部分同意",
        "部分提供",
        "给了一部分",
        "只给了一部分",
        "删减后公开",
        "遮盖",
        "涂黑",
        "打码",
        "partial disclosure",
        "partially",
        "partly",
        "redacted",
        "不完全公开",
    ),
)
_add("B.row", "result.withheld.state_secret", ("国家机密", "绝密", "classified", "official secret", "state secrets"))
_add(
    "B.row",
    "result.withheld.prohibited_by_law",
    (
        "法律禁止",
        "法律法规禁止",
        "法规不允许",
        "法律不允许",
        "法律规定不能",
        "禁止披露",
        "prohibited by law",
        "forbidden by law",
    ),
)
_add(
    "B.row",
    "result.withheld.endangers_security_stability",
    ("三安全", "一稳定", "危害安全", "影响稳定", "national security", "social stability"),
)
_add(
    "B.row",
    "result.withheld.third_party_rights",
    (
        "第三人",
        "隐私",
        "别人的信息",
        "他人信息",
        "他人隐私",
        "third party",
        "third-party",
        "privacy",
        "个人隐私",
    ),
)
_add(
    "B.row",
    "result.withheld.internal_affairs",
    ("内部信息", "内部事项", "内部管理", "内部工作流程", "内部流程", "机关内部"),
)
_add(
    "B.row",
    "result.withheld.process_information",
    ("讨论记录", "过程稿", "磋商信函", "请示报告", "deliberative", "process info"),
)
_add("B.row", "result.withheld.enforcement_files", ("案卷", "卷宗", "执法档案", "case files", "case file"))
_add(
    "B.row",
    "result.withheld.administrative_query",
    ("查询类", "查档", "档案查询", "登记查询", "administrative queries"),
)
_add(
    "B.row",
    "result.unable.not_held",
    (
        "没掌握",
        "未掌握",
        "信息不存在",
        "没有这个信息",
        "没有该信息",
        "没有相关信息",
        "不持有",
        "not in possession",
        "doesn't hold",
        "do not hold",
    ),
)
_add(
    "B.row",
    "result.unable.needs_creation",
    (
        "没现成",
        "无现成",
        "现成信息",
        "需要加工",
        "加工汇总",
        "加工分析",
        "重新制作",
        "需另行",
        "要重新做",
        "需要汇总",
        "needs creation",
        "need to be created",
        "not readily available",
    ),
)
_add(
    "B.row",
    "result.unable.unclear_after_correction",
    (
        "不明确",
        "补充以后",
        "补充后",
        "补充了还",
        "补充材料后",
        "描述不清",
        "表述不清",
        "内容不清",
        "没写清",
        "写不清",
        "指向不明",
        "still unclear",
    ),
)
_add(
    "B.row",
    "result.not_processed.petition_or_complaint",
    ("投诉", "举报", "上访", "以申请名义", "借信息公开", "petition", "petitions", "complaint", "complaints"),
)
_add(
    "B.row",
    "result.not_processed.repeated",
    (
        "重复提交",
        "重复递交",
        "重复的申请",
        "申请重复",
        "同样的申请",
        "一样的申请",
        "相同内容",
        "duplicate",
        "duplicates",
    ),
)
_add("B.row", "result.not_processed.publication", ("公开出版", "已出版", "书刊", "出版的", "publications"))
_add(
    "B.row",
    "result.not_processed.excessive",
    (
        "反复提",
        "大量申请",
        "批量申请",
        "海量申请",
        "频繁申请",
        "一再申请",
        "滥用",
        "恶意申请",
        "excessive",
        "vexatious",
        "abusive",
    ),
)
_add(
    "B.row",
    "result.not_processed.reconfirmation",
    (
        "已经获取",
        "已经拿到",
        "已取得的",
        "要求确认",
        "再出具",
        "重新开具",
        "盖章确认",
        "already obtained",
        "reissue",
        "re-issue",
    ),
)
_add(
    "B.row",
    "result.other.no_correction",
    (
        "没有补正",
        "不去补正",
        "不按要求补正",
        "逾期未补",
        "不配合补正",
        "不补充",
        "没补材料",
        "过期不补",
        "逾期不补",
        "过期没补",
        "did not supplement",
        "failed to supplement",
        "failed to amend",
    ),
)
_add(
    "B.row",
    "result.other.fee_unpaid",
    (
        "不交费",
        "不缴费",
        "没付费",
        "未付费",
        "不付费",
        "没有付费",
        "没交钱",
        "不交钱",
        "没缴纳",
        "未缴纳",
        "逾期未交",
        "unpaid",
        "not paid",
        "did not pay",
        "fee not paid",
    ),
)
_add("B.row", "result.other.other", ("其它情形",))
_add(
    "B.group",
    "withheld",
    (
        "不给公开",
        "没给公开",
        "不让公开",
        "不准公开",
        "未予公开",
        "未公开",
        "拒绝提供",
        "not disclosed",
        "denied",
        "refuse",
        "不准予公开",
        "不同意公开",
    ),
)
_add(
    "B.group",
    "unable",
    (
        "给不了",
        "没法给",
        "无法给",
        "拿不出",
        "提供不出",
        "无从提供",
        "没有办法提供",
        "cannot provide",
        "can't provide",
        "could not provide",
    ),
)
_add("B.group", "not_processed", ("不予办理",))
_add("B.group", "other", ("其它处理", "其他处理方式", "其他方式处理", "作其他处理", "other handling"))
_add(
    "B.col",
    "natural_person",
    (
        "市民",
        "居民",
        "村民",
        "农民",
        "百姓",
        "民众",
        "私人",
        "网民",
        "普通人",
        "individual",
        "citizens",
        "citizen",
        "residents",
        "private persons",
    ),
)
_add(
    "B.col",
    "commercial_enterprise",
    ("厂家", "工厂", "商家", "开发商", "集团", "company", "businesses", "corporations"),
)
_add(
    "B.col",
    "research_institution",
    (
        "科研",
        "研究所",
        "研究院",
        "研究机构",
        "科研单位",
        "院校",
        "university",
        "universities",
        "research institute",
        "academic",
    ),
)
_add(
    "B.col",
    "public_welfare_org",
    (
        "公益",
        "慈善",
        "基金会",
        "环保组织",
        "非营利",
        "非政府组织",
        "NGO",
        "NGOs",
        "non-profit",
        "nonprofit",
        "charity",
        "charities",
    ),
)
_add("B.col", "legal_service_org", ("法律服务", "法律工作者", "attorney", "attorneys", "legal services"))
_add(
    "B.col",
    "other_org",
    ("其它组织", "其它法人", "其他单位", "其它单位", "other organisation", "other organization", "other entities"),
)
_add(
    "B.colgroup",
    "legal_persons",
    (
        "组织申请",
        "机构申请",
        "单位提出",
        "单位提交",
        "legal persons",
        "legal person",
        "法人及其他",
        "法人或者其他",
        "非自然人",
    ),
)
_add(
    "C.group",
    "litigation_direct",
    (
        "没复议",
        "没有复议",
        "未复议",
        "直接诉讼",
        "直接打官司",
        "直接到法院",
        "直接上法院",
        "directly sued",
        "without reconsideration",
        "direct lawsuit",
        "直接告上",
        "不经复议",
        "没经过复议",
        "未经过复议",
    ),
)
_add(
    "C.group",
    "litigation_after_reconsideration",
    ("复议以后", "复议过后", "复议结束后", "不服复议", "复议不服", "复议后告", "复议完又", "following reconsideration"),
)
_add("C.group", "litigation", ("官司", "应诉", "涉诉", "告政府", "被起诉"))
_add("C.col", "upheld", ("胜诉", "维持原", "affirmed", "sustained", "没被纠正", "未被纠正"))
_add(
    "C.col",
    "corrected",
    ("败诉", "确认违法", "责令履行", "责令重新", "overturned", "reversed", "原告胜诉", "申请人胜诉"),
)
_add("C.col", "other", ("撤诉", "终止审理", "终止复议", "调解", "和解", "其它结果", "other outcome", "other outcomes"))
_add(
    "C.col",
    "pending",
    (
        "未结案",
        "没结案",
        "还没结案",
        "还没判",
        "没判决",
        "尚未判决",
        "没出结果",
        "还没结果",
        "审查中",
        "没审完",
        "未审完",
        "not yet concluded",
        "undecided",
    ),
)
_add(
    "C.col",
    "outcomes",
    (
        "怎么判",
        "判了什么",
        "输赢",
        "胜负",
        "结局",
        "结果分别",
        "结果分布",
        "裁决结果",
        "结果出来",
        "有结果",
        "出结果",
        "审结了没",
        "结案了没",
        "outcome",
        "verdict",
        "rulings",
    ),
)
_add(
    "metric",
    "correction_rate",
    (
        "败诉率",
        "纠错比例",
        "纠正比例",
        "纠错的比例",
        "纠正的比例",
        "纠错占比",
        "纠正占比",
        "overturn rate",
        "reversal rate",
    ),
)
_add(
    "metric",
    "disclosure_rate",
    (
        "公开占比",
        "公开的比例",
        "公开的占比",
        "公开比率",
        "公开百分比",
        "公开了百分之",
        "disclosure ratio",
        "share disclosed",
        "proportion disclosed",
        "percent disclosed",
    ),
)
_add("metric", "completion_rate", ("办结比例", "办结的比例", "办完的比例", "办完率", "completion ratio"))
_add(
    "metric",
    "change_rate",
    (
        "涨幅",
        "跌幅",
        "减幅",
        "下降率",
        "下降了百分之",
        "减少了百分之",
        "上升了百分之",
        "增加了百分之",
        "year-on-year",
        "year over year",
        "yoy",
        "percentage change",
        "percent change",
    ),
)

# what people ask that the national tables do not count: said so, never answered with another cell
NOT_COUNTED: dict[str, str] = {
    "平均多少天": "办理天数",
    "平均用时": "办理时长",
    "平均办理": "办理时长",
    "平均答复": "办理时长",
    "多少天": "办理天数",
    "几天": "办理天数",
    "天数": "办理天数",
    "时长": "办理时长",
    "答复时间": "办理时长",
    "网上提交": "申请渠道（网上、当面、信函等）",
    "网上申请": "申请渠道（网上、当面、信函等）",
    "网络提交": "申请渠道（网上、当面、信函等）",
    "当面提交": "申请渠道（网上、当面、信函等）",
    "当面申请": "申请渠道（网上、当面、信函等）",
    "信函": "申请渠道（网上、当面、信函等）",
    "传真": "申请渠道（网上、当面、信函等）",
    "电子邮件": "申请渠道（网上、当面、信函等）",
    "满意度": "满意度",
    # how much a penalty took (表二 counts 行政处罚 decisions; 收费 is fees, not fines)
    "罚没": "行政处罚的罚没金额",
    "罚款金额": "行政处罚的罚没金额",
    "罚款总额": "行政处罚的罚没金额",
    "罚了多少钱": "行政处罚的罚没金额",
    "罚款多少钱": "行政处罚的罚没金额",
    "罚金": "行政处罚的罚没金额",
    "amount of fines": "the amount of fines",
    "fines collected": "the amount of fines",
    # who an applicant is beyond the six applicant columns (自然人, 商业企业, … 其他)
    "外国人": "申请人的国籍",
    "外籍": "申请人的国籍",
    "境外人士": "申请人的国籍",
    "港澳台": "申请人的户籍地",
    "华侨": "申请人的国籍",
    "性别": "申请人的性别",
    "男性": "申请人的性别",
    "女性": "申请人的性别",
    "年龄": "申请人的年龄",
    "foreigner": "applicants' nationality",
    "foreign national": "applicants' nationality",
    "gender": "applicants' gender",
    "average time": "average handling time",
    "how many days": "handling time",
    "online": "application channels",
}
