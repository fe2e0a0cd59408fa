"""Webhooks speak to the hall's group chats: a DingTalk 加签 secret and @mentions (phone numbers, WeCom user ids,
@all) per webhook.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None
COLUMNS = (("secret", sa.String(length=200)), ("mention_mobiles", sa.JSON()), ("mention_users", sa.JSON()),
           ("mention_all", sa.Boolean()))


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("webhooks")}
    with op.batch_alter_table('webhooks', schema=None) as batch_op:
        for name, kind in COLUMNS:
            if name not in have:
                batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('webhooks', schema=None) as batch_op:
        for name, _ in COLUMNS:
            batch_op.drop_column(name)
