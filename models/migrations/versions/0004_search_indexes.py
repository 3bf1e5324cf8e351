"""search indexes

Small covering indexes for person search on a district-scale store (100,000 people): each is read
in the order search results are shown, so that a common query stops after the first screenful and
a rare one reads a few megabytes of index instead of decrypting whole tables. Also the household's
newest case (shown beside each person found) by (household_id, opened_on).

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_member_name_and_initials', 'member', ['name', 'name_initials']),
    ('ix_member_phone_digits_name', 'member', ['phone_digits', 'name']),
    ('ix_member_rrn_front_name', 'member', ['rrn_front', 'name']),
    ('ix_household_address', 'household', ['address']),
    ('ix_household_dong_address', 'household', ['dong_id', 'address']),
    ('ix_case_household_opened', 'case_file', ['household_id', 'opened_on']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
