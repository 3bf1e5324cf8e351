"""sync state: conflicts, note versions, per-record sync position, sync file bookkeeping

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_conflict',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('base_value', sa.JSON(), nullable=True),
    sa.Column('hub_value', sa.JSON(), nullable=True),
    sa.Column('device_value', sa.JSON(), nullable=True),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('hub_version', sa.Integer(), nullable=True),
    sa.Column('op_id', sa.String(length=36), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.Column('staff_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolution', sa.String(length=12), nullable=True),
    sa.Column('resolved_by', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index('ix_sync_conflict_record', ['record_id'], unique=False)
        batch_op.create_index('ix_sync_conflict_scope', ['scope'], unique=False)

    op.create_table('note_version',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=60), nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('record_version', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.Column('concurrent', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('note_version', schema=None) as batch_op:
        batch_op.create_index('ix_note_version_contact', ['contact_id'], unique=False)
        batch_op.create_index('ix_note_version_scope', ['scope'], unique=False)

    op.create_table('sync_row',
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('refreshed_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'record_id')
    )
    op.create_table('sync_file_peer',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('last_file_no', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('device_id')
    )
    op.create_table('sync_file_op',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('op_id')
    )


def downgrade() -> None:
    op.drop_table('sync_file_op')
    op.drop_table('sync_file_peer')
    op.drop_table('sync_row')
    with op.batch_alter_table('note_version', schema=None) as batch_op:
        batch_op.drop_index('ix_note_version_scope')
        batch_op.drop_index('ix_note_version_contact')
    op.drop_table('note_version')
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_conflict_scope')
        batch_op.drop_index('ix_sync_conflict_record')
    op.drop_table('sync_conflict')
