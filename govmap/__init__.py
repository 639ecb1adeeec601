"""govmap: map who governs what in public services, and find duplication and gaps."""

from govmap.model.landscape import Landscape
from govmap.model.load import check, load

__all__ = ["Landscape", "check", "load"]
__version__ = "0.1.0"
