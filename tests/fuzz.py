"""Hypothesis strategies shared by the fuzz tests (issue 13)."""

from hypothesis import strategies as st

TRICKY = [
    "\x00",
    "a\x00b",
    "\u202eevil",  # right-to-left override
    "\ufeff",
    "😀" * 50,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\r\n\r\nInjected: header",
    "Ω≈ç√∫",
    " ",
    "",
    "x" * 20_000,
    "\u0085\u2028\u2029",
]


def nasty_text() -> st.SearchStrategy[str]:
    """Text a robot or a broken client might send: any code point but lone surrogates (which
    no client can encode), the classic troublemakers, and the occasional huge value."""
    return st.one_of(
        st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
        st.sampled_from(TRICKY),
        st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=3).map(
            lambda s: s * 4000
        ),
    )
