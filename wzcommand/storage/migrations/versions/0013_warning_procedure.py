"""A warning decision's procedure: the CDC's proposal, the committee's assessment, filing with the
市政府, publication (situations, scope, measures) — a table of its own beside warning_decision

Revision ID: 0013_warning_procedure
Revises: 0012_experts
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0013_warning_procedure'
down_revision = '0012_experts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('warning_procedure',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('proposal', sa.Text(), nullable=False),
    sa.Column('proposed_by', sa.Text(), nullable=False),
    sa.Column('proposed_at', UtcDateTime(), nullable=True),
    sa.Column('assessment', sa.Text(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('filed_with', sa.Text(), nullable=False),
    sa.Column('filing_ref', sa.Text(), nullable=False),
    sa.Column('filed_at', UtcDateTime(), nullable=True),
    sa.Column('situations', sa.Text(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('published_at', UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                            name=op.f('fk_warning_procedure_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['decision_id'], ['warning_decision.id'],
                            name=op.f('fk_warning_procedure_decision_id_warning_decision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', name=op.f('pk_warning_procedure'))
    )


def downgrade() -> None:
    op.drop_table('warning_procedure')
