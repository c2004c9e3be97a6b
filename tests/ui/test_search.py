"""search.py: how the office finds a unit — by name, alias, full pinyin or pinyin initials."""
from wzcommand.plan.edition import load_edition
from wzcommand.search import matches, search_keys


def found(query: str) -> list[str]:
    plan = load_edition("2021")
    return [u.name for u in plan.units if matches(query, search_keys(u.name, u.aliases))]


def test_initials_in_order_find_the_health_commission():
    assert "市卫生健康委" in found("wjw")  # 市卫生健康委 → swsjkw: w…j…w
    assert "市公安局" not in found("wjw")


def test_initials_find_the_police_bureau_only():
    assert found("gaj") == ["市公安局"]


def test_case_and_spaces_do_not_matter():
    assert found("WJW") == found("wjw")
    assert found(" gaj ") == ["市公安局"]


def test_chinese_substring_of_name():
    assert found("公安") == ["市公安局"]
    assert "市委宣传部（市新闻办）" in found("宣传")


def test_alias_finds_its_unit():
    assert found("市府办") == ["市政府办公室"]
    assert "市委宣传部（市新闻办）" in found("市政府新闻办")


def test_full_pinyin_substring():
    assert "市卫生健康委" in found("weisheng")
    assert "市公安局" in found("gongan")


def test_letters_out_of_order_do_not_match():
    keys = search_keys("市公安局")
    assert matches("gaj", keys)
    assert not matches("jag", keys)


def test_chinese_query_is_not_matched_against_pinyin():
    assert not matches("卫", search_keys("市公安局"))


def test_empty_query_matches_everything():
    assert len(found("")) == len(load_edition("2021").units)


def test_no_match():
    assert found("不存在的单位") == []
    assert found("qqqq") == []
