"""A control measure the plan does not list at the response level in force keeps why it was decided
all the same (services/measure_levels.py)

Revision ID: 0019_measure_level_reason
Revises: 0018_riskmap
"""
import sqlalchemy as sa
from alembic import op

revision = '0019_measure_level_reason'
down_revision = '0018_riskmap'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level_reason', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_column('level_reason')
