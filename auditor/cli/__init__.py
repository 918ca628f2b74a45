"""Command-line interface: one thin module per command, no domain logic here."""
