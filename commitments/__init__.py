"""Quantified commitments: model (the record), rules (reading one quantity), extract (documents →
records), export (filter, CSV), indicators (search by indicator)."""
