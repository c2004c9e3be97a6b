"""The warning procedure (phe 5.4.4; ari annex 三、四): issuing needs the CDC's proposal, the committee's
assessment and filing with the 市政府; adjusting needs the CDC's proposal; several situations are merged
at the highest colour; each step is recorded and shown."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from wzcommand.services import experts, warnings
from wzcommand.services.errors import ValidationError
from wzcommand.services.levels import RefusedError
from wzcommand.services.warnings import Procedure
from wzcommand.storage.models import AuditEntry, WarningDecision

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=1)
FULL = dict(proposal="温疾控〔2026〕3号", assessment="专家咨询委员会：建议发布黄色预警", filed_with="市政府",
            filing_ref="备案〔2026〕1号")


def counts(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (WarningDecision, AuditEntry))


def decide(db, colour, hours=0, **steps):
    return warnings.record_warning(db, colour, T0 + timedelta(hours=hours), "市卫生健康委", "监测", "主任", now=NOW,
                                   steps=Procedure(**steps))


@pytest.mark.parametrize("missing,named", [("proposal", "疾病预防控制机构预警建议"), ("assessment", "专家咨询委员会评估"),
                                           ("filed_with", "报市政府备案")])
def test_an_issue_without_each_step_is_refused_quoting_the_plan(db, missing, named):
    before = counts(db)
    with pytest.raises(RefusedError) as err:
        decide(db, "yellow", **{**FULL, missing: ""})
    assert named in err.value.message and "5.4.4" in err.value.message and "报同级政府备案后发布预警" in err.value.message
    assert counts(db) == before


def test_adjusting_needs_the_proposal_and_lifting_needs_none(db):
    decide(db, "yellow", **FULL)
    with pytest.raises(RefusedError, match="调整预警须先有：疾病预防控制机构预警建议"):
        decide(db, "orange", 1)
    adjusted = decide(db, "orange", 1, proposal="温疾控〔2026〕4号")
    assert adjusted.action == "adjust"
    lifted = decide(db, "none", 2)
    assert lifted.action == "lift"
    steps = {s["step"]: s for s in adjusted.steps()}
    assert steps["proposal"]["done"] and not steps["assessment"]["required"] and not steps["filing"]["done"]


def test_several_situations_take_the_highest_colour(db):
    with pytest.raises(ValidationError) as err:
        decide(db, "yellow", situations=("yellow-1", "orange-2"), **FULL)
    assert "最高为橙色预警" in err.value.fields["situations"] and "合并发布预警" in err.value.fields["situations"]
    record = decide(db, "orange", situations=("yellow-1", "orange-2", "blue-3"), scope="全市", measures="加强监测",
                    **FULL)
    assert record.procedure.situations == ("yellow-1", "orange-2", "blue-3")
    publication = next(s for s in record.steps() if s["step"] == "publication")
    assert "省内出现传染性非典型肺炎病例。" in publication["text"] and "范围：全市" in publication["text"]
    assert warnings.warning_history(db)[-1].procedure.scope == "全市"
    with pytest.raises(ValidationError):
        decide(db, "red", 1, situations=("purple-9",), **FULL)


def test_a_recorded_assessment_must_be_about_the_warning(db):
    experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2026, 1, 1))
    wrong = experts.record_assessment(db, "level.start", "建议启动", T0 - timedelta(hours=1), ["王教授"], "值班员", now=NOW)
    right = experts.record_assessment(db, "warning.issue", "建议发布黄色预警", T0 - timedelta(hours=1), ["王教授"],
                                      "值班员", now=NOW)
    base = {**FULL, "assessment": ""}
    with pytest.raises(RefusedError, match="不能作为发布预警的依据"):
        decide(db, "yellow", assessment_id=wrong.id, **base)
    record = decide(db, "yellow", assessment_id=right.id, **base)
    assert record.procedure.assessment_id == right.id and record.procedure.assessment == right.summary()
    assert [s["done"] for s in record.steps()][:3] == [True, True, True]


def test_adjust_is_only_another_colour_of_the_warning_in_force(db):
    def adjust(colour, hours, **steps):
        return warnings.adjust_warning(db, colour, T0 + timedelta(hours=hours), "市卫生健康委", "趋势变化", "主任",
                                       now=NOW, steps=Procedure(**steps))

    before = counts(db)
    with pytest.raises(RefusedError, match="当前没有预警，无可调整"):
        adjust("orange", 1, proposal="温疾控〔2026〕4号")
    decide(db, "yellow", **FULL)
    with pytest.raises(RefusedError, match="解除预警请用“解除”"):
        adjust("none", 2, proposal="温疾控〔2026〕4号")
    assert counts(db) == (before[0] + 1, before[1] + 1)
    raised = adjust("orange", 2, proposal="温疾控〔2026〕4号")
    assert (raised.action, warnings.warning_state(db).colour) == ("adjust", "orange")
    with db.read() as s:
        assert s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first().action == "warning.adjust"
