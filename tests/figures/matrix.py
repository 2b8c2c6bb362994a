"""URL × role expectations of the participation figures (merged into tests/test_url_matrix.py).

Staff of an edition see its figures; the world's staff are staff of 2027 only, so 2026's figures are
for superusers alone. The index only redirects (to the edition's page), so no one gets a 2xx there.
"""

from tests.test_url_matrix import NOBODY, STAFF_ONLY, _url

EXPECTED = {
    "figures:index": (_url("figures:index"), NOBODY, NOBODY),
    "figures:edition": (_url("figures:edition", "2027"), STAFF_ONLY, NOBODY),
    "figures:edition-csv": (_url("figures:edition-csv", "2027"), STAFF_ONLY, NOBODY),
}
# 2026's figures (staff of 2027 are refused there): tests/figures/test_views.py.
