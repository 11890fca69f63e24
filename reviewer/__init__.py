"""The domain of the Reviewer Workstation: rounds, dossiers, scoring, signatures,
exchange files, reconciliation, sheets and the command line. No Qt here."""

__version__ = "0.1.0"
