"""A scheduled 风险评估会商 links the assessment record it became; a warning decision lists the
预警触发地（市、县） it warned at the same time (ari annex 三)

Revision ID: 0017_assessment_links
Revises: 0016_supplies
"""
import sqlalchemy as sa
from alembic import op

revision = '0017_assessment_links'
down_revision = '0016_supplies'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('schedule_assessment',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                            name=op.f('fk_schedule_assessment_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['item_id'], ['schedule_item.id'],
                            name=op.f('fk_schedule_assessment_item_id_schedule_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_schedule_assessment')),
    sa.UniqueConstraint('assessment_id', name=op.f('uq_schedule_assessment_assessment_id'))
    )
    op.create_table('warning_trigger_site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('county', sa.String(length=16), nullable=False),
    sa.Column('colour', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['warning_decision.id'],
                            name=op.f('fk_warning_trigger_site_decision_id_warning_decision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_warning_trigger_site')),
    sa.UniqueConstraint('decision_id', 'county', name=op.f('uq_warning_trigger_site_decision_id'))
    )
    with op.batch_alter_table('warning_trigger_site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_warning_trigger_site_decision_id'), ['decision_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('warning_trigger_site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_warning_trigger_site_decision_id'))
    op.drop_table('warning_trigger_site')
    op.drop_table('schedule_assessment')
