"""The officer pages' menu: the core's links and those each wing registers on
`hooks.officer_menu_links`, the ones the signed-in officer may open, in order, the current one
marked as GOV.UK's service navigation marks it."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

from . import hooks


@dataclass(frozen=True)
class MenuLink:
    position: int
    label: str
    url_name: str
    # The link is marked current on its pages: a view's name ("officer:dashboard") or a whole
    # namespace ("ombudsman").
    section: str
    permissions: tuple[str, ...] = ()


CORE_LINKS = (
    MenuLink(10, "Dashboard", "officer:dashboard", "officer:dashboard"),
    MenuLink(20, "Cases", "officer:case_list", "officer:case_list", ("feedback.view_case",)),
    MenuLink(
        30,
        "Log a contact",
        "officer:log_contact",
        "officer:log_contact",
        ("feedback.view_case", "feedback.log_contact"),
    ),
    MenuLink(
        90,
        "Access log",
        "officer:access_log",
        "officer:access_log",
        ("feedback.view_accesslogentry",),
    ),
)


@lru_cache(maxsize=256)
def _url(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


def menu_url(name: str) -> str:
    """reverse(name) for a page without arguments, worked out once per process."""
    return _url(name, get_script_prefix(), get_urlconf())


def menu_links() -> list[MenuLink]:
    wings = [link for links in hooks.officer_menu_links() for link in links]
    return sorted([*CORE_LINKS, *wings], key=lambda link: link.position)


def officer_menu(user, resolver_match) -> list[dict]:
    """The links `user` may open, each with its URL and `current`: "page" on the link's own
    page, "true" elsewhere in its section, "" otherwise."""
    view_name = resolver_match.view_name if resolver_match else ""
    namespace = resolver_match.namespace if resolver_match else ""
    links = []
    for link in menu_links():
        if not all(user.has_perm(permission) for permission in link.permissions):
            continue
        if view_name == link.url_name:
            current = "page"
        elif link.section in (view_name, namespace):
            current = "true"
        else:
            current = ""
        links.append({"label": link.label, "href": menu_url(link.url_name), "current": current})
    return links
