"""Attempts: start, save, submit and scoring, the contest fast lanes, paper-based sittings, and
the member's answering pages."""
