# Amounts shown with `intcomma` are grouped by thousands with a comma (477,400), as Chinese
# statistical tables print them; Django's zh_Hans locale groups by 4 with no separator. Only
# grouping asked for by a template changes: USE_THOUSAND_SEPARATOR stays off, so ids in links
# are never grouped. Everything else comes from Django's locale.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
