"""The security master: every instrument marketbuzz can link, with its names and listings."""
