"""Staff account pages: the second sign-in step, setting up an authenticator app, recovery
codes, sign-out everywhere, and Django's password reset with GOV.UK pages."""

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import two_factor
from .forms import CodeForm, PasswordResetForm, SetupCodeForm
from .sessions import sessions_end_all


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(reverse_lazy("officer:dashboard"))


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if not two_factor.user_has_two_factor(request.user):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.code_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", "The code is not right, or has been used. Enter a new code")
    return render(
        request,
        "accounts/two_factor_verify.html",
        # The pages behind the second step would only send the officer back here.
        {"form": form, "next": _next_url(request), "hide_navigation": True},
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a new secret (QR code and text), confirmed by a code from
    the app. A user who has one already must be verified to replace it."""
    if two_factor.user_has_two_factor(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = two_factor.totp_device_start(user=request.user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.totp_device_confirm(
            user=request.user, device=device, code=form.cleaned_data["code"]
        ):
            two_factor.code_verify_device(request=request, device=device)
            codes = two_factor.recovery_codes_issue(user=request.user)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
        form.add_error("code", "The code is not right. Enter the code your app shows now")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#0b0c0c"),
            "secret": two_factor.totp_secret_text(device),
            "hide_navigation": not request.user.is_verified(),
        },
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {"has_two_factor": two_factor.user_has_two_factor(request.user)},
    )


@login_required
@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    codes = two_factor.recovery_codes_issue(user=request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": str(reverse_lazy("accounts:account")), "first_time": False},
    )


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    ended = sessions_end_all(user=request.user, request=request)
    return render(request, "accounts/signed_out_everywhere.html", {"ended": ended})


# Django's password reset, with GOV.UK pages. The first view answers the same whether or not
# the address belongs to an account (no user enumeration), and the link signs nobody in:
# the new password still needs the second factor.
class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        # The link names SITE_URL, never the Host header the request came with.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


password_reset = PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
