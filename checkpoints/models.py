"""Models of the checkpoints app; they arrive with their issues."""
