"""The dossier view: every field of one dossier, its history and its lifecycle actions."""
