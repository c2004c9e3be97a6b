"""Schedule, tasks and duty checklists

Revision ID: 0004_schedule
Revises: 0003_events
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0004_schedule'
down_revision = '0003_events'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('schedule_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('start', UtcDateTime(), nullable=False),
    sa.Column('end', UtcDateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('host_post', sa.String(length=100), nullable=False),
    sa.Column('host_person', sa.String(length=100), nullable=False),
    sa.Column('organiser', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('decisions', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_item'))
    )
    with op.batch_alter_table('schedule_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_item_start'), ['start'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('substitute', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['schedule_item.id'], name=op.f('fk_attendance_item_id_schedule_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_item_id'), ['item_id'], unique=False)

    op.create_table('duty_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('duty_no', sa.Integer(), nullable=False),
    sa.Column('point', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_duty_check_event_id_event'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_check')),
    sa.UniqueConstraint('event_id', 'unit', 'duty_no', 'point', name=op.f('uq_duty_check_event_id'))
    )
    with op.batch_alter_table('duty_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_check_event_id'), ['event_id'], unique=False)

    op.create_table('speaker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('person', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['schedule_item.id'], name=op.f('fk_speaker_item_id_schedule_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker'))
    )
    with op.batch_alter_table('speaker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaker_item_id'), ['item_id'], unique=False)

    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_no', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('lead_unit', sa.String(length=200), nullable=False),
    sa.Column('co_units', sa.Text(), nullable=False),
    sa.Column('deadline', UtcDateTime(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('instruction', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('receipt_at', UtcDateTime(), nullable=True),
    sa.Column('done_at', UtcDateTime(), nullable=True),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['schedule_item.id'], name=op.f('fk_task_meeting_id_schedule_item'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task')),
    sa.UniqueConstraint('doc_no', name=op.f('uq_task_doc_no'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_deadline'), ['deadline'], unique=False)

    op.create_table('unit_report_back',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_unit_report_back_event_id_event'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_report_back')),
    sa.UniqueConstraint('event_id', 'unit', name=op.f('uq_unit_report_back_event_id'))
    )
    with op.batch_alter_table('unit_report_back', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_report_back_event_id'), ['event_id'], unique=False)

    op.create_table('task_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('author', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_note_task_id_task'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_note'))
    )
    with op.batch_alter_table('task_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_note_task_id'), ['task_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('task_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_note_task_id'))

    op.drop_table('task_note')
    with op.batch_alter_table('unit_report_back', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_report_back_event_id'))

    op.drop_table('unit_report_back')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_deadline'))

    op.drop_table('task')
    with op.batch_alter_table('speaker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaker_item_id'))

    op.drop_table('speaker')
    with op.batch_alter_table('duty_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_check_event_id'))

    op.drop_table('duty_check')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_item_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('schedule_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_item_start'))

    op.drop_table('schedule_item')
