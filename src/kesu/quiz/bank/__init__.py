"""Question banks and questions: reads, audited writes and validation, Excel in and out, the
starter bank, and their pages and API."""
