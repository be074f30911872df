import pytest
from django.core.exceptions import PermissionDenied

from profiles.models import WorkflowEvent
from profiles.workflow import approve_and_publish, record_edit, submit_for_review
from tests.factories import administrator


@pytest.fixture
def submitted_by_editor(profile_with_timeline, editor):
    record_edit(profile_with_timeline, actor=editor)
    submit_for_review(profile_with_timeline, actor=editor)
    return profile_with_timeline


@pytest.mark.django_db
def test_editor_cannot_approve_their_own_change(submitted_by_editor, editor):
    with pytest.raises(PermissionDenied, match="another editor"):
        approve_and_publish(submitted_by_editor, actor=editor, change_note="v1")
    assert submitted_by_editor.versions.count() == 0


@pytest.mark.django_db
def test_editor_who_only_edited_cannot_approve_either(profile_with_timeline, editor, second_editor, contributor):
    record_edit(profile_with_timeline, actor=second_editor)
    submit_for_review(profile_with_timeline, actor=contributor)
    with pytest.raises(PermissionDenied):
        approve_and_publish(profile_with_timeline, actor=second_editor, change_note="v1")
    approve_and_publish(profile_with_timeline, actor=editor, change_note="v1")


@pytest.mark.django_db
def test_another_editor_can_approve(submitted_by_editor, second_editor):
    version = approve_and_publish(submitted_by_editor, actor=second_editor, change_note="v1")
    assert version.published_by == second_editor


@pytest.mark.django_db
def test_one_editor_newsroom_can_turn_the_rule_off(submitted_by_editor, editor, settings):
    settings.EXODUS_FOUR_EYES = False
    assert approve_and_publish(submitted_by_editor, actor=editor, change_note="v1").number == 1


@pytest.mark.django_db
def test_administrator_override_is_recorded_with_its_reason(profile_with_timeline):
    ada = administrator()
    record_edit(profile_with_timeline, actor=ada)
    submit_for_review(profile_with_timeline, actor=ada)
    with pytest.raises(PermissionDenied):
        approve_and_publish(profile_with_timeline, actor=ada, change_note="v1")
    approve_and_publish(profile_with_timeline, actor=ada, change_note="v1", override_reason="Only editor on shift")
    event = WorkflowEvent.objects.get(action="approve")
    assert event.override_reason == "Only editor on shift" and event.actor == ada


@pytest.mark.django_db
def test_editor_cannot_override_even_with_a_reason(submitted_by_editor, editor):
    with pytest.raises(PermissionDenied, match="administrator"):
        approve_and_publish(submitted_by_editor, actor=editor, change_note="v1", override_reason="I insist")
