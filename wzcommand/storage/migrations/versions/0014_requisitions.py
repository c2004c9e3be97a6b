"""Temporary requisitions (phe 6.3.1 (5)) and their compensation per owner (phe 7.3)

Revision ID: 0014_requisitions
Revises: 0013_warning_procedure
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0014_requisitions'
down_revision = '0013_warning_procedure'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('requisition_owner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requisition_owner')),
    sa.UniqueConstraint('kind', 'name', name=op.f('uq_requisition_owner_kind'))
    )
    op.create_table('requisition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.String(length=100), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('decision_ref', sa.Text(), nullable=False),
    sa.Column('taken_at', UtcDateTime(), nullable=False),
    sa.Column('condition_taken', sa.Text(), nullable=False),
    sa.Column('returned_at', UtcDateTime(), nullable=True),
    sa.Column('condition_returned', sa.Text(), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['requisition_owner.id'],
                            name=op.f('fk_requisition_owner_id_requisition_owner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requisition'))
    )
    with op.batch_alter_table('requisition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requisition_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_requisition_taken_at'), ['taken_at'], unique=False)
    op.create_table('requisition_compensation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('assessment', sa.Text(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['requisition_owner.id'],
                            name=op.f('fk_requisition_compensation_owner_id_requisition_owner')),
    sa.ForeignKeyConstraint(['response_id'], ['level_decision.id'],
                            name=op.f('fk_requisition_compensation_response_id_level_decision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requisition_compensation')),
    sa.UniqueConstraint('owner_id', 'response_id', name=op.f('uq_requisition_compensation_owner_id'))
    )
    with op.batch_alter_table('requisition_compensation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requisition_compensation_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_requisition_compensation_response_id'), ['response_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('requisition_compensation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requisition_compensation_response_id'))
        batch_op.drop_index(batch_op.f('ix_requisition_compensation_owner_id'))
    op.drop_table('requisition_compensation')
    with op.batch_alter_table('requisition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requisition_taken_at'))
        batch_op.drop_index(batch_op.f('ix_requisition_owner_id'))
    op.drop_table('requisition')
    op.drop_table('requisition_owner')
