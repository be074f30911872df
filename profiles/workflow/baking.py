"""Render once, at publish: the stored page, API payloads and export lines of every live profile.

A live version changes only through the workflow, so what the public gets of it is rendered when
it changes and stored (`BakedProfile`), and the profile page is also written as a file under
`BAKED_ROOT` for nginx to serve without Django (deploy/nginx). The apps say *what* is rendered
(`register_baker`, from their AppConfig.ready: the reader site its page, the API its payloads);
this module says *when*, and keeps the safety rule:

- `forget(profile_ids)` deletes the stored row and the baked file of a profile **now**, inside the
  workflow's transaction. Every function that changes a profile's public state calls it
  (indexing: index_version, remove_from_index, _save_in_place), so from the moment a withdrawal,
  redaction or publication commits, no stale copy exists: nginx falls through to Django, which
  renders from the committed live version. Should the transaction roll back, the page is simply
  rendered live until baked again (slower, never a leak).
- `bake_pending()` (called by `guards.after_public_change`, at the end of every workflow action)
  renders what was forgotten and is still live, stores it in the same transaction, and writes the
  files after commit, under the profile's row lock and from the committed row, so a file can never
  be written for a profile a concurrent withdrawal has just taken down.

`build_id()` is a content hash of everything the bytes depend on besides the version (templates,
the rendering code, SITE_URL, static file names). `manage.py bake --stale` re-renders rows of an
older build: run on deploy (deploy/deploy.sh) and every minute by the scheduler unit.
"""

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from profiles.models import BakedProfile, Profile, PublicProfile

logger = logging.getLogger(__name__)

# A baker renders columns of BakedProfile for a list of public profiles (loaded with their live
# version): {public_profile pk: {column: text}}.
Baker = Callable[[list[PublicProfile]], dict[int, dict[str, str]]]
_BAKERS: list[Baker] = []
_BUILD_INPUTS: list[Path] = []
_BUILD_SETTINGS = ("SITE_URL", "STATIC_URL", "MEDIA_URL")
PAGE_FILE = "index.html"


def register_baker(baker: Baker, *, depends_on: Iterable[Path | str] = ()) -> None:
    """Called by an app's ready(): `baker` renders some columns; `depends_on` are the files (or
    folders) whose content the result depends on, for the build id."""
    if baker not in _BAKERS:
        _BAKERS.append(baker)
    _BUILD_INPUTS.extend(Path(p) for p in depends_on)
    _build_cache.clear()


_build_cache: dict[str, str] = {}


def build_id() -> str:
    """16 hex digits that change whenever a template, the rendering code, a setting the bytes
    depend on or the static files' names change: stored bytes of another build are not served
    (the page is rendered instead) and `manage.py bake --stale` renders them again."""
    key = "|".join(f"{name}={getattr(settings, name, '')}" for name in _BUILD_SETTINGS) + f"|{settings.STATIC_ROOT}"
    if key not in _build_cache:
        digest = hashlib.sha256(_files_digest().encode())
        digest.update(key.encode())
        digest.update(_static_names().encode())
        _build_cache[key] = digest.hexdigest()[:16]
    return _build_cache[key]


def _files_digest() -> str:
    if "files" not in _build_cache:
        digest = hashlib.sha256()
        files = set()
        for path in _BUILD_INPUTS:
            files |= {p for p in path.rglob("*.*") if p.is_file() and p.suffix != ".pyc"} if path.is_dir() else {path}
        for path in sorted(files):
            name = path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path
            digest.update(str(name).encode())
            digest.update(path.read_bytes())
        _build_cache["files"] = digest.hexdigest()
    return _build_cache["files"]


def _static_names() -> str:
    """The hashed names of the static files pages link (they change on every deploy that changes
    the stylesheet), or nothing in development."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        return manifest.read_text()
    except OSError:
        return ""


# Files -----------------------------------------------------------------------------------------


def baked_root() -> Path | None:
    root = getattr(settings, "BAKED_ROOT", None)
    return Path(root) if root else None


def page_path(slug: str) -> Path | None:
    root = baked_root()
    if root is None or not slug or "/" in slug or slug.startswith("."):
        return None
    return root / "profiles" / slug / PAGE_FILE


def _remove_file(slug: str) -> float | None:
    """Delete the baked page of `slug`; returns its modification time, if there was one."""
    path = page_path(slug)
    if path is None:
        return None
    try:
        mtime = path.stat().st_mtime
        path.unlink()
        return mtime
    except FileNotFoundError:
        return None


def _write_file(slug: str, content: str, *, not_before: float | None) -> None:
    """Write atomically (a reader sees the old file or the new one, never half). The file's time
    always moves forward by at least a second: nginx derives ETag and Last-Modified from it in whole
    seconds, and a rewritten page must never answer a browser's old validator with 304."""
    path = page_path(slug)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = not_before
    try:
        previous = max(previous or 0, path.stat().st_mtime)
    except FileNotFoundError:
        pass
    stamp = timezone.now().timestamp()
    if previous is not None and int(stamp) <= int(previous):
        stamp = int(previous) + 1
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(content)
        os.chmod(temporary, 0o644)
        os.utime(temporary, (stamp, stamp))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# The pending set of the current transaction ---------------------------------------------------------


def _pending() -> dict[int, float | None]:
    """Profiles forgotten in this connection's transaction: {profile id: old file time}."""
    connection = transaction.get_connection()
    if not hasattr(connection, "exodus_bake_pending"):
        connection.exodus_bake_pending = {}
    return connection.exodus_bake_pending


def forget(profile_ids: Iterable[int]) -> None:
    """Remove the stored bytes and baked files of these profiles now (call inside the transaction
    that changes them); `bake_pending` renders them again from the new state."""
    profile_ids = set(profile_ids)
    if not profile_ids:
        return
    pending = _pending()
    rows = BakedProfile.objects.filter(public_profile__profile_id__in=profile_ids)
    for slug in rows.values_list("slug", flat=True):
        mtime = _remove_file(slug)
        if mtime is not None:
            for profile_id in profile_ids:
                pending[profile_id] = max(pending.get(profile_id) or 0, mtime)
    rows.delete()
    for profile_id in profile_ids:
        pending.setdefault(profile_id, None)


def bake_pending() -> int:
    """Render and store what `forget` removed in this transaction and is still live; the files
    follow after commit. Returns how many profiles were baked."""
    pending = _pending()
    if not pending:
        return 0
    times = dict(pending)
    pending.clear()
    baked = bake(set(times))
    if baked:
        transaction.on_commit(partial(write_files, baked, not_before=times))
    return len(baked)


# Rendering -------------------------------------------------------------------------------------


def live_publics(profile_ids=None):
    queryset = PublicProfile.objects.select_related("version").defer("version__working_copy", "search_document")
    if profile_ids is not None:
        queryset = queryset.filter(profile_id__in=profile_ids)
    return queryset.order_by("pk")


def render(publics: list[PublicProfile]) -> dict[int, dict[str, str]]:
    """Every column of BakedProfile but the bookkeeping, for these public profiles."""
    columns: dict[int, dict[str, str]] = {public.pk: {} for public in publics}
    for baker in _BAKERS:
        for pk, values in baker(publics).items():
            columns[pk].update(values)
    return columns


def bake(profile_ids: set[int]) -> list[int]:
    """Render and store the live ones of these profiles (replacing their rows). Returns their ids."""
    publics = list(live_publics(profile_ids))
    if not publics:
        return []
    store(publics)
    return [public.profile_id for public in publics]


def store(publics: list[PublicProfile], *, now=None) -> None:
    now, build = now or timezone.now(), build_id()
    rendered = render(publics)
    BakedProfile.objects.filter(public_profile__in=publics).delete()
    BakedProfile.objects.bulk_create(
        (
            BakedProfile(
                public_profile=public,
                slug=public.slug,
                version_id=public.version_id,
                page_etag=page_etag(rendered[public.pk]["page"]),
                build=build,
                baked_at=now,
                **rendered[public.pk],
            )
            for public in publics
        ),
        batch_size=500,
    )


def page_etag(page: str) -> str:
    return '"' + hashlib.sha256(page.encode()).hexdigest()[:32] + '"'


def write_files(profile_ids: Iterable[int], *, not_before: dict[int, float | None] | None = None) -> int:
    """Write the baked pages of these profiles from their committed rows. Their row locks are taken
    first (in id order, as every workflow action takes one): a withdrawal holds its lock until it
    commits, so a write racing with one waits, then finds no row and writes nothing. Returns how
    many files were written."""
    if baked_root() is None:
        return 0
    not_before = not_before or {}
    ids = sorted(set(profile_ids))
    written = 0
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        with transaction.atomic():
            list(Profile.objects.select_for_update().filter(pk__in=batch).order_by("pk").values_list("pk"))
            rows = BakedProfile.objects.filter(public_profile__profile_id__in=batch).values_list(
                "public_profile__profile_id", "slug", "page"
            )
            for profile_id, slug, page in rows:
                _write_file(slug, page, not_before=not_before.get(profile_id))
                written += 1
    return written


# Whole-site operations (manage.py bake, the bulk loader, audit) ------------------------------------


def bake_all(*, stale_only: bool = False, batch_size: int = 500, processes: int = 1, progress=None) -> int:
    """(Re-)bake every live profile, or only those never baked or baked by another build, in
    `processes` processes. Returns how many. Each batch is its own transaction; its files are
    written after it commits."""
    build = build_id()
    ids = PublicProfile.objects.order_by("pk").values_list("profile_id", flat=True)
    if stale_only:
        ids = ids.exclude(baked__build=build)
    ids = list(ids)
    batches = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
    if processes > 1 and len(batches) > 1:
        import multiprocessing

        from django.db import connections

        connections.close_all()  # each process opens its own
        with multiprocessing.get_context("fork").Pool(processes, initializer=connections.close_all) as pool:
            done = 0
            for count in pool.imap_unordered(_bake_batch, batches):
                done += count
                if progress:
                    progress(done, len(ids))
    else:
        for done, batch in enumerate(batches, start=1):
            _bake_batch(batch)
            if progress:
                progress(min(done * batch_size, len(ids)), len(ids))
    remove_orphan_files()
    return len(ids)


def _bake_batch(batch: list[int]) -> int:
    with transaction.atomic():
        # Row locks so a concurrent withdrawal is either before (not live: skipped) or after (it
        # deletes what we store); in id order, as every workflow action takes its one lock.
        list(Profile.objects.select_for_update().filter(pk__in=batch).order_by("pk").values_list("pk"))
        baked = bake(set(batch))
    write_files(baked)
    return len(batch)


def write_all_files() -> int:
    """Write every stored page to BAKED_ROOT (a new nginx host, a restored backup), without
    rendering anything, and remove files of no live profile. Returns how many were written."""
    ids = list(BakedProfile.objects.values_list("public_profile__profile_id", flat=True))
    written = write_files(ids)
    remove_orphan_files()
    return written


def remove_orphan_files() -> list[str]:
    """Delete baked files no live profile's row accounts for (a slug renamed or withdrawn while a
    process was killed between its steps). Returns the slugs removed."""
    root = baked_root()
    if root is None or not (root / "profiles").is_dir():
        return []
    live = set(BakedProfile.objects.values_list("slug", flat=True))
    removed = []
    for folder in (root / "profiles").iterdir():
        if folder.name not in live and (folder / PAGE_FILE).exists():
            (folder / PAGE_FILE).unlink(missing_ok=True)
            removed.append(folder.name)
    return removed


def baked_file_problems() -> list[str]:
    """For audit_public: every baked file is the stored page of a live profile, byte for byte, and
    every stored row is of the live version and equals that version rendered now (rows of an older
    build are reported as stale: `manage.py bake --stale` renders them again)."""
    problems = []
    pages = dict(BakedProfile.objects.values_list("slug", "page"))
    root = baked_root()
    if root is not None and (root / "profiles").is_dir():
        for path in sorted((root / "profiles").glob(f"*/{PAGE_FILE}")):
            slug = path.parent.name
            if slug not in pages:
                problems.append(f"baked page {slug}: a file for no live profile")
            elif path.read_text(encoding="utf-8") != pages[slug]:
                problems.append(f"baked page {slug}: the file differs from the stored page")
    build = build_id()
    publics = list(live_publics())
    for start in range(0, len(publics), 200):
        chunk = publics[start : start + 200]
        rows = {row.public_profile_id: row for row in BakedProfile.objects.filter(public_profile__in=chunk)}
        current = render([public for public in chunk if public.pk in rows])
        for public in chunk:
            row = rows.get(public.pk)
            if row is None:
                continue  # not baked: served by rendering the live version
            if row.version_id != public.version_id or row.slug != public.slug:
                problems.append(f"baked profile {public.slug}: stored from a version that is not the live one")
            elif row.build != build:
                problems.append(f"baked profile {public.slug}: rendered by an older build (run manage.py bake)")
            elif any(getattr(row, column) != value for column, value in current[public.pk].items()):
                problems.append(f"baked profile {public.slug}: stored bytes differ from its live version rendered now")
    return problems
