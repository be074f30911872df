"""The similar-name warning: catch a second profile of the same person under another spelling."""

from profiles.models import Profile
from profiles.names import SIMILAR_NAME_THRESHOLD, similarity


def find_similar_profiles(names: list[str], *, limit: int = 5) -> list[Profile]:
    names = [n for n in names if n and n.strip()]
    if not names:
        return []
    candidates = Profile.objects.only("pk", "display_name", "native_name", "aliases", "slug")
    scored = []
    for profile in candidates.iterator(chunk_size=2000):
        best = max(similarity(a, b) for a in names for b in profile.all_names())
        if best >= SIMILAR_NAME_THRESHOLD:
            scored.append((best, profile))
    scored.sort(key=lambda item: -item[0])
    return [profile for _, profile in scored[:limit]]
