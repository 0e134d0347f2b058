"""The mention tagger, its annotations and its place in the graph, on real plans of the corpus."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest

from extract.parse.mentions import bio, features, model_available, tag
from extract.text.cjk import typeset_chinese

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DCKG_CORPUS", ROOT.parent / "shared" / "corpus"))
ANNOTATIONS = ROOT / "tests" / "data" / "annotations" / "mentions.jsonl"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"development corpus not found at {CORPUS}")


@cache
def annotated() -> dict:
    """The annotated documents of the corpus (text, mentions), read once for the tests that need them all."""
    from extract.quality.annotations import load

    return load(CORPUS)


def test_the_model_ships_and_finds_technologies_in_a_narrative_sentence() -> None:
    assert model_available()
    text = "大力推广高效光伏电池和海上风电，推进氢燃料电池汽车示范应用。"
    labels = [f.text for f in tag(text)]
    assert any("光伏电池" in x for x in labels), labels
    assert any("风电" in x for x in labels), labels
    assert not any(x.startswith(("大力", "推广", "推进")) for x in labels), labels


def test_features_and_tags_line_up() -> None:
    line = "研发钙钛矿电池。"
    assert len(features(line)) == len(line)
    assert bio(line, [(2, 7)]) == ["O", "O", "B", "I", "I", "I", "E", "O"]
    assert bio("用氢", [(1, 2)]) == ["O", "S"]


def _typeset_narrow(text: str) -> str:
    """``text`` as a plan typeset with ASCII punctuation and full-width digits (甘肃's plans: 排放.农村, ４３台)."""
    wide = str.maketrans("，；：。（）0123456789", ",;:.()０１２３４５６７８９")
    return text.translate(wide)


def test_a_plan_typeset_with_ascii_punctuation_is_tagged_as_the_same_plan(seed_path: Path) -> None:
    """The tagger and its memory read a line in ``typeset_chinese``: the seed retypeset with ASCII punctuation
    and full-width digits (573 characters changed, as three corpus plans are typeset) gives the seed's mentions."""
    text = seed_path.read_text(encoding="utf-8")
    narrow = _typeset_narrow(text)
    assert len(narrow) == len(text) and sum(a != b for a, b in zip(text, narrow, strict=True)) > 500
    assert [(f.start, f.end, f.text) for f in tag(narrow)] == [(f.start, f.end, f.text) for f in tag(text)]
    assert typeset_chinese("排放.农村(菜园)１.５倍.f(x)=1,2") == "排放。农村（菜园）1.5倍。f(x)=1,2"


def test_bioes_tags_give_back_their_spans_and_an_unclosed_run_still_ends() -> None:
    from extract.parse.mentions import _spans

    tags = bio("推广热泵和风电与氢。", [(2, 4), (5, 7), (8, 9)])
    assert list(_spans(tags)) == [(2, 4), (5, 7), (8, 9)]
    assert list(_spans(["B", "I", "O", "I", "E", "B", "B", "E"])) == [(0, 2), (3, 5), (5, 6), (6, 8)]


@pytest.mark.parametrize(
    ("span", "labels"),
    [
        ("液态和固态锂离子电池", ["液态锂离子电池", "固态锂离子电池"]),  # a shared head after modifiers
        ("超低能耗、近零能耗建筑", ["超低能耗建筑", "近零能耗建筑"]),
        ("燃油、燃气、燃煤设备", ["燃油设备", "燃气设备", "燃煤设备"]),
        ("风电和光伏发电", ["风电", "光伏发电"]),  # items that stand alone
        ("核电供热、供电", ["核电供热", "核电供电"]),  # a shared prefix
        ("二氧化碳捕集、利用和封存", ["二氧化碳捕集、利用和封存"]),  # one technology
        ("碳捕集利用与封存", ["碳捕集利用与封存"]),
        ("碳捕集及资源化利用", ["碳捕集及资源化利用"]),  # a capture with its own next step
        ("二氧化碳吸收和捕集新材料", ["二氧化碳吸收和捕集新材料"]),  # capture last: one material
        ("直接空气CO2捕集、化学链载体材料", ["直接空气CO2捕集", "化学链载体材料"]),  # a capture in a list of others
        ("烟气CO2捕集、CO2矿化", ["烟气CO2捕集", "CO2矿化"]),  # items as they stand, nothing shared
        ("氢能和碳捕集", ["氢能", "碳捕集"]),  # a capture as the last item of a list
        ("海上风电", ["海上风电"]),
        ("新能源和清洁能源汽车", ["新能源汽车", "清洁能源汽车"]),  # a term shares what follows its parallel
        ("新能源或者清洁能源汽车", ["新能源汽车", "清洁能源汽车"]),  # 或者 is one joiner
        ("风能和太阳能利用", ["风能利用", "太阳能利用"]),
        ("火电、水电机组", ["火电机组", "水电机组"]),
        ("国和一号", ["国和一号"]),  # 和 inside a word joins nothing
        ("节能和新能源汽车", ["节能汽车", "新能源汽车"]),  # one token: cut where a head begins, not 源汽车
        ("电、气、生物质锅炉", ["电锅炉", "气锅炉", "生物质锅炉"]),
        ("节能光纤预制及拉丝", ["节能光纤预制及拉丝"]),  # 及 a shorter last part: one process
        ("高温压电晶体及传感器", ["高温压电晶体及传感器"]),
        ("煤制清洁燃料和大宗化学品", ["煤制清洁燃料和大宗化学品"]),  # an opening of one character is no modifier
        # an object shares the activity, a process does not
        ("既有建筑和市政基础设施节能改造", ["既有建筑节能改造", "市政基础设施节能改造"]),
        ("煤炭和石油天然气绿色开采", ["煤炭绿色开采", "石油天然气绿色开采"]),
        ("能量系统优化、能源梯级利用", ["能量系统优化", "能源梯级利用"]),
        # the first item's opening shared forward
        ("节能高效空调、电冰箱、电厨炊", ["节能高效空调", "节能高效电冰箱", "节能高效电厨炊"]),
        ("近零能耗、低碳、零碳建筑", ["近零能耗建筑", "低碳建筑", "零碳建筑"]),
        # what precedes 的 qualifies every short item, not long ones
        ("高效节能的空调、照明器具、电梯", ["高效节能的空调", "高效节能的照明器具", "高效节能的电梯"]),
        ("近零排放的煤制清洁燃料和化学品技术", ["近零排放的煤制清洁燃料和化学品技术"]),
        # 一体化 in the last item joins it to the first; before it, or opening it, it is an item's own word
        ("光伏发电与建筑一体化", ["光伏发电与建筑一体化"]),
        ("光伏建筑一体化（BIPV）、先进生物质燃料", ["光伏建筑一体化（BIPV）", "先进生物质燃料"]),
        ("管线分离和一体化装修技术", ["管线分离", "一体化装修技术"]),
    ],
)
def test_an_enumeration_in_one_span_gives_each_item_with_the_part_they_share(span: str, labels: list[str]) -> None:
    """GUIDELINES.md, 'Enumerations and shared parts': each label keeps the phrase's span."""
    from extract.parse.mentions import mentions_of_line, shared_labels

    assert shared_labels(span) == labels
    line = "推广" + span + "。"
    assert mentions_of_line(line, [(0, len(line) - 1)]) == [(2, 2 + len(span), x) for x in labels]


def test_the_consistency_check_lists_an_unannotated_occurrence_of_an_annotated_string() -> None:
    from extract.quality.annotation_consistency import unannotated
    from extract.quality.annotations import Mention

    docs = {}
    for k in range(3):
        text = "推广地源热泵。\n建设地源热泵。" if k == 0 else "推广地源热泵。"
        docs[f"d{k}"] = (text, [Mention(f"d{k}", 2, 6, "地源热泵", "地源热泵")])
    assert unannotated(docs) == [("地源热泵", 3, 3, [("d0", 10)])]


def test_the_repeat_check_lists_an_unmarked_repeat_once_under_its_longest_string() -> None:
    """Rule 8 candidates: 海上风电 marked once and 风电 marked once; the second 海上风电 is one candidate,
    not also one for the 风电 inside it."""
    from extract.quality.annotation_consistency import repeats
    from extract.quality.annotations import Mention

    text = "发展海上风电和风电。\n建设海上风电。"
    gold = [Mention("d", 2, 6, "海上风电", "海上风电"), Mention("d", 7, 9, "风电", "风电")]
    assert repeats({"d": (text, gold)}) == [("d", 13, "海上风电")]


def test_the_contested_check_counts_both_sides_and_not_an_occurrence_inside_another_mention() -> None:
    from extract.quality.annotation_consistency import contested
    from extract.quality.annotations import Mention

    docs = {
        "a": ("发展储能。", [Mention("a", 2, 4, "储能", "储能")]),
        "b": ("储能领域。建设储能电站。", [Mention("b", 7, 11, "储能电站", "储能电站")]),
    }
    rows = {r[0]: r[1:] for r in contested(docs)}
    assert rows["储能"] == (1, 1, 1, 1)  # the 储能 of 储能电站 is on neither side
    assert "储能电站" not in rows  # never left unmarked
    assert contested(docs, least=2) == []


def test_training_is_reproducible(tmp_path: Path) -> None:
    """The same data give the same model, byte for byte (make train)."""
    from extract.quality.annotations import Mention
    from extract.quality.mentions_eval import sequences, train

    text = "推广高效热泵和地源热泵。\n发展海上风电。\n"
    gold = [Mention("x", 2, 6, "高效热泵", "高效热泵"), Mention("x", 7, 11, "地源热泵", "地源热泵"),
            Mention("x", 15, 19, "海上风电", "海上风电")]
    seqs = sequences(text, gold)
    train(seqs, tmp_path / "a.crfsuite")
    train(seqs, tmp_path / "b.crfsuite")
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()


def test_the_eval_builds_a_held_out_document_with_its_folds_model(tmp_path: Path) -> None:
    """make eval scores the whole build of a held-out document with the model of its fold, not the shipped
    one, and puts the shipped one back: with a model that tags nothing the seed's build rows are its box
    items alone; afterwards a build finds mentions again."""
    import pycrfsuite

    from extract.pipeline import extract
    from extract.quality.mentions_eval import built_predictions, sequences, train

    train(sequences("推广高效热泵和地源热泵。\n发展海上风电。\n", []), tmp_path / "silent.crfsuite")
    silent = pycrfsuite.Tagger()
    silent.open(str(tmp_path / "silent.crfsuite"))
    seed = next((ROOT / "seeds").glob("*.txt"))
    items, built = built_predictions(seed, silent)
    assert items and built == items
    assert extract(seed).mentions


@needs_corpus
def test_annotations_point_into_the_clean_text() -> None:
    """Every annotated mention's characters are where its offsets say, in the text dckg reads today."""
    from extract.quality.annotations import read_without_mentions

    data = annotated()
    rows = [json.loads(line) for line in ANNOTATIONS.read_text(encoding="utf-8").splitlines()]
    assert len(data) >= 30 and len(rows) >= 3000
    # documents read in full that name nothing come with no mention, and have no record
    empty = {f.name for f in read_without_mentions(CORPUS)}
    assert empty and all(data[name][1] == [] for name in empty)
    assert not empty & {r["doc"] for r in rows}
    for text, mentions in data.values():
        for m in mentions:
            assert text[m.start : m.end] == m.text


@needs_corpus
def test_the_raw_files_give_back_the_annotations() -> None:
    """raw/*.tsv (with each span's column) convert to exactly the records of mentions.jsonl: the two do not
    drift apart when a reading change re-anchors them (python -m extract.quality.reanchor)."""
    from extract.quality.annotations import ANNOTATIONS as FOLDER
    from extract.quality.annotations import convert, corpus_file

    data = annotated()
    rows = [json.loads(line) for line in ANNOTATIONS.read_text(encoding="utf-8").splitlines()]
    rebuilt = []
    for raw in sorted((FOLDER / "raw").glob("*.tsv")):
        name = corpus_file(raw.stem, CORPUS).name
        if name in data:
            mentions, problems = convert(raw, data[name][0], name)
            assert not problems
            rebuilt += [(m.doc, m.start, m.end, m.text, m.label) for m in mentions]
    assert sorted(rebuilt) == sorted((r["doc"], r["start"], r["end"], r["text"], r["label"]) for r in rows)


@needs_corpus
def test_the_shipped_memory_is_the_annotations_memory() -> None:
    """extract/models/mentions.memory.tsv and mentions.lists.tsv are what make train writes from the
    annotations today (they do not drift from them when they change), and they remember many plans' clauses."""
    from extract.parse.memory import lists_path, read
    from extract.parse.mentions import MEMORY
    from extract.quality.mentions_eval import remember, write_memory

    with TemporaryDirectory() as tmp:
        write_memory(remember(annotated()), Path(tmp) / "m.memory.tsv")
        assert (Path(tmp) / "m.memory.tsv").read_bytes() == MEMORY.read_bytes()
        assert (Path(tmp) / "m.lists.tsv").read_bytes() == lists_path(MEMORY).read_bytes()
    shipped = read(MEMORY)
    assert len(shipped.clauses) > 5000 and len(shipped.lists) > 300


def test_a_remembered_clause_is_read_as_the_annotators_read_it() -> None:
    """A clause two annotated plans marked alike is remembered; where the tagger meets it again its mentions
    there give way to the remembered ones, and other clauses keep the tagger's."""
    from extract.parse.memory import NO_MEMORY, read, recall, remembered, write

    clause = "推动煤电节能降碳改造、灵活性改造、供热改造"
    text = f"{clause}，加快发展风电。"
    marks = [(2, 10, "煤电节能降碳改造"), (11, 16, "煤电灵活性改造"), (17, 21, "煤电供热改造")]
    memory = remembered([(text, marks), ("前言。" + text, [(a + 3, b + 3, x) for a, b, x in marks]),
                         (text, [])])  # the third plan marks nothing: the majority reading wins
    assert memory.clauses == {clause: tuple(marks)}
    with TemporaryDirectory() as tmp:
        write(memory, Path(tmp) / "m.memory.tsv")
        shipped = read(Path(tmp) / "m.memory.tsv")
    line = f"原则：{clause}，加快发展风电。"
    tagged = [(5, 13, "煤电节能降碳改造"), (14, 19, "灵活性改造"), (29, 31, "风电")]
    assert recall(line, tagged, shipped) == [(5, 13, "煤电节能降碳改造"), (14, 19, "煤电灵活性改造"),
                                             (20, 24, "煤电供热改造"), (29, 31, "风电")]
    assert recall(line, tagged, NO_MEMORY) == tagged
    assert recall("要" + line[3:], tagged, shipped) == tagged  # not the same clause: 要推动…


def test_a_clause_is_remembered_only_with_a_reading_that_marks_something() -> None:
    """Empty readings are not remembered (the tagger decides there); a tie goes to the reading that marks
    more; a clause a mention runs out of, a short clause and a clause that is only a name are not remembered."""
    from extract.parse.memory import remembered

    clause = "积极推广高效节能电机和变压器"
    one, two = ((4, 10, "高效节能电机"),), ((4, 10, "高效节能电机"), (11, 14, "高效节能变压器"))
    assert remembered([(clause, []), (clause, [])]).clauses == {}
    assert remembered([(clause, one), (clause, two)]).clauses == {clause: two}
    assert remembered([(clause + "，研发储能", [(12, 17, "x")])]).clauses == {}  # a mark runs out of the clause
    assert remembered([("推广热泵，发展风电", [(2, 4, "热泵")])]).clauses == {}  # too short to be copied wording
    bare = [("生态系统固碳增汇技术。开发森林", [(0, 10, "生态系统固碳增汇技术")])]
    assert remembered(bare).clauses == {}  # a bare name
    assert remembered([("积极推广高效\t节能电机和变压器", [(7, 13, "节能电机")])]).clauses == {}  # the files' separator


def test_a_list_annotated_as_one_span_keeps_its_annotators_labels() -> None:
    """A span with a joiner that the annotators marked (充换电、加氢 → 充换电基础设施, 加氢基础设施) is labelled so
    wherever the tagger finds exactly that span, in place of what the enumeration rules gave; spans without a
    joiner are not remembered, and the most frequent labelling wins."""
    from extract.parse.memory import read, recall, remembered, write

    text = "加强新能源汽车充换电、加氢等配套基础设施建设。"
    labels = [(7, 13, "充换电基础设施"), (7, 13, "加氢基础设施"), (2, 7, "新能源汽车")]
    memory = remembered([(text, labels), (text, labels), (text, [(7, 13, "充换电"), (7, 13, "加氢")])])
    assert memory.lists == {"充换电、加氢": ("充换电基础设施", "加氢基础设施")}
    with TemporaryDirectory() as tmp:
        write(memory, Path(tmp) / "m.memory.tsv")
        shipped = read(Path(tmp) / "m.memory.tsv")
    line = "推进充换电、加氢网络建设"
    tagged = [(2, 8, "充换电"), (2, 8, "加氢")]
    assert recall(line, tagged, shipped) == [(2, 8, "充换电基础设施"), (2, 8, "加氢基础设施")]
    assert recall(line, [(2, 5, "充换电")], shipped) == [(2, 5, "充换电")]  # not the remembered span


def test_a_mention_cut_by_a_line_break_is_carried_over_whole() -> None:
    """A reading change that joins lines moves offsets: every mention maps exactly, and a fragment annotated
    with its whole label (绿色生物化⏎工技术) is widened to it; texts that differ otherwise do not map."""
    from extract.quality.annotations import Mention
    from extract.quality.reanchor import carry, offset_map

    old = "研发绿色生物化\n工技术以及智能化低碳升级改造技术。\n二、行动"
    new = "研发绿色生物化工技术以及智能化低碳升级改造技术。\n二、行动"
    mentions = [Mention("d", 2, 7, "绿色生物化", "绿色生物化工技术"),
                Mention("d", 13, 22, "智能化低碳升级改造", "智能化低碳升级改造技术")]
    carried = carry(old, new, mentions)
    assert [(m.start, m.end, m.text) for m in carried] == [(2, 10, "绿色生物化工技术"), (12, 21, "智能化低碳升级改造")]
    assert offset_map("风电\n光伏", "风电光伏") == [0, 1, 2, 2, 3, 4]
    assert offset_map("风电\n光伏", "风电、光伏") is None


def test_mentions_are_carried_over_text_a_reading_change_recovered() -> None:
    """A contents page no longer swallowing the first body page puts text before every mention: each
    repeat of a string keeps its own occurrence (a search from near the old offset took the first one
    and mapped two rows onto it); a mention inside text that changed leaves the document to the search."""
    from extract.quality.annotations import Mention
    from extract.quality.reanchor import carry

    old = "规划\n推广煤电机组改造，淘汰落后煤电机组。"
    new = "规划\n前言一段被找回的文字，推广光伏。\n推广煤电机组改造，淘汰落后煤电机组。"
    mentions = [Mention("d", 5, 9, "煤电机组", "煤电机组"), Mention("d", 16, 20, "煤电机组", "煤电机组")]
    carried = carry(old, new, mentions)
    shift = new.index("推广煤电") - old.index("推广煤电")
    assert [(m.start, m.end) for m in carried] == [(5 + shift, 9 + shift), (16 + shift, 20 + shift)]
    assert all(new[m.start : m.end] == "煤电机组" for m in carried)
    assert carry(old, new.replace("淘汰落后煤电机组", "淘汰落后燃煤机组"), mentions) is None


@needs_corpus
def test_the_published_pdf_of_the_seed_gives_the_entries_of_its_text() -> None:
    """Box paragraphs of the seed's PDF wrap at the box's narrower right edge; joined again, its 专栏 entries
    and their technology items are nearly those of the plain-text seed (11 entries before the rejoin)."""
    from extract.pipeline import extract

    pdf = extract(next(CORPUS.rglob("577、*.pdf")))
    txt = extract(next((ROOT / "seeds").glob("*.txt")))
    assert len(pdf.entries) >= 0.9 * len(txt.entries)
    pdf_items = {i.label for e in pdf.entries for i in e.items}
    txt_items = {i.label for e in txt.entries for i in e.items}
    assert len(pdf_items & txt_items) >= 0.8 * len(txt_items)


@needs_corpus
def test_a_plan_without_boxes_gets_its_technologies_by_section() -> None:
    """The national 2030 plan has no 专栏 box: its technologies come from the narrative, each with the
    outline path of its section and no box."""
    from extract.pipeline import extract

    doc = extract(CORPUS / "national-2030-carbon-peaking-action-plan.pdf")
    assert not doc.columns
    assert len(doc.mentions) >= 40
    assert all(m.path for m in doc.mentions if m.part == "task")
    assert {m.part for m in doc.mentions} >= {"task"}
    labels = {m.label for m in doc.mentions}
    assert any("风电" in x for x in labels) and any("氢" in x for x in labels), labels
    for m in doc.mentions:
        # the label is made of its clause's characters: the span itself, one item of an enumeration with the
        # part it shares (节能环保农机和渔船 → 节能环保渔船), an item with the head 技术 distributed, or an
        # annotated plan's reading of the same clause (居住建筑和公共建筑节能改造 → 居住建筑节能改造)
        start = max(doc.text.rfind(c, 0, m.span.start) for c in "，。；：\n") + 1
        end = min((k for k in (doc.text.find(c, m.span.end) for c in "，。；：\n") if k >= 0), default=len(doc.text))
        assert set(m.label) <= set(doc.text[start:end] + "技术"), m
        assert m.carbon_classes and m.sectors


@needs_corpus
@pytest.mark.parametrize("pattern", ["46、*.pdf", "shandong-*.pdf"])
def test_every_technology_of_a_box_has_the_boxs_section(pattern: str) -> None:
    """A box belongs to the section of level （一） or higher printed above it, as readers of the corpus read
    it (tests/data/outline): in 46 the （一）提高常规纤维附加值。… paragraph before 专栏1, in Shandong the
    （四） above the 1. 2. paragraphs a box follows. Its entry items and the tagger's mentions in it all
    carry that path (before, 63 mentions of 46's boxes said 三/（一） while their box said 三). A box printed
    last in a part whose title names the part rather than that section (46's 专栏4 智能制造… after
    （三）开展工业互联网平台建设 closing 四、加快数字化智能化改造) takes the part's path."""
    from extract.pipeline import extract

    doc = extract(next(CORPUS.rglob(pattern)))
    sections = sorted(doc.sections, key=lambda s: s.span.start)
    boxed = [m for m in doc.mentions if m.column_key]
    assert boxed
    for m in boxed:
        column = next(c for a in doc.actions for c in a.columns if c.span.start <= m.span.start < c.span.end)
        assert m.path == column.path, (m.label, m.path, column.path)
        assert all(e.path == column.path for e in column.entries)
    printed_after = []
    for column in (c for a in doc.actions for c in a.columns):
        above = [s for s in sections if s.span.start < column.span.start]
        holder = next(s for s in reversed(above) if s.level <= 2)
        assert column.path == holder.path or holder.path.startswith(f"{column.path}/"), (
            column.title, column.path, holder.path)
        printed_after.append(above[-1])
    if pattern.startswith("46"):
        assert {c.title[:4]: c.path for a in doc.actions for c in a.columns}["智能制造"] == "四"
        assert any(s.body and s.level == 2 for s in printed_after)  # a titled （一） paragraph holds its box
    else:
        assert any(s.level >= 3 for s in printed_after)  # a box after a 1. paragraph is its section's


@needs_corpus
def test_named_queries_answer_for_a_plan_without_boxes(tmp_path: Path) -> None:
    """technologies, negative-carbon, why and action-outline all give rows for the national 2030 plan,
    which has no 专栏 box."""
    from click.testing import CliRunner

    from extract.cli import main

    out = tmp_path / "out"
    plan = CORPUS / "national-2030-carbon-peaking-action-plan.pdf"
    assert CliRunner().invoke(main, ["build", str(plan), "--out", str(out), "--quiet"]).exit_code == 0
    for name in ("technologies", "negative-carbon", "why", "action-outline"):
        result = CliRunner().invoke(main, ["query", name, "--data", str(out / "graph.ttl"), "--format", "csv"])
        assert result.exit_code == 0, result.output
        assert len(result.output.splitlines()) >= 2, name  # a header and at least one row


def test_the_technology_scheme_joins_wordings_and_knows_kinds() -> None:
    """CCUS, 碳捕集利用与封存技术 and 二氧化碳捕集利用与封存 are one concept; 漂浮式海上风电 is a kind of
    海上风电, a kind of 风电; an unseen wording finds the most specific concept it is a kind of."""
    from extract.parse.concepts import concept_of, nearest_concept, scheme

    concepts, _ = scheme()
    ccus = {concept_of(x).concept_id for x in ("CCUS", "碳捕集利用与封存技术", "二氧化碳捕集利用与封存")}
    assert len(ccus) == 1
    offshore = concept_of("海上风电")
    assert concepts[offshore.broader].pref == "风电"
    assert nearest_concept("超高效漂浮式海上风电").pref in ("漂浮式海上风电", "海上风电")
    assert concept_of("完全不是技术的词语") is None


def test_the_scheme_file_is_what_the_generator_makes() -> None:
    """technology_scheme.tsv is generated, not edited: regenerating it from the annotations gives its rows."""
    from extract.quality.scheme import build
    from extract.resources import lexicon

    rows = ["\t".join(map(str, r)) for r in build()]
    text = lexicon("technology_scheme.tsv").read_text(encoding="utf-8").splitlines()
    assert [r for r in text if r and not r.startswith(("#", "concept\t"))] == rows


def test_a_line_longer_than_the_tagging_window_is_tagged_piece_by_piece_at_the_right_offsets() -> None:
    """A line of tens of thousands of characters (a PDF without paragraph breaks) is tagged in windows cut at
    sentence ends, so memory stays bounded; the spans are those of each sentence, shifted to its place."""
    from extract.parse.mentions import LONGEST, _windows, tag_line

    sentence = "加快研发高效光伏电池技术和大规模储能技术，推广碳捕集利用与封存技术。"
    alone = tag_line(sentence)
    assert [sentence[s:e] for s, e in alone] == ["高效光伏电池技术", "大规模储能技术", "碳捕集利用与封存技术"]
    copies = 3 * LONGEST // len(sentence) + 1
    line = sentence * copies
    pieces = list(_windows(line))
    assert len(pieces) >= 3 and all(e - s <= LONGEST for s, e in pieces)
    assert all(line[e - 1] == "。" for _, e in pieces)
    shifted = [(k * len(sentence) + s, k * len(sentence) + e) for k in range(copies) for s, e in alone]
    assert tag_line(line) == shifted


@needs_corpus
def test_a_second_annotation_anchors_whole_and_the_gold_agrees_with_itself(tmp_path: Path) -> None:
    """make agreement scores a blind second annotation the way make eval scores the tagger: every row of the
    kept second annotations is found in today's text, and the gold's own raw file scores 1.0 against it."""
    import shutil

    from extract.quality.agreement import SECOND, agreement, second_annotations

    kept = second_annotations(CORPUS)
    assert len(kept) >= 3
    for gold, second, problems, _ in kept.values():
        assert not problems and second and gold
    raw = ROOT / "tests" / "data" / "annotations" / "raw"
    for key in sorted(p.stem for p in SECOND.glob("*.tsv"))[:2]:
        shutil.copy(raw / f"{key}.tsv", tmp_path / f"{key}.tsv")
    rows = agreement(CORPUS, tmp_path)
    assert len(rows) == 2 and all(r.second.f1 == 1.0 and r.second.gold == r.second.predicted for r in rows)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("研发光伏幕墙等建材型光伏技术。", "光伏幕墙"),  # the category after 等 is not the item
        ("开展钛合金等离子冷床炉半连续铸造。", "钛合金等离子冷床炉半连续铸造"),  # 等离子: no 等 of its own
    ],
)
def test_a_span_that_runs_past_deng_into_its_category_ends_at_deng(line: str, label: str) -> None:
    from extract.parse.mentions import mentions_of_line

    found = mentions_of_line(line, [(2, len(line) - 1)])
    assert [(s, line[s:e], x) for s, e, x in found] == [(2, label, label)]


@pytest.mark.parametrize(
    ("line", "span", "labels"),
    [
        ("开展锅炉（窑炉）煤改电。", (2, 6), ["锅炉", "窑炉"]),  # the bracket closes just after: both named
        ("加强基于MEMS（微机电系统）技术架构的研发。", (4, 12), ["MEMS（微机电系统）"]),
        ("优化外围护结构（密封、遮阳等）。", (2, 10), ["外围护结构"]),  # a list inside: cut before the bracket
        ("推广充电桩（站）。", (2, 8), ["充电桩", "充电站"]),  # closed inside the span: as before
    ],
)
def test_a_span_never_leaves_a_bracket_open(line: str, span: tuple[int, int], labels: list[str]) -> None:
    """A tagged span that stops inside a bracket would give a label with half a bracket (锅炉（窑炉)."""
    from extract.parse.mentions import mentions_of_line

    assert [x for _, _, x in mentions_of_line(line, [span])] == labels


@pytest.mark.parametrize(
    ("line", "spans", "labels"),
    [
        ("新型核能发电技术。研究四代堆、核聚变反应堆等新型核能发电技术。", [(0, 8), (11, 14), (15, 21)],
         ["四代堆", "核聚变反应堆"]),  # the title names the kind its body lists
        ("3.CCUS技术。研究CCUS与工业流程耦合技术及示范。", [(2, 8), (11, 24)], ["CCUS与工业流程耦合技术"]),
        ("光伏发电。建成投产一批大型光伏发电基地。", [(0, 4)], ["光伏发电"]),  # a title that is no kind: kept
        ("储能技术。", [(0, 4)], ["储能技术"]),  # no body to summarise
    ],
)
def test_a_title_that_summarises_its_body_is_no_mention(line: str, spans: list, labels: list[str]) -> None:
    """GUIDELINES.md: a run-in title naming a kind of technology (…技术。) is not itself an item of its body."""
    from extract.parse.mentions import mentions_of_line

    assert [x for _, _, x in mentions_of_line(line, spans)] == labels


def test_a_head_is_shared_with_the_last_item_of_a_list_the_tagger_left_out() -> None:
    """超低能耗、近零能耗、低碳（零碳）建筑: 建筑 is read from the list's last item even when it was not tagged."""
    from extract.parse.mentions import mentions_of_line

    line = "开展超低能耗、近零能耗、低碳（零碳）建筑示范。"
    assert [x for _, _, x in mentions_of_line(line, [(2, 6), (7, 11)])] == ["超低能耗建筑", "近零能耗建筑"]
    line = "推广空气源、水源热泵。"  # heads the annotations share after items ending so (热泵 after …源)
    assert [x for _, _, x in mentions_of_line(line, [(2, 5), (6, 10)])] == ["空气源热泵", "水源热泵"]
    line = "完善充换电、加氢基础设施。"  # a head of four characters on the next tagged item
    assert [x for _, _, x in mentions_of_line(line, [(2, 5), (6, 12)])] == ["充换电基础设施", "加氢基础设施"]
    line = "推进风能、地热能的开发。"  # no head at the list's end: nothing shared
    assert [x for _, _, x in mentions_of_line(line, [(2, 4), (5, 8)])] == ["风能", "地热能"]


@pytest.mark.parametrize(
    ("line", "ending"),
    [
        ("围绕交通、建筑等领域开展研究", "field"),  # a list of fields
        ("研发风能、太阳能等技术", "head"),
        ("推广高效电机、节能锅炉系统", "head"),  # a head in the last item
        ("推进A、B等工作", "other"),
        ("研发氢燃料电池", "none"),  # no list
    ],
)
def test_the_tagger_sees_what_a_clauses_list_ends_in(line: str, ending: str) -> None:
    """A list's first items look alike whether it lists fields or technologies; its end tells them apart."""
    from extract.parse.mentions import _list_ending, features

    assert _list_ending(line, 0) == ending
    assert all(f"le={ending}" in f for f in features(line))


def test_every_mention_carries_the_models_confidence_and_the_memory_alone_none(tmp_path: Path) -> None:
    """A tagged mention's confidence is the lowest marginal of its tags (0–1, higher for a plain technology
    than for a doubtful span); a mention only the memory marked has none."""
    import pycrfsuite

    from extract.parse.memory import read, remembered, write
    from extract.parse.mentions import Reader, scored_spans
    from extract.quality.mentions_eval import sequences, train

    found = tag("大力推广高效光伏电池和海上风电，推进氢燃料电池汽车示范应用。")
    assert found and all(f.confidence is not None and 0 < f.confidence <= 1 for f in found)
    line = "研发高效硅基光伏电池。"
    spans = scored_spans(line)
    assert [(s, e) for s, e, _ in spans] == [(2, 10)] and spans[0][2] >= 0.85
    # a model that tags nothing, and a memory of one clause: the clause's mention has no confidence
    train(sequences("推广高效热泵和地源热泵。\n发展海上风电。\n", []), tmp_path / "silent.crfsuite")
    silent = pycrfsuite.Tagger()
    silent.open(str(tmp_path / "silent.crfsuite"))
    clause = "推动煤电节能降碳改造和灵活性改造"
    write(remembered([(clause + "。", [(2, 10, "煤电节能降碳改造")])] * 2), tmp_path / "m.memory.tsv")
    remembered_only = tag(clause + "。", Reader(silent, read(tmp_path / "m.memory.tsv")))
    assert [(f.text, f.confidence) for f in remembered_only] == [("煤电节能降碳改造", None)]


def test_the_calibration_table_counts_each_band_and_what_keeping_it_gives() -> None:
    """make eval's table of how often mentions are right by confidence: a band's precision, and precision and
    recall over all gold mentions when only that band and the surer ones are kept."""
    from extract.quality.mentions_eval import calibration_lines

    pairs = [(0.95, True), (0.92, False), (0.85, True), (0.5, True), (None, False)]
    lines = calibration_lines(pairs, gold=8)
    assert "| 0.9–1.0 | 2 | 1 | 0.50 | 0.50 | 0.12 | 0.20 |" in lines
    assert "| 0.8–0.9 | 1 | 1 | 1.00 | 0.67 | 0.25 | 0.36 |" in lines
    assert "| 0.0–0.6 | 1 | 1 | 1.00 | 0.75 | 0.38 | 0.50 |" in lines
    assert not any(line.startswith("| 0.6–0.8") for line in lines)  # an empty band is left out
    assert "| none (the memory alone) | 1 | 0 | 0.00 | | | |" in lines


def test_the_seed_graph_says_how_sure_the_tagger_is_least_sure_first(seed_graph) -> None:
    """Mention spans carry dckg:confidence, box items do not; uncertain-mentions lists the mentions with a
    confidence, least confident first, one row each."""
    from rdflib import Namespace

    from extract.rdf import queries

    dckg = Namespace("https://w3id.org/dckg/ontology#")
    sure = dict(seed_graph.subject_objects(dckg.confidence))
    assert sure and all(0 <= float(v) <= 1 for v in sure.values())
    items = set(seed_graph.subjects(dckg.mentionOf, None)) - set(seed_graph.subjects(dckg.within, None))
    assert items and not items & set(sure)  # box items' spans: not the tagger's
    columns, rows = queries.run(queries.load("uncertain-mentions"), seed_graph)
    values = [float(r[columns.index("confidence")]) for r in rows]
    assert values == sorted(values) and len(rows) >= len(sure)
    assert values[0] < 0.9 <= values[-1]


def test_suggested_rows_read_back_as_the_tagger_found_them(tmp_path: Path) -> None:
    """`dckg text FILE --suggest` drafts annotation rows: saved as raw/<key>.tsv and converted as annotators'
    files are, they give exactly the tagger's mentions; the fifth column is its confidence."""
    from extract.pipeline import clean_text_of
    from extract.quality.annotations import convert
    from tests.cli_helpers import invoke

    plan = ROOT / "tests" / "data" / "plans" / "mini-province-sti-plan.txt"
    code, out, err = invoke("text", str(plan), "--suggest")
    assert code == 0, err
    text = clean_text_of(plan)
    found = tag(text)
    assert len(found) >= 10
    raw = tmp_path / "mini.tsv"
    raw.write_text(out, encoding="utf-8")
    mentions, problems = convert(raw, text, plan.name)
    assert not problems
    assert sorted((m.start, m.end, m.label) for m in mentions) == sorted((f.start, f.end, f.text) for f in found)
    lines = text.split("\n")
    for row in out.strip().split("\n"):
        line, span, _, column, confidence = row.split("\t")
        assert lines[int(line) - 1][int(column):].startswith(span)
        assert confidence == "" or 0.0 <= float(confidence) <= 1.0


def test_bootstrap_intervals_say_how_far_the_figures_hang_on_the_documents() -> None:
    from extract.quality.evaluation import Score, bootstrap_intervals

    same = [Score(3, 4, 5)] * 20
    (lo, hi), (micro_lo, micro_hi) = bootstrap_intervals(same)
    assert lo == pytest.approx(hi) == pytest.approx(same[0].f1) and micro_lo == micro_hi == same[0].f1
    varied = [Score(t, 10, 10) for t in range(11)] * 3
    (lo, hi), (micro_lo, micro_hi) = bootstrap_intervals(varied)
    mean = sum(s.f1 for s in varied) / len(varied)
    assert lo < mean < hi and micro_lo < sum(varied, Score(0, 0, 0)).f1 < micro_hi
    assert bootstrap_intervals(varied) == ((lo, hi), (micro_lo, micro_hi))  # a fixed seed: the same every run
    (few_lo, few_hi), _ = bootstrap_intervals(varied[:11])
    assert few_hi - few_lo > hi - lo  # fewer documents, a wider interval
    with pytest.raises(ValueError):
        bootstrap_intervals([])


def test_two_sets_of_fold_models_are_compared_document_by_document() -> None:
    from extract.quality.evaluation import Score, paired_interval
    from extract.quality.fold_compare import report

    before = {f"d{i}": Score(5, 10, 10) for i in range(30)}
    after = {f"d{i}": Score(6 if i % 3 else 5, 10, 10) for i in range(30)}
    text = report(before, after)
    assert "30 documents: 20 up, 0 down" in text and "mean F1 0.5000" in text
    mean, lo, hi = paired_interval([s.f1 for s in before.values()], [s.f1 for s in after.values()])
    assert 0 < lo <= mean <= hi and mean == pytest.approx(20 * 0.1 / 30)
    assert paired_interval([0.5] * 5, [0.5] * 5) == (0.0, 0.0, 0.0)  # no change, no interval
    with pytest.raises(ValueError):
        paired_interval([0.5], [0.5, 0.6])


@pytest.mark.parametrize(("line", "span", "kept"), [
    ("推进机组深度调峰和热电解耦，解决煤电机组发电问题。", "热电解耦，解决煤电机组发电", False),  # across a clause
    ("采用离子液体溶剂法（ILS法）、低温尿素法等工艺。", "离子液体溶剂法（ILS法）、低温尿素法", True),
    ("推广BIM）技术应用。", "BIM）技术", False),  # a bracket never opened
    ("发展纤维级1，3-丙二醇。", "纤维级1，3-丙二醇", True),  # a chemical's comma is part of its name
])
def test_a_label_that_cannot_be_a_name_is_not_a_mention(line: str, span: str, kept: bool) -> None:
    from extract.parse.mentions import mentions_of_line

    start = line.index(span)
    labels = [label for _, _, label in mentions_of_line(line, [(start, start + len(span))])]
    assert bool(labels) == kept, labels
    for label in labels:  # a split list gives whole names, never 离子液体溶剂法（低温尿素法
        assert label.count("（") + label.count("(") == label.count("）") + label.count(")"), labels


def test_a_bracketed_gloss_is_not_shared_with_the_items_before_it() -> None:
    from extract.parse.mentions import shared_labels

    assert shared_labels("地下储气库、液化天然气（LNG）接收站") == ["地下储气库", "液化天然气（LNG）接收站"]
    assert shared_labels("液态和固态锂离子电池") == ["液态锂离子电池", "固态锂离子电池"]  # sharing goes on
