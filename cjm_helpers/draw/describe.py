"""describe_map: moved to cjm_helpers.describe (text only, no matplotlib); kept for the drawings and old imports."""

from ..describe import MAP_TYPE_WORDS, describe_map  # noqa: F401
