"""The field registers' models (storage/field_models) are mapped on first use, so a command that touches
none of them starts faster; whatever must see every table still sees them (storage/models.load_all)."""
import sqlite3
import subprocess
import sys

import pytest

from wzcommand.services import supplies
from wzcommand.storage import field_models, models
from wzcommand.storage.models import Base


def test_the_lazy_names_are_exactly_the_field_registers():
    mapped = {name for name, value in vars(field_models).items()
              if isinstance(value, type) and issubclass(value, Base) and value is not Base}
    assert models.FIELD_MODELS == mapped
    assert all(getattr(models, name) is getattr(field_models, name) for name in mapped)


def run_fresh(code: str, *args: str) -> str:
    """`code` in a new interpreter, where nothing has mapped the field registers yet."""
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_every_audited_table_is_listed_before_any_field_register_is_used():
    out = run_fresh("import sys; from wzcommand.storage import rowstate; "
                    "print(sorted(t.name for t in rowstate.audited_tables()))")
    names = set(eval(out.strip().splitlines()[-1]))
    assert {"supply_item", "township", "measure", "requisition", "unit", "post_holder"} <= names
    assert "audit_entry" not in names


@pytest.mark.sqlite_only
def test_check_names_a_field_register_edited_by_hand_in_a_new_process(db):
    supplies.add_item(db, "医用防护服", "套", "值班员")
    db.engine.dispose()
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE supply_item SET unit = '箱' WHERE name = '医用防护服'")
    conn.commit()
    conn.close()
    proc = subprocess.run([sys.executable, "-m", "wzcommand", "--db", str(db.path), "check"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode != 0
    assert "表 supply_item" in proc.stdout + proc.stderr and "被直接修改" in proc.stdout + proc.stderr
