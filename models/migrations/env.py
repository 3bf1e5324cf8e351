from alembic import context

from models.base import Base
from models import entities  # noqa: F401  (fills Base.metadata)
from models import sync_models  # noqa: F401  (sync engine tables)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run in-process on a keyed connection (models.migrations.upgrade_to_head)")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
