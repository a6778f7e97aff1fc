"""Models of the plans app; they arrive with their issues."""
