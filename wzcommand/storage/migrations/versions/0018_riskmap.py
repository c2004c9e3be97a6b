"""The township risk map: townships (division, name, code, boundary), their risk levels by date
(history kept, the assessment linked), and the maps printed for a date

Revision ID: 0018_riskmap
Revises: 0017_assessment_links
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0018_riskmap'
down_revision = '0017_assessment_links'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('township',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('division', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('boundary', sa.Text(), nullable=False),
    sa.Column('imported_at', UtcDateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_township')),
    sa.UniqueConstraint('code', name=op.f('uq_township_code')),
    sa.UniqueConstraint('division', 'name', name=op.f('uq_township_division'))
    )
    with op.batch_alter_table('township', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_township_division'), ['division'], unique=False)
    op.create_table('township_risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('effective_at', UtcDateTime(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('set_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                            name=op.f('fk_township_risk_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'],
                            name=op.f('fk_township_risk_township_id_township'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_township_risk'))
    )
    with op.batch_alter_table('township_risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_township_risk_effective_at'), ['effective_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_township_risk_township_id'), ['township_id'], unique=False)
    op.create_table('riskmap_issue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_date', sa.Date(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('issued_at', UtcDateTime(), nullable=False),
    sa.Column('issued_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riskmap_issue'))
    )
    with op.batch_alter_table('riskmap_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riskmap_issue_map_date'), ['map_date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('riskmap_issue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riskmap_issue_map_date'))
    op.drop_table('riskmap_issue')
    with op.batch_alter_table('township_risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_township_risk_township_id'))
        batch_op.drop_index(batch_op.f('ix_township_risk_effective_at'))
    op.drop_table('township_risk')
    with op.batch_alter_table('township', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_township_division'))
    op.drop_table('township')
