"""Re-export of the one user-facing error type (defined in the lowest package, screenplay)."""
from screenplay.errors import PrevisError

__all__ = ["PrevisError"]
