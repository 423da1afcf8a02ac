"""Excel import of the member roster (pipeline, background jobs, template, error copy)."""

from kesu.members.importing.columns import MEMBER_ALIASES
from kesu.members.importing.pipeline import Importer, RosterResult, import_file, read_sheet

__all__ = ["MEMBER_ALIASES", "Importer", "RosterResult", "import_file", "read_sheet"]
