"""search indexes

Small covering indexes for person search on a district-scale store (100,000 people): each is read
in the order search results are shown, so that a common query stops after the first screenful and
a rare one reads a few megabytes of index instead of decrypting whole tables. Also the household's
newest case (shown beside each person found) by (household_id, opened_on), and the last monitoring
contact of a case (home screen) from an index instead of the contact rows with their notes.

`member_name_gram` is an index of every piece of one to three characters of each person's name
(lower-cased like LIKE does for ASCII), ordered by (piece, name, member id): any part of a name is
then one ordered lookup instead of a scan of 100,000 names. Triggers keep it in step with `member`
whoever writes (services, sync, retention); it holds only what `member.name` holds, is keyed by the
member id (not the rowid, which VACUUM may renumber) and loses a person's rows when the person is
deleted. `search_gram_pos` lists the (position, length) pairs the triggers cut names at.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_member_initials_name', 'member', ['name_initials', 'name']),
    ('ix_member_phone_digits_name', 'member', ['phone_digits', 'name']),
    ('ix_member_rrn_front_name', 'member', ['rrn_front', 'name']),
    ('ix_household_address', 'household', ['address']),
    ('ix_household_dong_address', 'household', ['dong_id', 'address']),
    ('ix_case_household_opened', 'case_file', ['household_id', 'opened_on']),
    ('ix_contact_case_monitoring', 'contact', ['case_id', 'is_monitoring', 'occurred_at']),
)


GRAM_MAX = 3        # pieces of one to three characters
NAME_MAX = 50       # member.name is String(50)

_PIECES = ("SELECT DISTINCT lower(substr({row}.name, pos, len)) FROM search_gram_pos "
           "WHERE pos + len - 1 <= length({row}.name)")
_NEW_PIECES = ("SELECT DISTINCT lower(substr(NEW.name, pos, len)), NEW.name, NEW.id FROM search_gram_pos "
               "WHERE pos + len - 1 <= length(NEW.name)")
TRIGGERS = (
    f"""CREATE TRIGGER member_name_gram_insert AFTER INSERT ON member BEGIN
        INSERT OR IGNORE INTO member_name_gram (gram, name, member_id) {_NEW_PIECES};
    END""",
    f"""CREATE TRIGGER member_name_gram_delete AFTER DELETE ON member BEGIN
        DELETE FROM member_name_gram WHERE member_id = OLD.id AND name = OLD.name
            AND gram IN ({_PIECES.format(row='OLD')});
    END""",
    f"""CREATE TRIGGER member_name_gram_update AFTER UPDATE OF name, id ON member
        WHEN OLD.name IS NOT NEW.name OR OLD.id IS NOT NEW.id BEGIN
        DELETE FROM member_name_gram WHERE member_id = OLD.id AND name = OLD.name
            AND gram IN ({_PIECES.format(row='OLD')});
        INSERT OR IGNORE INTO member_name_gram (gram, name, member_id) {_NEW_PIECES};
    END""",
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.create_table('search_gram_pos',
                    sa.Column('pos', sa.Integer(), nullable=False), sa.Column('len', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('pos', 'len'), sqlite_with_rowid=False)
    op.bulk_insert(sa.table('search_gram_pos', sa.column('pos', sa.Integer()), sa.column('len', sa.Integer())),
                   [{'pos': p, 'len': n} for p in range(1, NAME_MAX + 1) for n in range(1, GRAM_MAX + 1)])
    op.create_table('member_name_gram',
                    sa.Column('gram', sa.String(length=GRAM_MAX), nullable=False),
                    sa.Column('name', sa.String(length=NAME_MAX), nullable=False),
                    sa.Column('member_id', sa.String(length=36), nullable=False),
                    sa.PrimaryKeyConstraint('gram', 'name', 'member_id'), sqlite_with_rowid=False)
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.execute(f"INSERT OR IGNORE INTO member_name_gram (gram, name, member_id) "
               f"SELECT lower(substr(m.name, g.pos, g.len)), m.name, m.id FROM member m "
               f"JOIN search_gram_pos g ON g.pos + g.len - 1 <= length(m.name)")


def downgrade() -> None:
    for trigger in ("member_name_gram_insert", "member_name_gram_delete", "member_name_gram_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table('member_name_gram')
    op.drop_table('search_gram_pos')
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
