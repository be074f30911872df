"""Form payloads shared by admin tests."""


def profile_form(name, **extra):
    data = {
        "display_name": name,
        "native_name": "",
        "aliases": "",
        "slug": "",
        "kind": "person",
        "description": "",
        "wave": "2022",
        "biography": "",
        "portrait_alt": "",
        "portrait_credit": "",
        "portrait_licence": "",
        "editorial_notes": "",
        "timeline-TOTAL_FORMS": "0",
        "timeline-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data
