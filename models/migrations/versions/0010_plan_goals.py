"""plan goals

서비스 제공계획서 as the 서식 has it: each need (욕구) has a long-term goal (장기목표) next to the
short-term goal (단기목표, the item's existing `goal`), and the plan's items are tied to their need's
goals. Nullable: items from before this revision, or pushed by an older device, have none (and the
hub needs no change to accept either).

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('long_goal', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_column('long_goal')
