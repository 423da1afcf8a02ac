"""Papers: audited writes, fixed items and drawing rules, the per-attempt draw and its prepared
(cached) data, results export, the demo papers, and the staff pages."""
