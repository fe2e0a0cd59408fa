"""Window status says which of the window's checks are not calibrated (they answer nothing until the hall
calibrates them or turns their default reader on), for the live board.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "uncalibrated" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("window_status")}:
        with op.batch_alter_table('window_status', schema=None) as batch_op:
            batch_op.add_column(sa.Column('uncalibrated', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('window_status', schema=None) as batch_op:
        batch_op.drop_column('uncalibrated')
