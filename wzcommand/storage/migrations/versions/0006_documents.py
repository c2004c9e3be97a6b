"""Documents: the 签发人 and the confirmed figure checks kept with each issued report;
counts marked as corrections of earlier figures

Revision ID: 0006_documents
Revises: 0005_accounts
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_documents'
down_revision = '0005_accounts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('issued_report') as batch:
        batch.add_column(sa.Column('signer', sa.String(length=100), nullable=False, server_default=''))
        batch.add_column(sa.Column('confirmations', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('event_count') as batch:
        batch.add_column(sa.Column('correction', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('event_count') as batch:
        batch.drop_column('correction')
    with op.batch_alter_table('issued_report') as batch:
        batch.drop_column('confirmations')
        batch.drop_column('signer')
