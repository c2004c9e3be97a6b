"""The 县（市、区） board: what each county reported (level, warning), its 指挥部 contact, the city's
instructions to start a response

Revision ID: 0011_counties
Revises: 0010_drafts_alerts
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0011_counties'
down_revision = '0010_drafts_alerts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('county_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('warning', sa.String(length=8), nullable=False),
    sa.Column('decided_at', UtcDateTime(), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_report'))
    )
    with op.batch_alter_table('county_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_report_county'), ['county'], unique=False)
    op.create_table('county_contact',
    sa.Column('county', sa.String(length=16), nullable=False),
    sa.Column('duty_phone', sa.String(length=100), nullable=False),
    sa.Column('liaison', sa.String(length=100), nullable=False),
    sa.Column('liaison_phone', sa.String(length=100), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('county', name=op.f('pk_county_contact'))
    )
    op.create_table('county_instruction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('instructed_at', UtcDateTime(), nullable=False),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('plan', sa.String(length=16), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_instruction'))
    )
    with op.batch_alter_table('county_instruction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_instruction_instructed_at'), ['instructed_at'], unique=False)
    op.create_table('county_instruction_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instruction_id', sa.Integer(), nullable=False),
    sa.Column('county', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['instruction_id'], ['county_instruction.id'],
                            name=op.f('fk_county_instruction_target_instruction_id_county_instruction'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_instruction_target')),
    sa.UniqueConstraint('instruction_id', 'county', name=op.f('uq_county_instruction_target_instruction_id'))
    )
    with op.batch_alter_table('county_instruction_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_instruction_target_county'), ['county'], unique=False)
        batch_op.create_index(batch_op.f('ix_county_instruction_target_instruction_id'), ['instruction_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('county_instruction_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_instruction_target_instruction_id'))
        batch_op.drop_index(batch_op.f('ix_county_instruction_target_county'))
    op.drop_table('county_instruction_target')
    with op.batch_alter_table('county_instruction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_instruction_instructed_at'))
    op.drop_table('county_instruction')
    op.drop_table('county_contact')
    with op.batch_alter_table('county_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_report_county'))
    op.drop_table('county_report')
