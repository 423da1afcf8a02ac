"""Campaigns (主题活动) and the theme-day calendar: services, the tree rule, pages, API and demo."""
