"""Level decisions: the plan a response runs under, the assessment's author, approvals, filings
and the province's decision

Revision ID: 0008_level_procedure
Revises: 0007_row_hashes
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0008_level_procedure'
down_revision = '0007_row_hashes'
branch_labels = None
depends_on = None

TEXT_COLUMNS = (("assessed_by", sa.String(length=200)), ("approved_by", sa.String(length=100)),
                ("approval_ref", sa.Text()), ("filed_with", sa.String(length=100)), ("filing_ref", sa.Text()),
                ("province_decision", sa.Text()))


def upgrade() -> None:
    with op.batch_alter_table('level_decision', schema=None) as batch_op:
        # Responses recorded before plans were told apart ran under the general public-health plan.
        batch_op.add_column(sa.Column('plan', sa.String(length=16), nullable=False, server_default='public_health'))
        for name, type_ in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=''))
        batch_op.add_column(sa.Column('approved_at', UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('filed_at', UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('level_decision', schema=None) as batch_op:
        for name in ('filed_at', 'approved_at', *reversed([n for n, _ in TEXT_COLUMNS]), 'plan'):
            batch_op.drop_column(name)
