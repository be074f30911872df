"""The query string of an API request: which parameters an endpoint takes, and every problem with
them at once, so a partner fixes a request in one round instead of one parameter per 400."""

from django.utils.functional import cached_property
from rest_framework import exceptions


def parameter_errors(*checks) -> dict[str, list]:
    """The errors of every check that fails (each raises ValidationError naming its parameter), so
    a request with several bad parameters hears about all of them at once."""
    errors: dict[str, list] = {}
    for check in checks:
        try:
            check()
        except exceptions.ValidationError as exc:
            errors.update(exc.detail)
    return errors


class CheckedParameters:
    """For the API's views: `parameter_errors` names each unknown parameter and each bad value."""

    @cached_property
    def allowed_parameters(self) -> set[str]:
        allowed = set(getattr(self, "extra_parameters", ()))
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        pagination_class = getattr(self, "pagination_class", None)
        if getattr(self, "action", None) in (None, "list") and pagination_class is not None:
            allowed |= {p["name"] for p in pagination_class().get_schema_operation_parameters(self)}
        return allowed

    def parameter_errors(self, request) -> dict[str, list]:
        """Every problem with the query string, named parameter by parameter: unknown names, and bad
        page, limit or cursor values. Filter values are checked by the filter backend when the list
        is filtered; only when something else is wrong are they checked here too (the category
        filter costs a query), so one 400 names every bad parameter."""
        known = ", ".join(sorted(self.allowed_parameters)) or "none"
        errors = {
            name: [f"Unknown parameter. This endpoint accepts: {known}."]
            for name in sorted(set(request.query_params) - self.allowed_parameters)
        }
        paginator = getattr(self, "paginator", None) if getattr(self, "action", None) in (None, "list") else None
        if paginator is not None and hasattr(paginator, "parameter_errors"):
            errors |= paginator.parameter_errors(request)
        errors |= self.value_errors(request)
        if errors and getattr(self, "action", None) == "list" and getattr(self, "filterset_class", None):
            for backend in self.filter_backends:
                filterset = backend().get_filterset(request, self.get_queryset(), self)
                if filterset is not None and not filterset.is_valid():
                    errors |= {name: list(messages) for name, messages in filterset.errors.items()}
        return errors

    def value_errors(self, request) -> dict[str, list]:
        """Bad values of this endpoint's own parameters (beyond filters and pages)."""
        return {}
