"""referral tier

정신건강사례관리 is referred as 응급, 위기 or 집중사례, each with its own procedure (seed 003:
의뢰절차 응급·위기·집중사례별 절차 구분); the referral keeps the tier it was sent under.
Nullable: other programs have no tiers, and referrals from before this revision or from an older
device have none (the hub needs no change to accept either).

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tier', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_column('tier')
