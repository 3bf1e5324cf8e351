"""consent lifecycle

A consent's period (보유·이용 기간: a date, or none for 종결 후 5년), its scope (목적, 항목; the
recipients were there already) and how a withdrawal (철회) was given. Nullable: consents from
before this revision, or pushed by an older device, have none (and the hub needs no change).

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('valid_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('purposes', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('items', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_how', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_how')
        batch_op.drop_column('items')
        batch_op.drop_column('purposes')
        batch_op.drop_column('valid_until')
