"""Small helpers of the officer templates."""

from urllib.parse import urlencode

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from govuk_forms.jinja_env import field_printed, fragment

from ..navigation import menu_url, officer_menu

register = template.Library()

# The case list's columns: (sort key or None, heading).
CASE_LIST_COLUMNS = (
    ("reference", "Reference"),
    (None, "Customer"),
    (None, "Summary"),
    (None, "Service"),
    (None, "Status"),
    (None, "Assigned to"),
    ("received", "Received"),
    ("respond_by", "Respond by"),
)


# The case list's filters whose menus are the reference data's, the same for every officer
# (or fixed choices); the service menu is each officer's own (`case_list`).
FIXED_FILTERS = ("queue", "kind", "state", "category", "channel", "assigned", "overdue")


@register.filter
def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class QueryLinks:
    """Django's `{% querystring %}` (this page's query with `changes`, a value of None removing
    its key; values are single strings or numbers) for the many links of one page (sorting,
    pages), each parameter of the query encoded once: Django's tag copies the QueryDict and
    encodes all of it for each link (about 0.1 ms a link). The same string: the keys in the
    query's order, a changed key keeping its place and a new one last, each value as
    QueryDict.urlencode writes it."""

    def __init__(self, query) -> None:
        self.query = query
        self.encoding = query.encoding
        self.encoded = {key: [self._pair(key, v) for v in values] for key, values in query.lists()}

    def _pair(self, key: str, value) -> str:
        return urlencode({key.encode(self.encoding): str(value).encode(self.encoding)})

    def with_(self, **changes) -> str:
        encoded = dict(self.encoded)
        for key, value in changes.items():
            if value is None:
                encoded.pop(key, None)
            else:
                encoded[key] = [self._pair(key, value)]
        if not encoded and not self.query:
            return ""
        return "?" + "&".join(pair for pairs in encoded.values() for pair in pairs)


def _column(key: str | None, label: str, *, sort: str, links: QueryLinks) -> dict:
    if key is None:
        return {"label": label, "sort": None}
    if sort == key:
        return {
            "label": label,
            "sort": "ascending",
            "arrow": "▲",
            "href": links.with_(sort="-" + key, page=None),
        }
    if sort == "-" + key:
        return {
            "label": label,
            "sort": "descending",
            "arrow": "▼",
            "href": links.with_(sort=key, page=None),
        }
    return {"label": label, "sort": "none", "arrow": "", "href": links.with_(sort=key, page=None)}


# The most fields' printings a set of reference data keeps (see `_fields_printed`).
PRINTED_LIMIT = 512


def _fields_printed(form: str, fields, *, fixed: dict, printed: dict) -> SafeString:
    """The fields as govuk_forms/field.html prints each, one after another. A field named in
    `fixed` prints the same for the same value whenever its menu is the same: `fixed[name]`
    says which menu it offers (its choices beyond the reference data the memo `printed` belongs
    to, say the officer's own services), so each value of it is printed once per memo and
    then copied. A field not in `fixed` (text, dates) is copied too when it is empty (it then
    prints the same every time: the list's five text and date filters are empty on most
    requests); given a value, it is printed every time, as a field with an error and a value
    that is not a plain one. The memo goes with its reference data (`CaseListReference.
    printed`): a change of a menu's choices is a new memo."""
    language = get_language()
    parts = []
    for bound in fields:
        menu = fixed.get(bound.name)
        value = bound.value()
        if menu is None and value in (None, ""):
            menu = ()
        if menu is None or bound.errors or not isinstance(value, str | int | bool | None):
            parts.append(field_printed(bound))
            continue
        key = (form, bound.name, menu, language, type(value), value)
        html = printed.get(key)
        if html is None:
            html = field_printed(bound)
            if len(printed) >= PRINTED_LIMIT:
                printed.clear()
            printed[key] = html
        parts.append(html)
    return mark_safe("".join(parts))  # noqa: S308 (each part printed by the autoescaping include)


def _unbound_field_printed(form_name: str, form, name: str, *, menu, printed: dict) -> SafeString:
    """`_fields_printed` of one field of an unbound form whose value is None (no initial), by
    its memo alone when it holds the field: `form` (a lazy object) is built only otherwise."""
    key = (form_name, name, menu, get_language(), type(None), None)
    html = printed.get(key)
    if html is not None:
        return html
    return _fields_printed(form_name, [form[name]], fixed={name: menu}, printed=printed)


@register.simple_tag(takes_context=True)
def case_list(context) -> SafeString:
    """The officer case list below its heading (feedback/jinja2/feedback/officer/case_list.html),
    from the view's context, with its links made here."""
    request = context["request"]
    query = request.GET
    links = QueryLinks(query)
    page = context["page"]
    paginator = page.paginator
    list_url = reverse("officer:case_list")
    edit_url = reverse("officer:saved_view_edit", args=[0])
    current_query = context["current_query"]
    count = paginator.count
    printed = context["list_reference"].printed
    form = context["form"]
    # The filters' menus: the same for everyone but the services, which are the officer's.
    services = form.fields["service"]
    fixed = dict.fromkeys(FIXED_FILTERS, ())
    if getattr(services, "known", None) is not None:
        fixed["service"] = tuple(services.known)
    save_view_form = context["save_view_form"]
    share_with = context["save_view_services"]
    bulk_form = context["bulk_form"]
    return fragment(
        "feedback/officer/case_list.html",
        {
            "csrf_token": get_token(request),
            "list_url": list_url,
            "saved_view_add_url": reverse("officer:saved_view_add"),
            "bulk_assign_url": reverse("officer:case_bulk_assign"),
            "export_url": reverse("officer:case_list_export")
            + (f"?{query.urlencode()}" if query else ""),
            "full_path": request.get_full_path(),
            "current_query": current_query,
            "saved_views": [
                {
                    "view": row.view,
                    "count": row.count,
                    "own": row.own,
                    "current": row.view.query == current_query,
                    "href": list_url + (f"?{row.view.query}" if row.view.query else ""),
                    "edit_href": edit_url.replace("/0/", f"/{row.view.pk}/"),
                }
                for row in context["saved_views"]
            ],
            "save_view_name": _unbound_field_printed(
                "save_view", save_view_form, "name", menu=(), printed=printed
            ),
            # The menu of the services the officer may share with, shown only if there are any.
            "save_view_shared_with": _unbound_field_printed(
                "save_view",
                save_view_form,
                "shared_with",
                menu=tuple(s.pk for s in share_with),
                printed=printed,
            )
            if share_with
            else "",
            "error_summary": render_to_string(
                "govuk_forms/error_summary.html", {"forms": context["form_errors"], "form": None}
            )
            if context["form_errors"]
            else "",
            "filter_fields": _fields_printed(
                "filter",
                [field for field in form if field.name != "sort"],
                fixed=fixed,
                printed=printed,
            ),
            "sort": context["sort"],
            "page_size": context["page_size"],
            "page_sizes": context["page_sizes"],
            "count": count,
            "plural": "" if count == 1 else "s",
            "num_pages": paginator.num_pages,
            "page_number": page.number,
            "columns": [
                _column(key, label, sort=context["sort"], links=links)
                for key, label in CASE_LIST_COLUMNS
            ],
            "rows": context["rows"],
            "selectable": bulk_form is not None,
            "bulk_officer": _unbound_field_printed(
                "bulk", bulk_form, "officer", menu=(), printed=printed
            )
            if bulk_form is not None and context["rows"]
            else "",
            "previous_href": links.with_(page=page.previous_page_number())
            if page.has_previous()
            else None,
            "next_href": links.with_(page=page.next_page_number()) if page.has_next() else None,
            "page_items": [
                # The range holds page numbers and the paginator's ELLIPSIS, a lazy translation
                # (comparing a number with it translated it each time).
                {
                    "number": number,
                    "current": number == page.number,
                    "href": links.with_(page=number),
                }
                if type(number) is int
                else {"number": number, "current": False, "href": None}
                for number in paginator.get_elided_page_range(page.number)
            ]
            if paginator.num_pages > 1
            else [],
        },
    )


@register.simple_tag(takes_context=True)
def officer_menu_nav(context) -> SafeString:
    """The officer pages' menu (feedback/jinja2/feedback/officer/menu.html): the links of
    feedback.navigation this officer may open, their account and the sign-out button."""
    request = context["request"]
    user = request.user
    return fragment(
        "feedback/officer/menu.html",
        {
            "links": officer_menu(user, request.resolver_match),
            "account_url": menu_url("accounts:account"),
            "logout_url": menu_url("officer:logout"),
            "user_name": user.get_full_name() or user.get_username(),
            "csrf_token": get_token(request),
        },
    )
