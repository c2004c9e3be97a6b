"""Only the core tables are mapped when storage/models is imported; the tables of event_models,
command_models and field_models are mapped on first use, so a command that touches none of them starts
faster. Whatever must see every table still sees them (storage/models.load_all)."""
import sqlite3
import subprocess
import sys

import pytest

from wzcommand.services import supplies
from wzcommand.storage import field_models, models
from wzcommand.storage.models import Base


def test_every_table_is_importable_from_models_and_named_once():
    from importlib import import_module

    from wzcommand.storage import command_models, event_models

    core = {value for value in vars(models).values() if isinstance(value, type) and issubclass(value, Base)}
    lazy = {}
    for module in (event_models, command_models, field_models):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Base) and value not in core:
                lazy[name] = module.__name__.rpartition(".")[2]
                assert getattr(models, name) is value
    assert models.LAZY_MODELS == lazy
    models.load_all()
    assert {m.class_ for m in Base.registry.mappers} == core - {Base} | {
        getattr(import_module(f"wzcommand.storage.{module}"), name) for name, module in lazy.items()}


def test_each_model_module_refers_only_to_tables_it_loads():
    """A loaded table's foreign keys must find their tables (a flush sorts by them)."""
    from wzcommand.storage import command_models, event_models

    own = {m: {c.__tablename__ for c in vars(m).values() if isinstance(c, type) and issubclass(c, Base)
               and c is not Base and c.__module__ == m.__name__}
           for m in (models, event_models, command_models, field_models)}
    core = own[models]
    assert {"audit_entry", "unit", "post_holder", "account"} <= core
    loads = {event_models: own[event_models], command_models: own[command_models],
             field_models: own[field_models] | own[event_models] | own[command_models]}
    for module, tables in loads.items():
        for name in own[module]:
            for fk in Base.metadata.tables[name].foreign_keys:
                assert fk.target_fullname.split(".")[0] in tables | core, (module.__name__, name, fk.target_fullname)


def run_fresh(code: str, *args: str) -> str:
    """`code` in a new interpreter, where nothing has mapped the field registers yet."""
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_every_audited_table_is_listed_before_any_field_register_is_used():
    out = run_fresh("import sys; from wzcommand.storage import rowstate; "
                    "print(sorted(t.name for t in rowstate.audited_tables()))")
    names = set(eval(out.strip().splitlines()[-1]))
    assert {"supply_item", "township", "measure", "event", "issued_report", "level_decision", "task", "unit",
            "post_holder"} <= names
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
