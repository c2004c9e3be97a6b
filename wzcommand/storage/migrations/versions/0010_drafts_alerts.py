"""Report drafts kept in the database (autosaved while written); deadline alert acknowledgements

Revision ID: 0010_drafts_alerts
Revises: 0009_notice_numbers
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0010_drafts_alerts'
down_revision = '0009_notice_numbers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('saved_at', UtcDateTime(), nullable=False),
    sa.Column('saved_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_report_draft_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_draft'))
    )
    with op.batch_alter_table('report_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_draft_event_id'), ['event_id'], unique=False)
    op.create_table('deadline_ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('clock_kind', sa.String(length=16), nullable=False),
    sa.Column('stage', sa.String(length=8), nullable=False),
    sa.Column('due', UtcDateTime(), nullable=False),
    sa.Column('acked_at', UtcDateTime(), nullable=False),
    sa.Column('acked_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_deadline_ack_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_ack')),
    sa.UniqueConstraint('event_id', 'clock_kind', 'stage', 'due', name=op.f('uq_deadline_ack_event_id'))
    )
    with op.batch_alter_table('deadline_ack', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_ack_event_id'), ['event_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deadline_ack', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_ack_event_id'))
    op.drop_table('deadline_ack')
    with op.batch_alter_table('report_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_draft_event_id'))
    op.drop_table('report_draft')
