"""Models of the services app; they arrive with their issues."""
