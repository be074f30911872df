"""The editorial workflow: every transition of a profile, and of the shared objects it cites, is
one keyword-only function. Each is atomic, checks the actor's permission on the server (actor=None
is the system: cron, the loaders), records who did what, and only these functions write the public
index (apart from `make bench`'s bulk loader, bench/synthetic.py, which tests/bench prove writes
the same), so the public site and API never see anything an editor did not publish.

    draft ──submit──▶ in review ──approve_and_publish──▶ published ──(edit)──▶ draft …
                        │   ▲                 │
        request_changes ▼   │ submit          └─schedule_publication─▶ scheduled ─(publish_due)─▶ published
                  changes requested
    published ──withdraw──▶ withdrawn (versions and history kept; a deletion in the sync feed)
    any version ──redact──▶ rewritten in place (safety)

Modules: `guards` (checks and the audit log), `transitions`, `publish`, `redaction`, `shared`
(sources, excerpts, figures), `withholding` (the register of withheld places), `indexing` (the
public index), `cache` and `portrait_files` (what public copies follow a publication).
"""

from profiles.workflow.guards import WorkflowError
from profiles.workflow.publish import (
    approve_and_publish,
    cancel_schedule,
    change_authors,
    check_four_eyes,
    eligible_approvers,
    publish_due,
    publish_profile,
    schedule_publication,
)
from profiles.workflow.redaction import redact
from profiles.workflow.shared import publish_shared, record_shared_edit, withdraw_figure
from profiles.workflow.transitions import (
    record_edit,
    request_changes,
    revert_to_version,
    submit_for_review,
    withdraw_profile,
)

__all__ = [
    "WorkflowError",
    "approve_and_publish",
    "cancel_schedule",
    "change_authors",
    "check_four_eyes",
    "eligible_approvers",
    "publish_due",
    "publish_profile",
    "publish_shared",
    "record_edit",
    "record_shared_edit",
    "redact",
    "request_changes",
    "revert_to_version",
    "schedule_publication",
    "submit_for_review",
    "withdraw_figure",
    "withdraw_profile",
]
