"""Starter content of the toolbox, written by the team in French (loaded by a data migration).

Kept as plain data (dicts of strings) so the migration does not depend on models or services.
"""
