"""rrn index

Duplicate persons are found by their RRN without decrypting every sealed number: `member_rrn_index`
holds a keyed hash of each person's RRN (HMAC-SHA-256 under a key derived from the center's field
key, or this device's own key before the center key arrives: `key_kind` 'c' or 'd'). The hash needs
the key, so SQL cannot compute it: triggers put every member whose sealed RRN is new, changed or gone
into `rrn_index_queue`, and the next duplicate check (app.services.duplicates) hashes what is queued.
Both tables are local (never synced): each device indexes what it holds, whoever wrote it (services,
sync, retention). A deleted person loses the row.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# "Not already queued" is said in the SELECT, not with INSERT OR IGNORE: an outer statement's own
# conflict handling (sync writes members with INSERT … ON CONFLICT DO UPDATE) overrides a trigger's.
_QUEUE = ("INSERT INTO rrn_index_queue (member_id) SELECT NEW.id WHERE NEW.rrn_sealed IS NOT NULL "
          "AND NOT EXISTS (SELECT 1 FROM rrn_index_queue WHERE member_id = NEW.id);")
TRIGGERS = (
    f"""CREATE TRIGGER member_rrn_queue_insert AFTER INSERT ON member BEGIN
        {_QUEUE}
    END""",
    f"""CREATE TRIGGER member_rrn_queue_update AFTER UPDATE OF rrn_sealed ON member
        WHEN OLD.rrn_sealed IS NOT NEW.rrn_sealed BEGIN
        DELETE FROM member_rrn_index WHERE member_id = NEW.id;
        {_QUEUE}
    END""",
    """CREATE TRIGGER member_rrn_index_delete AFTER DELETE ON member BEGIN
        DELETE FROM member_rrn_index WHERE member_id = OLD.id;
        DELETE FROM rrn_index_queue WHERE member_id = OLD.id;
    END""",
)


def upgrade() -> None:
    op.create_table('member_rrn_index',
                    sa.Column('member_id', sa.String(length=36), nullable=False),
                    sa.Column('digest', sa.String(length=64), nullable=False),
                    sa.Column('key_kind', sa.String(length=1), nullable=False),
                    sa.PrimaryKeyConstraint('member_id'), sqlite_with_rowid=False)
    op.create_index('ix_member_rrn_index_digest', 'member_rrn_index', ['digest'], unique=False)
    op.create_table('rrn_index_queue', sa.Column('member_id', sa.String(length=36), nullable=False),
                    sa.PrimaryKeyConstraint('member_id'), sqlite_with_rowid=False)
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.execute("INSERT INTO rrn_index_queue (member_id) SELECT id FROM member WHERE rrn_sealed IS NOT NULL")


def downgrade() -> None:
    for name in ('member_rrn_queue_insert', 'member_rrn_queue_update', 'member_rrn_index_delete'):
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table('rrn_index_queue')
    op.drop_index('ix_member_rrn_index_digest', table_name='member_rrn_index')
    op.drop_table('member_rrn_index')
