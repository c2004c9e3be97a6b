"""The font resolver: roles, preferences, refusals and the error that says what to install."""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from wzcommand.reports import fonts as fonts_module
from wzcommand.reports.fonts import ROLES, FontsMissingError, resolve_fonts
from wzcommand.reports.sfnt import read_faces

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
ZENHEI = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture
def isolated(monkeypatch):
    """No program-bundled fonts: only what a test passes in (and the system when asked)."""
    monkeypatch.setattr(fonts_module, "program_font_dirs", lambda: [])


def test_every_role_resolved_and_registered(fonts):
    for role in ROLES:
        face = fonts[role]
        assert face.path.is_file()
        assert face.path.suffix.lower() in (".ttf", ".ttc")
        assert pdfmetrics.getFont(face.name).face is not None      # a TrueType, not a CID font
        assert "STSong" not in face.name


def test_describe_names_each_file(fonts):
    text = fonts.describe()
    for label in ("标题", "正文", "黑体", "楷体", "页码"):
        assert label in text
    for role in ROLES:
        assert str(fonts[role].path) in text


@pytest.mark.skipif(not all(p.exists() for p in (UMING, UKAI, ZENHEI)),
                    reason="the Debian fonts-arphic-* and fonts-wqy-zenhei packages are not installed")
def test_debian_preferences(isolated):
    chosen = resolve_fonts("温州市突发公共卫生事件")
    assert chosen["body"].path == UMING and chosen["song"].path == UMING
    assert chosen["kai"].path == UKAI
    assert chosen["hei"].path == ZENHEI and chosen["title"].path == ZENHEI
    # the mainland (CN) face of the collections, the proportional face of Zen Hei
    assert "CN" in chosen["body"].face_name and "CN" in chosen["kai"].face_name
    assert chosen["hei"].index == 0
    assert all(chosen[r].substitute for r in ROLES)     # no Windows fonts here


@pytest.mark.skipif(not WENKAI.exists(), reason="fonts-lxgw-wenkai is not installed")
def test_settings_choice_wins(isolated):
    chosen = resolve_fonts("温州", settings_path={"kai": WENKAI})
    assert chosen["kai"].path == WENKAI and not chosen["kai"].substitute


@pytest.mark.skipif(not UMING.exists(), reason="fonts-arphic-uming is not installed")
def test_one_font_serves_every_role(isolated, tmp_path):
    (tmp_path / "uming.ttc").symlink_to(UMING)
    chosen = resolve_fonts("温州", extra_dirs=[tmp_path], search_system=False)
    assert {chosen[r].path.name for r in ROLES} == {"uming.ttc"}


def test_registration_is_cached(fonts):
    before = dict(fonts_module._registered)
    again = resolve_fonts("温州")
    assert fonts_module._registered == before
    assert again.name("body") == fonts.name("body")


@pytest.mark.skipif(not DEJAVU.exists(), reason="fonts-dejavu-core is not installed")
def test_missing_when_only_non_cjk_fonts(isolated, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FontsMissingError) as info:
        resolve_fonts("温州市突发公共卫生事件", extra_dirs=[empty], settings_path=DEJAVU,
                      search_system=False)
    message = str(info.value)
    assert "apt-get install fonts-arphic-uming" in message
    assert "Windows" in message and "中文" in message
    assert "温" in info.value.missing


def test_missing_names_unprintable_characters():
    with pytest.raises(FontsMissingError) as info:
        resolve_fonts("温州\U00013000")          # an Egyptian hieroglyph: in no Chinese font
    assert info.value.missing == "\U00013000"


def test_cff_and_restricted_fonts_refused(isolated, tmp_path, helpers):
    helpers.make_fake_font(tmp_path / "FakeSong.otf.ttf", cff=True, chars="温州")
    helpers.make_fake_font(tmp_path / "Locked.ttf", fs_type=0x0002, chars="温州")
    faces = [f for p in sorted(tmp_path.iterdir()) for f in read_faces(p)]
    assert [f.truetype_outlines for f in faces] == [False, True]
    assert [f.embeddable for f in faces] == [True, False]
    assert not faces[1].missing(set("温州"))            # the cmap reader works
    with pytest.raises(FontsMissingError) as info:
        resolve_fonts("温州", extra_dirs=[tmp_path], search_system=False)
    skipped = " ".join(info.value.skipped)
    assert "CFF" in skipped and "禁止嵌入" in skipped


def test_sfnt_reads_collections():
    if not UMING.exists():
        pytest.skip("fonts-arphic-uming is not installed")
    faces = read_faces(UMING)
    assert len(faces) >= 2 and all(f.usable for f in faces)
    assert not faces[0].missing(set("温州市〔〕—0123456789"))


def test_fonts_resolved_for_some_text_still_refuse_a_character_they_lack():
    """A font set remembers what it was chosen for; anything beyond that is checked when rendering."""
    from wzcommand.reports.document import OfficialDocument, Paragraph, render

    chosen = resolve_fonts("关于疫情的报告")
    assert render(OfficialDocument(title="关于疫情的报告", body=[Paragraph("温州市鹿城区")]), chosen)[:5] == b"%PDF-"
    with pytest.raises(FontsMissingError) as info:
        render(OfficialDocument(title="关于疫情的报告", body=[Paragraph("温州\U00013000")]), chosen)
    assert info.value.missing == "\U00013000"
