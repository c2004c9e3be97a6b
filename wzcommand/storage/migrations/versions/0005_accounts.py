"""Operator accounts

Revision ID: 0005_accounts
Revises: 0004_schedule
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0005_accounts'
down_revision = '0004_schedule'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('blocked_until', UtcDateTime(), nullable=True),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('name', name=op.f('uq_account_name'))
    )


def downgrade() -> None:
    op.drop_table('account')
