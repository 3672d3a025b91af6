"""A deterministic synthetic corpus for the benchmark.

Task lists are written in the layout a Word table takes when it is exported
to plain text (every cell starts a line with a TAB, lines of a multi-line cell
follow without one, a blank line ends a row), the layout of the real 任务清单
the product reads.  Everything in them is made up: districts, people and
numbers come from general vocabulary (surnames, given-name characters, unit
abbreviations such as 区发改局) through a seeded random generator, so the same
seed always gives byte-identical files and no real document is copied.

Documents come in groups of :data:`DOCS_PER_DISTRICT`, one made-up district per
group, so that the same names recur inside a district (one node per person)
and across districts (namesakes that scoping must keep apart).  Document *i*
depends only on the seed and *i*: a corpus of 100 is the prefix of one of 1,000.

Narrative pages (a year-in-review article about one district) are generated
beside the task lists for the narrative extractor.

Besides the text, every task list comes with the :class:`sources.records.Extraction`
that a perfect extractor would return (:func:`expected_extraction`), with exact
character spans: the store and query benchmarks use it when the extractor is
not there, and the build benchmark compares the extractor's task count to it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache
from hashlib import sha256
from pathlib import Path

from sources.records import Assignment, Document, EntityType, Extraction, Origin, Role, Task

DOCS_PER_DISTRICT = 20
TASKS_PER_LIST = (30, 40)

# --------------------------------------------------------------- vocabulary

# Common surnames and given-name characters (general knowledge, no one's name).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰辉建国志红永文斌海波鹏飞宇浩凯俊峰林亮成东"
    "晓春雪梅丹云霖宏新华德昌荣德光明卫兵跃旭恒忠良晖锋璟昭树理克义祥福泉山松柏岚蓉萍琳颖"
)
# Made-up place-name syllables; pairs form district, city and town names.
PLACE_A = "青云石松临安江清河白龙凤金玉长新永宁平兴华东南西北溪桥湖阳岭泉川"
PLACE_B = "溪岭川湖源塘山阳江桥林峰坪浦滨陵丰和安泰宁华庆昌盛台"
LEVELS = ("区", "区", "区", "县")

# Government units by their general abbreviations; the level character
# (区 / 县) is prefixed per document.
UNITS = (
    "发改局",
    "财政局",
    "住建局",
    "商务局",
    "人社局",
    "自然资源局",
    "生态环境分局",
    "城管执法局",
    "市场监管局",
    "农业农村水利局",
    "教育局",
    "卫健局",
    "民政局",
    "文旅广体局",
    "应急管理局",
    "工信局",
    "科技局",
    "交通运输局",
    "医保局",
    "统计局",
    "税务局",
    "公安分局",
    "交警大队",
    "政府办",
    "委宣传部",
    "司法局",
    "审计局",
    "退役军人事务局",
    "数据局",
    "林业局",
)
# Collective placeholders and the collective persons listed for them.
COLLECTIVE_UNITS = ("各镇（街道）", "相关{L}属单位", "{L}直各单位")
COLLECTIVE_PERSON = {
    "各镇（街道）": "各镇（街道）\n\n行政负责人",
    "相关{L}属单位": "相关{L}属单位\n\n负责人",
    "{L}直各单位": "{L}直各单位\n\n主要负责人",
}
GROUPS = (
    ("“三重点”\n\n重点\n\n工作", "重点工作"),
    ("“发展\n\n六仗”\n\n重点\n\n任务", "重点任务"),
    ("重点\n\n项目", "重点项目"),
    ("重点\n\n改革", "重点改革"),
)
INDICATORS = (
    "地区生产总值",
    "规模工业增加值",
    "规模以上服务业营业收入",
    "固定资产投资",
    "房地产开发投资",
    "商品房销售面积",
    "社会消费品零售总额",
    "地方一般公共预算收入",
    "进出口总额",
    "全社会用电量",
    "居民人均可支配收入",
    "实际利用外资",
    "高新技术产业增加值",
    "城镇新增就业",
)
TASK_NAMES = (
    "主要经济工作运行调度",
    "推动经济高质量发展",
    "数字经济发展",
    "开放型经济建设",
    "科技创新攻坚",
    "精准招商引资",
    "稳就业保民生",
    "经营主体培育工程",
    "优化营商环境",
    "防范化解政府债务风险",
    "污染防治攻坚战",
    "处置盘活国有资产资源",
    "城乡居民医疗保险参保缴费",
    "安全生产专项整治",
    "乡村振兴示范创建",
    "城市更新行动",
    "老旧小区改造",
    "农村人居环境整治",
    "耕地保护和粮食安全",
    "信访积案化解",
    "义务教育优质均衡",
    "医疗卫生服务能力提升",
    "文旅融合发展",
    "园区标准化建设",
    "“三类”土地清理",
    "河长制湖长制落实",
    "森林防灭火",
    "养老服务体系建设",
    "数字政府建设",
    "重大项目建设调度",
    "交通路网提质",
    "食品药品安全监管",
    "扫黑除恶常态化",
    "统计数据质量提升",
    "财源建设工程",
    "专项债券项目管理",
    "市场主体倍增",
    "文明城市创建",
    "应急管理体系建设",
    "水利基础设施建设",
)
THINGS = ("企业", "项目", "创新平台", "发明专利", "5G站点", "经营主体", "就业岗位", "农业合作社")
PERIODS = ("1-12月", "11-12月", "第四季度", "全年", "上半年", "1-6月")
DEADLINES = ("12月底前", "11月底前", "年底前", "6月底前", "9月底前", "")


@dataclass(frozen=True)
class District:
    """A made-up district: its name, city, and the people and units that recur
    in every document of its group."""

    index: int
    name: str  # 青溪区
    city: str  # 云州市
    level: str  # 区 or 县
    leaders: tuple[str, ...]  # 牵头领导 (deputy heads)
    liaisons: tuple[str, ...]  # one per leader
    units: tuple[str, ...]  # 区发改局 …
    unit_heads: dict[str, str] = field(default_factory=dict)  # unit → 责任人


@dataclass
class _Writer:
    """Appends text while remembering where each piece starts."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0

    def write(self, text: str) -> int:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start

    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True)
class GeneratedDocument:
    """One task list: its text and what a perfect extractor would read from it."""

    name: str
    text: str
    district: District
    title: str
    issuer: str
    date: str
    tasks: tuple[Task, ...]


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    return rng.choice(SURNAMES) + given


def spaced(name: str) -> str:
    """Word tables pad two-character names to the width of three: 廖  勇."""
    return f"{name[0]}  {name[1]}" if len(name) == 2 else name


@cache
def district(seed: int, index: int) -> District:
    rng = random.Random(f"{seed}:district:{index}")
    # Names are unique per index (index picks the syllables), so two groups
    # never share a district while persons' names do recur across districts.
    a, b = PLACE_A[index % len(PLACE_A)], PLACE_B[(index // len(PLACE_A)) % len(PLACE_B)]
    suffix = "" if index < len(PLACE_A) * len(PLACE_B) else str(index // (len(PLACE_A) * len(PLACE_B)))
    level = rng.choice(LEVELS)
    name = f"{a}{b}{suffix}{level}"
    city = rng.choice(PLACE_A) + rng.choice(PLACE_B) + "市"
    people: set[str] = set()

    def fresh() -> str:
        while True:
            candidate = person_name(rng)
            if candidate not in people:
                people.add(candidate)
                return candidate

    leaders = tuple(fresh() for _ in range(rng.randint(6, 8)))
    liaisons = tuple(fresh() for _ in leaders)
    units = tuple(level + u for u in rng.sample(UNITS, rng.randint(18, 24)))
    heads = {u: fresh() for u in units}
    return District(index, name, city, level, leaders, liaisons, units, heads)


def _collective(template: str, level: str) -> str:
    return template.replace("{L}", level)


def _target(rng: random.Random, indicator: str | None) -> str:
    if indicator:
        return rng.choice(
            (
                f"{rng.choice(PERIODS)}同比增速高于全省平均水平。",
                f"{rng.choice(PERIODS)}同比增长{rng.randint(3, 15)}%。",
                f"{rng.choice(PERIODS)}累计完成{rng.randint(10, 900)}亿元。",
            )
        )
    items = rng.randint(1, 4)
    lines = []
    for k in range(1, items + 1):
        sentence = rng.choice(
            (
                f"{rng.choice(PERIODS)}新增{rng.choice(THINGS)}{rng.randint(2, 500)}个以上",
                f"{rng.choice(DEADLINES) or '年底前'}完成年度目标任务的{rng.randint(60, 100)}%",
                f"全年完成投资{rng.randint(1, 90)}.{rng.randint(0, 9)}亿元，同比增长{rng.randint(2, 20)}%",
                f"推进{rng.choice(TASK_NAMES)}，确保按期完成省市下达的考核任务",
                f"{rng.choice(PERIODS)}处置率达{rng.randint(50, 100)}%以上，其中园区累计完成"
                f"{rng.randint(10, 99)}%",
            )
        )
        lines.append(f"{k}.{sentence}。" if items > 1 else f"{sentence}。")
    return "\n\n".join(lines)


def _join(lines: list[str], rng: random.Random) -> str:
    """Lines of one cell: usually separated by an empty paragraph, sometimes not."""
    sep = "\n" if rng.random() < 0.1 else "\n\n"
    return sep.join(lines)


@dataclass(frozen=True)
class _Row:
    """One body row as generated: where its task's cells start."""

    number: int
    name: str
    group: str
    k: int | None  # sub-item number; None for a task without sub-items
    sub: str | None
    target: str
    deadline: str
    name_start: int
    sub_start: int | None


class _Builder:
    """Writes one task list and the records a perfect extractor reads from it."""

    HEADER = (
        "项目",
        "序号",
        "名称",
        "工作目标",
        "具体工作任务及对各镇（街道）考核任务",
        "牵头\n\n领导",
        "主要责任单位",
        "责任人",
        "联络人",
    )

    def __init__(self, seed: int, index: int) -> None:
        self.rng = random.Random(f"{seed}:doc:{index}")
        self.district = district(seed, index // DOCS_PER_DISTRICT)
        self.index = index
        self.out = _Writer()
        self.tasks: list[Task] = []
        self.row = 0

    def cell(self, text: str) -> tuple[int, str]:
        """Write one cell; returns its start offset and text."""
        start = self.out.write("\t" + text + "\n") + 1
        return start, text

    def origin(self, start: int, text: str, column: str) -> Origin:
        return Origin(start, start + len(text), text, table=0, row=self.row, column=column)

    def agents(
        self, role: Role, column: str, start: int, lines: list[str], *, sep: str, for_units: list[str] | None
    ) -> list[Assignment]:
        """Assignments for the lines of one cell, with each line's span."""
        found = []
        pos = start
        for n, line in enumerate(lines):
            name = line.replace("\n\n", "").replace(" ", "")
            origin = self.origin(pos, line, column)
            if name.startswith(("各", "相关")) or "直各" in name:
                kind = EntityType.COLLECTIVE
            elif role in (Role.RESPONSIBLE_UNIT, Role.LEAD_UNIT):
                kind = EntityType.UNIT
            else:
                kind = EntityType.PERSON
            for_unit = for_units[n].replace(" ", "") if for_units and n < len(for_units) else None
            found.append(Assignment(role, name, kind, origin, for_unit=for_unit))
            pos += len(line) + len(sep)
        return found

    def document(self) -> GeneratedDocument:
        d, rng, out = self.district, self.rng, self.out
        year = 2020 + rng.randint(0, 5)
        month = rng.randint(1, 12)
        issuer = f"{d.city}{d.name}人民政府办公室"
        title = f"{d.name}人民政府{year}年重点工作任务清单"
        out.write(
            f"{issuer}\n关于印发《{title}》的通知\n各镇人民政府、街道办事处，{d.level}属机关各单位：\n\n"
        )
        out.write(f"经{d.level}人民政府同意，现将《{title}》印发给你们，请对标对表，认真抓好落实。\n")
        out.write(f"{' ' * 19}{issuer}\n{' ' * 35}{year}年{month}月{rng.randint(1, 28)}日\n")
        out.write(f"{title} \n\n")
        for h in self.HEADER:
            self.cell(h)
        out.write("\n")
        n_tasks = rng.randint(*TASKS_PER_LIST)
        number = 0
        written = 0
        while written < n_tasks:
            g_cell, group = GROUPS[min(len(GROUPS) - 1, int(written / n_tasks * len(GROUPS)))]
            number += 1
            indicator_task = rng.random() < 0.25
            name = rng.choice(TASK_NAMES)
            subitems = rng.sample(INDICATORS, rng.randint(2, 5)) if indicator_task else [None]
            for k, sub in enumerate(subitems, start=1):
                if written >= n_tasks:
                    break
                self.row += 1
                first = k == 1
                self.cell(g_cell if first and (number == 1 or rng.random() < 0.3) else "")
                self.cell(str(number) if first else "")
                name_start, _ = self.cell(name if first else "")
                sub_text = f"（{k}）{sub}" if sub else None
                sub_start = self.cell(sub_text)[0] if sub_text else None
                target = _target(rng, sub)
                self.cell(target)
                deadline = rng.choice(DEADLINES) if not sub else ""
                self.cell(f"{deadline}完成。" if deadline else "")
                k_or_none = k if sub else None
                self.emit_task(
                    _Row(number, name, group, k_or_none, sub, target, deadline, name_start, sub_start)
                )
                written += 1
        return GeneratedDocument(
            name=f"tasklist_{self.index:05d}.txt",
            text=out.text(),
            district=d,
            title=title,
            issuer=issuer,
            date=f"{year}-{month:02d}",
            tasks=tuple(self.tasks),
        )

    def emit_task(self, row: _Row) -> None:
        """Write the responsibility cells of a row and record its task(s)."""
        number, name, group, k, sub = row.number, row.name, row.group, row.k, row.sub
        target, deadline, name_start, sub_start = row.target, row.deadline, row.name_start, row.sub_start
        d, rng = self.district, self.rng
        lead_ix = rng.sample(range(len(d.leaders)), 1 if rng.random() < 0.8 else rng.randint(2, 3))
        leaders = [spaced(d.leaders[i]) for i in lead_ix]
        units = rng.sample(d.units, 1 if rng.random() < 0.6 else rng.randint(2, 5))
        collectives = [_collective(c, d.level) for c in COLLECTIVE_UNITS if rng.random() < 0.35] or [
            "各镇（街道）"
        ]
        unit_lines = units + collectives
        person_lines = [spaced(d.unit_heads[u]) for u in units] + [
            _collective(COLLECTIVE_PERSON[c], d.level)
            for c in COLLECTIVE_UNITS
            if _collective(c, d.level) in collectives
        ]
        liaisons = [spaced(d.liaisons[i]) for i in lead_ix]
        sep = "\n\n"
        leader_start, _ = self.cell(sep.join(leaders))
        unit_start, _ = self.cell(sep.join(unit_lines))
        person_start, _ = self.cell(sep.join(person_lines))
        liaison_start, _ = self.cell(sep.join(liaisons))
        self.out.write("\n")  # end of row
        assignments = (
            self.agents(Role.LEAD_LEADER, "牵头领导", leader_start, leaders, sep=sep, for_units=None)
            + self.agents(
                Role.RESPONSIBLE_UNIT, "主要责任单位", unit_start, unit_lines, sep=sep, for_units=None
            )
            + self.agents(
                Role.RESPONSIBLE_PERSON, "责任人", person_start, person_lines, sep=sep, for_units=unit_lines
            )
            + self.agents(Role.LIAISON, "联络人", liaison_start, liaisons, sep=sep, for_units=None)
        )
        parent_key = f"{group}-{number}"
        if k == 1:
            self.tasks.append(
                Task(
                    key=parent_key,
                    title=name,
                    origin=self.origin(name_start, name, "名称"),
                    number=str(number),
                    group=group,
                )
            )
        title_text = sub or name
        title_start = sub_start if sub and sub_start is not None else name_start
        shown = f"（{k}）{sub}" if sub else name
        self.tasks.append(
            Task(
                key=f"{parent_key}-({k})" if sub else parent_key,
                title=title_text,
                origin=self.origin(title_start, shown, "名称"),
                number=str(number),
                group=group,
                name=name if sub else None,
                parent=parent_key if sub else None,
                target=target,
                deadline=deadline or None,
                assignments=tuple(assignments),
            )
        )


def generate_document(seed: int, index: int) -> GeneratedDocument:
    return _Builder(seed, index).document()


def expected_extraction(doc: GeneratedDocument, path: str | Path | None = None) -> Extraction:
    """What a perfect extractor reads from ``doc``."""
    data = doc.text.encode("utf-8")
    document = Document(
        name=doc.name,
        path=str(path or doc.name),
        text=doc.text,
        sha256=sha256(data).hexdigest(),
        media_type="text/plain",
        encoding="utf-8",
        title=doc.title,
        issuer=doc.issuer,
        date=doc.date + "-01",
        area=doc.district.name,
    )
    return Extraction(document=document, tasks=doc.tasks)


# ----------------------------------------------------------------- narrative


def narrative_page(seed: int, index: int) -> tuple[str, str]:
    """A year-in-review article about one district: (file name, text)."""
    rng = random.Random(f"{seed}:narrative:{index}")
    d = district(seed, index)
    year = 2020 + rng.randint(0, 5)
    secretary, mayor = person_name(rng), person_name(rng)
    town = rng.choice(PLACE_A) + rng.choice(PLACE_B) + "镇"
    paras = [
        f"# 奋进新征程 {d.name}谱新篇\n\n## ——{d.city}{d.name}{year}年经济社会发展纪实\n",
        f"{year}年，{d.name}坚持稳中求进工作总基调，统筹发展和安全，全区实现地区生产总值"
        f"{rng.randint(100, 900)}.{rng.randint(0, 99)}亿元，"
        f"同比增长{rng.randint(2, 9)}.{rng.randint(0, 9)}%；"
        f"规模工业增加值同比增长{rng.randint(2, 12)}.{rng.randint(0, 9)}%；完成固定资产投资"
        f"{rng.randint(50, 400)}.{rng.randint(0, 9)}亿元。",
        f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{d.name}召开{d.level}委常委会会议，"
        f"{d.level}委书记{secretary}主持会议，"
        f"{d.level}长{mayor}出席并讲话。会议要求{d.level}发改局、{d.level}财政局等单位压实责任，"
        f"推动{rng.choice(TASK_NAMES)}取得实效。",
    ]
    for _ in range(rng.randint(6, 12)):
        unit = d.level + rng.choice(UNITS)
        official = person_name(rng)
        paras.append(
            f"{town}党委书记{official}介绍，今年以来，该镇依托{rng.choice(TASK_NAMES)}，"
            f"新增{rng.choice(THINGS)}{rng.randint(2, 300)}个，{unit}牵头推进的"
            f"{rng.choice(PLACE_A)}{rng.choice(PLACE_B)}大道建设项目完成投资{rng.randint(1, 50)}亿元。"
            f"{rng.choice(PERIODS)}，全区{rng.choice(INDICATORS)}同比增长{rng.randint(1, 15)}%，"
            f"{unit}、{d.level}{rng.choice(UNITS)}联合开展专项行动{rng.randint(2, 40)}次。"
        )
    return f"narrative_{index:05d}.txt", "\n\n".join(paras) + "\n"


# -------------------------------------------------------------------- files


def write_corpus(
    directory: str | Path, n_docs: int, seed: int = 7, narrative: int = 0
) -> tuple[list[Path], list[Path]]:
    """Write ``n_docs`` task lists (and ``narrative`` pages) into ``directory``;
    files already there with the right content are kept.  Returns the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tasklists = []
    for i in range(n_docs):
        doc = generate_document(seed, i)
        tasklists.append(_write(directory / doc.name, doc.text))
    pages = []
    for i in range(narrative):
        name, text = narrative_page(seed, i)
        pages.append(_write(directory / name, text))
    return tasklists, pages


def _write(path: Path, text: str) -> Path:
    data = text.encode("utf-8")
    if not path.exists() or path.stat().st_size != len(data) or path.read_bytes() != data:
        path.write_bytes(data)
    return path
