"""Control measures (管控措施): the register of measures decided, with the approvals each one needed

Revision ID: 0015_measures
Revises: 0014_requisitions
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0015_measures'
down_revision = '0014_requisitions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('division', sa.String(length=100), nullable=False),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('affects_others', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('needs', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('started_at', UtcDateTime(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('lifted_at', UtcDateTime(), nullable=True),
    sa.Column('lifted_by', sa.String(length=200), nullable=False),
    sa.Column('lift_basis', sa.Text(), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_measure_event_id_event'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure'))
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_started_at'), ['started_at'], unique=False)
    op.create_table('measure_approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('need', sa.String(length=16), nullable=False),
    sa.Column('approved_by', sa.String(length=200), nullable=False),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('approved_at', UtcDateTime(), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'],
                            name=op.f('fk_measure_approval_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_approval')),
    sa.UniqueConstraint('measure_id', 'need', name=op.f('uq_measure_approval_measure_id'))
    )
    with op.batch_alter_table('measure_approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_approval_measure_id'), ['measure_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('measure_approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_approval_measure_id'))
    op.drop_table('measure_approval')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_started_at'))
        batch_op.drop_index(batch_op.f('ix_measure_kind'))
        batch_op.drop_index(batch_op.f('ix_measure_event_id'))
    op.drop_table('measure')
