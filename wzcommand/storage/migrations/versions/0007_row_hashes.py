"""Audit entries carry the hashes of the rows their transaction changed; PostgreSQL refuses TRUNCATE

Revision ID: 0007_row_hashes
Revises: 0006_documents
"""
import sqlalchemy as sa
from alembic import op

revision = '0007_row_hashes'
down_revision = '0006_documents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN (no batch copy): the append-only triggers stay as they are.
    op.add_column('audit_entry', sa.Column('row_hashes', sa.Text(), nullable=False, server_default=''))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()")
    # The baseline entry recording every row is written by open_database after the upgrade.


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER audit_entry_no_truncate ON audit_entry")
    op.drop_column('audit_entry', 'row_hashes')
