"""outbox author

Who made each local change (the staff id of the signed-in person), so that on an office PC shared
by several staff members each person's changes are pushed under their own hub login, with their
own rights, when they sync. Rows from before this revision have no author: whoever syncs first
sends them, as before.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('author_id')
