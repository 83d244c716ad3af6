"""Hospital pages of the report archive and recipients, and the public opt-out link."""
