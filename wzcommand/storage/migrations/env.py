"""Alembic environment: always run programmatically on a connection the program hands over."""
from alembic import context

from wzcommand.storage.models import Base, load_all

load_all()  # the field registers too: the metadata describes every table

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
