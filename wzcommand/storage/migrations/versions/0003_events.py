"""Events and issued reports

Revision ID: 0003_events
Revises: 0002_levels
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0003_events'
down_revision = '0002_levels'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('doc_counter',
    sa.Column('prefix', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_doc_counter'))
    )
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('disease', sa.String(length=100), nullable=False),
    sa.Column('district', sa.String(length=32), nullable=False),
    sa.Column('township', sa.String(length=100), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('place_kind', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', UtcDateTime(), nullable=False),
    sa.Column('received_at', UtcDateTime(), nullable=False),
    sa.Column('grade', sa.String(length=8), nullable=False),
    sa.Column('area', sa.Text(), nullable=False),
    sa.Column('symptoms', sa.Text(), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('reporting_unit', sa.String(length=200), nullable=False),
    sa.Column('reporter', sa.String(length=100), nullable=False),
    sa.Column('reporter_phone', sa.String(length=100), nullable=False),
    sa.Column('ended_at', UtcDateTime(), nullable=True),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    op.create_table('event_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('ill', sa.Integer(), nullable=False),
    sa.Column('dead', sa.Integer(), nullable=False),
    sa.Column('severe', sa.Integer(), nullable=True),
    sa.Column('hospitalised', sa.Integer(), nullable=True),
    sa.Column('close_contacts', sa.Integer(), nullable=True),
    sa.Column('observed', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_count_event_id_event'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_count'))
    )
    with op.batch_alter_table('event_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_count_event_id'), ['event_id'], unique=False)

    op.create_table('event_grade',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=8), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_grade_event_id_event'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_grade'))
    )
    with op.batch_alter_table('event_grade', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_grade_event_id'), ['event_id'], unique=False)

    op.create_table('issued_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('doc_no', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_at', UtcDateTime(), nullable=False),
    sa.Column('issued_by', sa.String(length=100), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['corrects_id'], ['issued_report.id'], name=op.f('fk_issued_report_corrects_id_issued_report'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_issued_report_event_id_event'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_report')),
    sa.UniqueConstraint('doc_no', name=op.f('uq_issued_report_doc_no'))
    )
    with op.batch_alter_table('issued_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_report_event_id'), ['event_id'], unique=False)

    op.create_table('phone_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('to_whom', sa.String(length=200), nullable=False),
    sa.Column('by_whom', sa.String(length=100), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_phone_report_event_id_event'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_report'))
    )
    with op.batch_alter_table('phone_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_report_event_id'), ['event_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('phone_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_report_event_id'))

    op.drop_table('phone_report')
    with op.batch_alter_table('issued_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_report_event_id'))

    op.drop_table('issued_report')
    with op.batch_alter_table('event_grade', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_grade_event_id'))

    op.drop_table('event_grade')
    with op.batch_alter_table('event_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_count_event_id'))

    op.drop_table('event_count')
    op.drop_table('event')
    op.drop_table('doc_counter')
