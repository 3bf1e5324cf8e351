"""meeting minutes

사례회의록 as the 서식 has it: the next meeting's date and time decided at the meeting (차기 회의
일정), and an outside expert's field (아동, 법률, 정신건강 …) next to the attendee's role.
Nullable: minutes from before this revision, or pushed by an older device, have neither (and the
hub needs no change to accept either).

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_meeting_at', sa.DateTime(timezone=False), nullable=True))
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('field', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.drop_column('field')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('next_meeting_at')
