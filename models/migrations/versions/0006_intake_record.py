"""intake record

초기상담 기록지 as the 서식 has it: how the consultation came about (상담 방법), whether emergency
support is needed, the household's economic situation (월 소득, 재산, 부채, 주거 형태, 월 주거비),
health and disability, and the worker's opinion. Nullable: intakes from before this revision,
or pushed by an older device, have none (and the hub needs no change to accept either).

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_TEXT = (("consult_method", sa.String(length=20)), ("housing_type", sa.String(length=20)),
         ("health_disability", sa.Text()), ("worker_opinion", sa.Text()))
_AMOUNTS = ("monthly_income", "assets", "debts", "housing_cost")


def upgrade() -> None:
    with op.batch_alter_table('intake', schema=None) as batch_op:
        for name, kind in _TEXT:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
        batch_op.add_column(sa.Column('urgent_support', sa.Boolean(), nullable=True))
        for name in _AMOUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('intake', schema=None) as batch_op:
        for name in [n for n, _ in _TEXT] + ['urgent_support', *_AMOUNTS]:
            batch_op.drop_column(name)
