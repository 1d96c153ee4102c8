"""A corpus of cross-site scripting payloads.

Each payload, if it ever ran, would call ``__xss(N)``; the browser test installs that function
as a page-level hook and fails on any call (and on any dialog), so detection does not depend on
matching strings in the HTML.
"""

from __future__ import annotations

_TEMPLATES = [
    "<script>__xss({n})</script>",
    "<img src=x onerror=__xss({n})>",
    "<img src=x onerror='__xss({n})'>",
    '<img src="x" onerror="__xss({n})">',
    "<svg onload=__xss({n})>",
    "<svg><script>__xss({n})</script></svg>",
    "<body onload=__xss({n})>",
    "<iframe src=javascript:__xss({n})></iframe>",
    "<iframe srcdoc='<script>parent.__xss({n})</script>'></iframe>",
    "<a href=javascript:__xss({n})>x</a>",
    "[x](javascript:__xss({n}))",
    "[x](JaVaScRiPt:__xss({n}))",
    "[x](javascript&#58;__xss({n}))",
    '![x](x" onerror="__xss({n}))',
    "<details open ontoggle=__xss({n})>",
    "<input autofocus onfocus=__xss({n})>",
    "<select autofocus onfocus=__xss({n})>",
    "<textarea autofocus onfocus=__xss({n})>",
    "<video><source onerror=__xss({n})></video>",
    "<audio src=x onerror=__xss({n})>",
    "<marquee onstart=__xss({n})>",
    "<object data=javascript:__xss({n})>",
    "<embed src=javascript:__xss({n})>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss({n})>",
    '"><img src=x onerror=__xss({n})>',
    "'><img src=x onerror=__xss({n})>",
    "</title><img src=x onerror=__xss({n})>",
    "</textarea><img src=x onerror=__xss({n})>",
    "</script><img src=x onerror=__xss({n})>",
    "<scr<script>ipt>__xss({n})</script>",
    '<div style="background:url(javascript:__xss({n}))">',
    "<form><button formaction=javascript:__xss({n})>x",
    "<meta http-equiv=refresh content='0;url=javascript:__xss({n})'>",
    "<base href=javascript:__xss({n})//>",
    "<link rel=import href=data:text/html,<script>__xss({n})</script>>",
    "<img src=x:x onerror=__xss({n})//",
    "<svg/onload=__xss({n})>",
    "<img/src/onerror=__xss({n})>",
    '<noscript><p title="</noscript><img src=x onerror=__xss({n})>">',
    '<a href="data:text/html,<script>__xss({n})</script>">x</a>',
]


def payloads() -> list[str]:
    """120 payloads: each template with a distinct number, plus short variants for names."""
    corpus = []
    for n, template in enumerate(_TEMPLATES):
        corpus.append(template.format(n=n))
    for n, template in enumerate(_TEMPLATES, start=len(_TEMPLATES)):
        corpus.append("**bold** " + template.format(n=n) + " _tail_")
    for n, template in enumerate(_TEMPLATES, start=2 * len(_TEMPLATES)):
        corpus.append(template.format(n=n).upper().replace("__XSS", "__xss"))
    return corpus


def short_payloads(limit: int) -> list[str]:
    """Payloads that fit a field of ``limit`` characters (names are at most 40)."""
    return [p for p in payloads() if len(p) <= limit]


HOOK = """
window.__xssHits = [];
window.__xss = function (n) { window.__xssHits.push(String(n)); };
"""
