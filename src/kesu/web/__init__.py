"""The web toolkit: what every app's pages, API and operator commands share.

It sits above the identity and scope layer (``orgs``, ``accounts``, ``audit``), whose access
checks it applies, and below ``members`` and every other app, whose views use it:

- ``views``: ``web_view`` (login, role, 403/404), paging and form helpers for pages;
- ``api_support``: the JSON API's authentication, its one error body and paging;
- ``idempotency``: ``Idempotency-Key`` on the API's writes (its ``IdempotencyKey`` model);
- ``commandline``: the operator commands' shared options and their operator.
"""
