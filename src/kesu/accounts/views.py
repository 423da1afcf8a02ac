"""Login/logout, password change, user management for unit admins, and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from kesu.accounts import selectors, services
from kesu.accounts.forms import (
    KesuPasswordChangeForm,
    LoginForm,
    TokenCreateForm,
    UserCreateForm,
    UserEditForm,
)
from kesu.accounts.models import User
from kesu.orgs import access
from kesu.web.pages import page_named, submit_form
from kesu.web.views import paginate, web_view


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(LoginRequiredMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = KesuPasswordChangeForm
    success_url = reverse_lazy("workbench:home")

    def form_valid(self, form):
        messages.success(self.request, _("密码已修改。"))
        return super().form_valid(form)


def _users_in_scope(user):
    return access.restrict(User.objects.select_related("org"), user, access.MANAGE)


@web_view(access.MANAGE)
def user_list(request):
    q = request.GET.get("q", "").strip()
    qs = selectors.user_list(user=request.user, q=q)
    return render(request, "accounts/users.html", {"page": paginate(request, qs), "q": q})


@web_view(access.MANAGE)
def user_create(request):
    form = UserCreateForm(request.POST or None, user=request.user)

    def save():
        data = form.cleaned_data
        org = access.get_org_for_user(request.user, data["org"], access.MANAGE)
        return services.user_create(
            actor=request.user,
            username=data["username"],
            org=org,
            role=data["role"],
            password=data["password"],
            display_name=data["display_name"],
            member=services.member_by_id_number(request.user, data["member"]),
            request=request,
        )

    done = submit_form(
        request,
        form,
        save,
        success=lambda created: _("已创建用户 %(name)s。") % {"name": created.username},
        to=page_named("accounts:users"),
    )
    return done or render(request, "accounts/user_form.html", {"form": form, "creating": True})


@web_view(access.MANAGE)
def user_edit(request, pk: int):
    target = access.get_for_user(
        User.objects.select_related("org", "member"), request.user, access.MANAGE, pk=pk
    )
    initial = {
        "display_name": target.display_name,
        "role": target.role,
        "is_active": target.is_active,
    }
    form = UserEditForm(request.POST or None, initial=initial, linked=target.member)

    def save():
        data = form.cleaned_data
        link: dict = {}
        if data["member"].strip():
            link["member"] = services.member_by_id_number(request.user, data["member"])
        elif data.get("unlink_member"):
            link["member"] = None
        return services.user_update(
            actor=request.user,
            user=target,
            role=data["role"],
            is_active=data["is_active"],
            display_name=data["display_name"],
            password=data["password"] or None,
            request=request,
            **link,
        )

    done = submit_form(
        request,
        form,
        save,
        success=_("已保存用户 %(name)s。") % {"name": target.username},
        to=page_named("accounts:users"),
    )
    return done or render(request, "accounts/user_form.html", {"form": form, "target": target})


@web_view(None)
def token_list(request):
    form = TokenCreateForm(request.POST or None)
    plain = None
    if request.method == "POST" and form.is_valid():
        _token, plain = services.token_create(
            user=request.user, name=form.cleaned_data["name"], request=request
        )
        form = TokenCreateForm()
    tokens = selectors.token_list(user=request.user)
    response = render(
        request, "accounts/tokens.html", {"form": form, "tokens": tokens, "plain": plain}
    )
    if plain:
        response["Cache-Control"] = "no-store"
    return response


@web_view(None, methods=["POST"])
def token_revoke(request, pk: int):
    services.token_revoke(user=request.user, token_id=pk, request=request)
    messages.success(request, _("令牌已吊销。"))
    return redirect("accounts:tokens")
