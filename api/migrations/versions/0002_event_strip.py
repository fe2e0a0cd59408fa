"""Events keep a frame strip: the few seconds around the moment an event opened, as one JPEG beside the
snapshot (file name under the snapshot folder).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "strip" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("events")}:
        with op.batch_alter_table('events', schema=None) as batch_op:
            batch_op.add_column(sa.Column('strip', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('strip')
