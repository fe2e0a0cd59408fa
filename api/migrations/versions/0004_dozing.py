"""One name per behaviour: the rule `sleeping` is now `dozing` (its check, `sleep`, is `dozing` too). Stored
events and webhooks' rule lists take the new name.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

def _rename_in_lists(old: str, new: str) -> None:
    """Webhooks' rule lists (JSON) with `old` replaced by `new`."""
    bind = op.get_bind()
    webhooks = sa.table("webhooks", sa.column("id", sa.Integer()), sa.column("rules", sa.JSON()))
    for row_id, rules in bind.execute(sa.select(webhooks.c.id, webhooks.c.rules)).fetchall():
        if isinstance(rules, list) and old in rules:
            bind.execute(webhooks.update().where(webhooks.c.id == row_id)
                         .values(rules=[new if r == old else r for r in rules]))


def upgrade() -> None:
    op.execute("UPDATE events SET type = 'dozing' WHERE type = 'sleeping'")
    _rename_in_lists("sleeping", "dozing")


def downgrade() -> None:
    op.execute("UPDATE events SET type = 'sleeping' WHERE type = 'dozing'")
    _rename_in_lists("dozing", "sleeping")
