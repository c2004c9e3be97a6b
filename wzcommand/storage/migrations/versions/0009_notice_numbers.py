"""Meeting notices keep the 发文字号 they were first printed with

Revision ID: 0009_notice_numbers
Revises: 0008_level_procedure
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_notice_numbers'
down_revision = '0008_level_procedure'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('schedule_item') as batch:
        batch.add_column(sa.Column('notice_no', sa.String(length=64), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('schedule_item') as batch:
        batch.drop_column('notice_no')
