"""The cluster's workers: kesu's settings with small import batches, so that a roster import
is still under way (some batches committed, others not) when its worker is killed."""

from kesu.settings import *  # noqa: F403

KESU_IMPORT_BATCH_ROWS = 150
