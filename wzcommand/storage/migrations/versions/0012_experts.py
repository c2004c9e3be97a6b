"""The expert advisory committee: members with their membership periods, assessments with the
members present; a level decision links the assessment it rests on

Revision ID: 0012_experts
Revises: 0011_counties
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0012_experts'
down_revision = '0011_counties'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('expert_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('specialty', sa.String(length=100), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('mobile', sa.String(length=100), nullable=False),
    sa.Column('office_phone', sa.String(length=100), nullable=False),
    sa.Column('member_from', sa.Date(), nullable=False),
    sa.Column('member_to', sa.Date(), nullable=True),
    sa.Column('added_by', sa.String(length=100), nullable=False),
    sa.Column('added_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_member'))
    )
    with op.batch_alter_table('expert_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_member_name'), ['name'], unique=False)
    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_at', UtcDateTime(), nullable=False),
    sa.Column('question', sa.String(length=24), nullable=False),
    sa.Column('recommendation', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_held_at'), ['held_at'], unique=False)
    op.create_table('assessment_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                            name=op.f('fk_assessment_member_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['expert_member.id'],
                            name=op.f('fk_assessment_member_member_id_expert_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_member')),
    sa.UniqueConstraint('assessment_id', 'member_id', name=op.f('uq_assessment_member_assessment_id'))
    )
    with op.batch_alter_table('assessment_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_member_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_member_member_id'), ['member_id'], unique=False)
    op.create_table('level_assessment',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                            name=op.f('fk_level_assessment_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['decision_id'], ['level_decision.id'],
                            name=op.f('fk_level_assessment_decision_id_level_decision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', name=op.f('pk_level_assessment'))
    )
    with op.batch_alter_table('level_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_level_assessment_assessment_id'), ['assessment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('level_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_level_assessment_assessment_id'))
    op.drop_table('level_assessment')
    with op.batch_alter_table('assessment_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_member_member_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_member_assessment_id'))
    op.drop_table('assessment_member')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_held_at'))
    op.drop_table('assessment')
    with op.batch_alter_table('expert_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_member_name'))
    op.drop_table('expert_member')
