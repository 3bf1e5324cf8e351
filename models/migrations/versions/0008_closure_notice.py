"""closure notice

종결 안내 as the 서식 has it: when and how the client was told that the case closes (방문,
전화, 내방, 서면 안내문 발송). Nullable: closures from before this revision, or pushed by an older
device, have none (and the hub needs no change to accept either).

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('closure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('informed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('informed_how', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('closure', schema=None) as batch_op:
        batch_op.drop_column('informed_how')
        batch_op.drop_column('informed_on')
