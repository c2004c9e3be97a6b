"""Response levels: post holders, level decisions, warning decisions.

Revision ID: 0002_levels
Revises: 0001_roster
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = "0002_levels"
down_revision = "0001_roster"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "post_holder",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("post", sa.String(100), nullable=False),
        sa.Column("group_key", sa.String(32), nullable=False, server_default=""),
        sa.Column("person", sa.String(100), nullable=False, server_default=""),
        sa.Column("mobile", sa.String(100), nullable=False, server_default=""),
        sa.Column("office_phone", sa.String(100), nullable=False, server_default=""),
        sa.Column("updated_at", UtcDateTime(), nullable=True),
        sa.Column("updated_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.UniqueConstraint("post", "group_key", name="uq_post_holder_post"),
    )
    op.create_table(
        "level_decision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("from_level", sa.String(8), nullable=False),
        sa.Column("to_level", sa.String(8), nullable=False),
        sa.Column("decided_at", UtcDateTime(), nullable=False),
        sa.Column("announced_at", UtcDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False, server_default=""),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("office_alternative", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("office_reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("office_director", sa.String(100), nullable=False, server_default=""),
        sa.Column("province_record", sa.Text(), nullable=False, server_default=""),
        sa.Column("initiator", sa.String(16), nullable=False, server_default="city"),
        sa.Column("operator", sa.String(100), nullable=False),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_level_decision_decided_at", "level_decision", ["decided_at"])
    op.create_table(
        "warning_decision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("colour", sa.String(8), nullable=False),
        sa.Column("decided_at", UtcDateTime(), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("operator", sa.String(100), nullable=False),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("warning_decision")
    op.drop_index("ix_level_decision_decided_at", "level_decision")
    op.drop_table("level_decision")
    op.drop_table("post_holder")
