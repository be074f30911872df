"""Pages without a COUNT(*) when the first page holds every result (most searches): the first page
is read with one row more than it shows, and when that row is not there the count is known."""

from django.core.paginator import Paginator


class OnePagePaginator(Paginator):
    def get_page(self, number):
        try:
            first = int(number or 1) <= 1
        except (TypeError, ValueError):
            first = True
        return self.page(1) if first else super().get_page(number)

    def page(self, number):
        if str(number) == "1" and "count" not in self.__dict__:
            limit = self.per_page + self.orphans
            rows = list(self.object_list[: limit + 1])
            if len(rows) <= limit:
                self.__dict__["count"] = len(rows)  # Paginator.count is a cached_property
                return self._get_page(rows, 1, self)
            # More than one page: the count is asked for when the page shows it, this page is in hand.
            return self._get_page(rows[: self.per_page], 1, self)
        return super().page(number)
