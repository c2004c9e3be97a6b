"""Supplies (物资保障): the office's item list and stock sites, stock movements with their lines
(batch, expiry, signed quantity per site) and the member units' and counties' requests

Revision ID: 0016_supplies
Revises: 0015_measures
"""
import sqlalchemy as sa
from alembic import op

from wzcommand.storage.models import UtcDateTime

revision = '0016_supplies'
down_revision = '0015_measures'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supply_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_item')),
    sa.UniqueConstraint('name', name=op.f('uq_supply_item_name'))
    )
    op.create_table('supply_site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_site')),
    sa.UniqueConstraint('name', name=op.f('uq_supply_site_name'))
    )
    op.create_table('supply_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requester', sa.String(length=200), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('approved_quantity', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('requested_at', UtcDateTime(), nullable=False),
    sa.Column('needed_by', UtcDateTime(), nullable=False),
    sa.Column('approved_at', UtcDateTime(), nullable=True),
    sa.Column('approved_by', sa.String(length=200), nullable=False),
    sa.Column('issued_at', UtcDateTime(), nullable=True),
    sa.Column('received_at', UtcDateTime(), nullable=True),
    sa.Column('received_by', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['supply_item.id'], name=op.f('fk_supply_request_item_id_supply_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_request'))
    )
    with op.batch_alter_table('supply_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_request_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supply_request_requester'), ['requester'], unique=False)
    op.create_table('stock_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('to_site_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('party', sa.String(length=200), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('moved_at', UtcDateTime(), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['supply_item.id'], name=op.f('fk_stock_move_item_id_supply_item')),
    sa.ForeignKeyConstraint(['request_id'], ['supply_request.id'], name=op.f('fk_stock_move_request_id_supply_request')),
    sa.ForeignKeyConstraint(['site_id'], ['supply_site.id'], name=op.f('fk_stock_move_site_id_supply_site')),
    sa.ForeignKeyConstraint(['to_site_id'], ['supply_site.id'], name=op.f('fk_stock_move_to_site_id_supply_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_move'))
    )
    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_move_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_move_moved_at'), ['moved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_move_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_move_site_id'), ['site_id'], unique=False)
    op.create_table('stock_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('move_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('batch', sa.String(length=100), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['supply_item.id'], name=op.f('fk_stock_line_item_id_supply_item')),
    sa.ForeignKeyConstraint(['move_id'], ['stock_move.id'], name=op.f('fk_stock_line_move_id_stock_move'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['supply_site.id'], name=op.f('fk_stock_line_site_id_supply_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_line'))
    )
    with op.batch_alter_table('stock_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_line_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_line_move_id'), ['move_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_line_site_id'), ['site_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('stock_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_line_site_id'))
        batch_op.drop_index(batch_op.f('ix_stock_line_move_id'))
        batch_op.drop_index(batch_op.f('ix_stock_line_item_id'))
    op.drop_table('stock_line')
    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_move_site_id'))
        batch_op.drop_index(batch_op.f('ix_stock_move_request_id'))
        batch_op.drop_index(batch_op.f('ix_stock_move_moved_at'))
        batch_op.drop_index(batch_op.f('ix_stock_move_item_id'))
    op.drop_table('stock_move')
    with op.batch_alter_table('supply_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_request_requester'))
        batch_op.drop_index(batch_op.f('ix_supply_request_item_id'))
    op.drop_table('supply_request')
    op.drop_table('supply_site')
    op.drop_table('supply_item')
