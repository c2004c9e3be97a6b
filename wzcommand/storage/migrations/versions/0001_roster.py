"""Roster: units, contacts, app meta and the append-only audit log.

Revision ID: 0001_roster
Revises:
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = "0001_roster"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("edition", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id", ondelete="RESTRICT"), nullable=False, unique=True),
        sa.Column("liaison", sa.String(100), nullable=False, server_default=""),
        sa.Column("title", sa.String(100), nullable=False, server_default=""),
        sa.Column("office_phone", sa.String(100), nullable=False, server_default=""),
        sa.Column("mobile", sa.String(100), nullable=False, server_default=""),
        sa.Column("duty_phone", sa.String(100), nullable=False, server_default=""),
        sa.Column("fax", sa.String(100), nullable=False, server_default=""),
        sa.Column("updated_at", UtcDateTime(), nullable=True),
        sa.Column("updated_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("operator", sa.String(100), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200), nullable=False, server_default=""),
        sa.Column("before", sa.Text(), nullable=False, server_default=""),
        sa.Column("after", sa.Text(), nullable=False, server_default=""),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{verb.lower()} BEFORE {verb} ON audit_entry "
                f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
            )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
        )


def downgrade() -> None:
    op.drop_table("audit_entry")
    op.drop_table("contact")
    op.drop_table("unit")
    op.drop_table("app_meta")
