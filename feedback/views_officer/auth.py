from django.contrib.auth import views as auth_views


class SignInView(auth_views.LoginView):
    template_name = "feedback/officer/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django 5): a link could sign people out from another site's page."""
