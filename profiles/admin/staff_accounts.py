"""Staff sign-in: a one-time code after the password, and lockouts after wrong passwords.

The admin shows where people at risk really are, so a stolen password alone must not open it.
With STAFF_2FA_REQUIRED on (the default when DEBUG is off):

- editors, administrators and superusers must enrol an authenticator app (TOTP, django-otp) and
  give its current code after every password login before any admin page opens;
- contributors may enrol too, and once they have, their code is asked for in the same way;
- an account that already has a device can only replace it after giving a code from it, so a
  password alone cannot swap in an attacker's device.

Wrong passwords are counted by django-axes (settings AXES_*); wrong codes slow down through
django-otp's own throttling of the device.
"""

import math
import textwrap
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.throttling import BaseThrottle

from profiles import roles

WRONG_CODE = "That code is not right. Enter the six digits your app shows now (a code changes every 30 seconds)."
DEVICE_NAME = "Authenticator app"


def second_factor_required(user) -> bool:
    """Editors and administrators publish and see everything, so they may not skip the code."""
    return user.is_superuser or user.groups.filter(name__in=(roles.EDITOR, roles.ADMINISTRATOR)).exists()


class SecondFactorMiddleware:
    """Sends a signed-in staff member who has not given a code this session to the code step,
    or to enrolment if their role requires a device and they have none.

    Only admin addresses are guarded: the public site and the API never use the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        detour = self.detour(request)
        if detour:
            return redirect(f"{reverse(detour)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def detour(self, request) -> str | None:
        if not settings.STAFF_2FA_REQUIRED or not request.path.startswith(reverse("admin:index")):
            return None
        open_paths = {
            reverse(name)
            for name in ("admin:login", "admin:logout", "staff-two-factor-enrol", "staff-two-factor-verify")
        }
        user = request.user
        if request.path in open_paths or not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        if user_has_device(user):
            return "staff-two-factor-verify"
        if second_factor_required(user):
            return "staff-two-factor-enrol"
        return None


class CodeForm(forms.Form):
    token = forms.CharField(
        label="Six-digit code",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError("Enter the digits your authenticator app shows, nothing else.")
        return token


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _page(request, template: str, title: str, context: dict):
    """Render in the admin's look, without the app list: nothing is open before the code."""
    base = admin.site.each_context(request)
    base.update(title=title, available_apps=[], is_nav_sidebar_enabled=False, next=_next_url(request))
    return render(request, template, {**base, **context})


def _throttled_message(throttled: dict | None) -> str:
    locked_until = (throttled or {}).get("locked_until")
    wait = math.ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 0
    when = f"Wait {wait} second{pluralize(wait)}" if wait > 0 else "Wait a moment"
    return f"Too many wrong codes in a row. {when}, then enter the code your app shows."


def _sign_in(request, device) -> None:
    # A new session id once the second factor is in, as Django does at password login.
    request.session.cycle_key()
    otp_login(request, device)


def qr_code_svg(url: str) -> str:
    """The otpauth:// address as an inline SVG drawn here: no image request, no script, no CDN."""
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", title="QR code for your app")
    # segno writes only its own markup; the address inside is percent-encoded.
    return mark_safe(svg)


def readable_secret(device: TOTPDevice) -> str:
    return " ".join(textwrap.wrap(b32encode(device.bin_key).decode(), 4))


@never_cache
def enrol(request):
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if user_has_device(user) and not user.is_verified():
        return redirect(f"{reverse('staff-two-factor-verify')}?{urlencode({'next': _next_url(request)})}")
    # One pending device per person: reloading the page shows the same code to scan.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            _sign_in(request, device)
            messages.success(request, "Two-factor sign-in is on: from now on you will be asked for a code.")
            return redirect(_next_url(request))
        form.add_error("token", WRONG_CODE)
    return _page(
        request,
        "admin/two_factor/enrol.html",
        "Set up two-factor sign-in",
        {
            "form": form,
            "qr_svg": qr_code_svg(device.config_url),
            "secret": readable_secret(device),
            "replacing": user_has_device(user),
        },
    )


@never_cache
def verify(request):
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    device = next(iter(devices_for_user(user)), None)
    if device is None:
        return redirect(f"{reverse('staff-two-factor-enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, throttled = device.verify_is_allowed()
        if not allowed:
            form.add_error(None, _throttled_message(throttled))
        elif verified := verify_token(user, device.persistent_id, form.cleaned_data["token"]):
            _sign_in(request, verified)
            return redirect(_next_url(request))
        else:
            form.add_error("token", WRONG_CODE)
    return _page(request, "admin/two_factor/verify.html", "Enter your sign-in code", {"form": form})


# django-axes hooks (settings AXES_CLIENT_IP_CALLABLE and AXES_LOCKOUT_CALLABLE) -------------------


def client_address(request) -> str:
    """The address lockouts count by: the same rule as the API's rate limits, which trust
    X-Forwarded-For only from API_NUM_PROXIES proxies, so a client cannot claim a fresh address."""
    return BaseThrottle().get_ident(request)


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = _page(request, "admin/two_factor/locked_out.html", "Sign-in locked", {"minutes": minutes})
    response.status_code = 429
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
