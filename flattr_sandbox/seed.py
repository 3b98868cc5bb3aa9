"""Seed data: the demo app, the demo accounts and the users and things of the documentation.

Accounts for people trying things out:

- ``alice``: the demo blogger; owns four things (one hidden), has means to flattr.
- ``bob``: a reader with means; subscribed to simon_g's Twitter thing, has flattred alice.
- ``carol``: a reader *without* means (flattring answers ``401 no_means``).
- ``flattr``: Flattr's own account (owns the blog post of the docs' mini-thing example).

The rest are the users and things of flattr-api.md's examples and of the wire samples
(``simon_g``, ``smgt``, ``thornkvist``, ``gnuproject``, ``qzio``, ``pthulin``, ...), with their
documented ids, titles, URLs and counters, so documented example calls answer
documented-looking bodies (e.g. ``GET /things/268185`` is "simongate on Twitter").

OAuth apps: ``sandbox-demo`` / ``sandbox-demo-secret`` accepts any loopback redirect URI on any
port (as native apps need); ``sandbox-web`` / ``sandbox-web-secret`` accepts exactly
``https://example.com/flattr/callback``, for exact-match tests.
"""

from __future__ import annotations

from typing import Final, NamedTuple

DEMO_CLIENT_ID: Final = "sandbox-demo"
DEMO_CLIENT_SECRET: Final = "sandbox-demo-secret"
DEMO_REDIRECT_URI: Final = "http://127.0.0.1/callback"
WEB_CLIENT_ID: Final = "sandbox-web"
WEB_CLIENT_SECRET: Final = "sandbox-web-secret"
WEB_REDIRECT_URI: Final = "https://example.com/flattr/callback"
DEMO_USER: Final = "alice"

_GRAVATAR = (
    "https://secure.gravatar.com/avatar/{}?s=40&d=https%3A%2F%2Fflattr.com%2F_img"
    "%2Faut11-user-placeholder-small.png&r=pg"
)


class SeedUser(NamedTuple):
    username: str
    uid: str  # the opaque 6-character id of the ~2013 API
    firstname: str = ""
    lastname: str = ""
    about: str = ""
    city: str = ""
    country: str = ""
    url: str | None = None
    avatar: str = ""
    email: str = ""
    registered_at: int = 1300000000
    means: bool = True


class SeedThing(NamedTuple):
    id: int
    owner: str
    url: str
    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    category: str = "rest"
    language: str = "en_GB"
    hidden: bool = False
    image: str = ""
    created_at: int = 1330000000
    flattrs: int = 0
    flattrs_user_count: int = 0


class SeedApp(NamedTuple):
    client_id: str
    client_secret: str
    name: str
    redirect_uri: str
    any_loopback: bool


APPS: Final = (
    SeedApp(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, "Sandbox demo app", DEMO_REDIRECT_URI, True),
    SeedApp(WEB_CLIENT_ID, WEB_CLIENT_SECRET, "Sandbox web app", WEB_REDIRECT_URI, False),
)

USERS: Final = (
    SeedUser(
        "alice",
        "aL1ce0",
        "Alice",
        "Archer",
        "Writes the sandbox's demo blog.",
        "Stockholm",
        "Sweden",
        "https://alice.example.org/",
        "",
        "alice@example.org",
        1690000000,
    ),
    SeedUser(
        "bob",
        "b0bR3d",
        "Bob",
        "Baker",
        "Reads a lot and flattrs the good bits.",
        "Oslo",
        "Norway",
        None,
        "",
        "bob@example.net",
        1690000100,
    ),
    SeedUser(
        "carol",
        "cAr0lN",
        "Carol",
        "Cole",
        "Has not added means yet.",
        "",
        "",
        None,
        "",
        "carol@example.com",
        1690000200,
        means=False,
    ),
    SeedUser(
        "flattr",
        "fLaTTr",
        "Flattr",
        "",
        "Social micro-payments.",
        "Malmö",
        "Sweden",
        "https://flattr.com",
        "",
        "info@flattr.com",
        1270000000,
    ),
    SeedUser(
        "simon_g",
        "3bpQBK",
        "Simon",
        "Gate",
        "yes",
        "Simcity",
        "Sweden",
        "http://flattr.com",
        "",
        "simon@flattr.com",
        1290000000,
    ),
    SeedUser(
        "smgt",
        "5mGt01",
        "Simon",
        "Gate",
        "Human, programmer, climber, cyclist",
        "",
        "Sweden",
        "http://smgt.me",
        _GRAVATAR.format("88bbe05fec72c1eba7c39d780c3bccae"),
        "smgt@example.com",
    ),
    SeedUser(
        "thornkvist",
        "tH0rnK",
        "Martin",
        "Thörnkvist",
        "Combining the realities of a music label guy and the theories of a media "
        "strategist. Work for Media Evolution, Flattr and Moto Boy.",
        "Malmö",
        "Sweden",
        "http://www.thornkvist.se",
        _GRAVATAR.format("de4d777442f23e6c02b7345e514c0f54"),
    ),
    SeedUser("gnuproject", "gNuPr0", "GNU", "Project", "GNU's not Unix!"),
    SeedUser("qzio", "qZi0xx", "Joel", "", "", "", "Sweden"),
    SeedUser("pthulin", "pThUl1", "Peter", "Thulin", "", "", "Sweden"),
    SeedUser("acoustid", "aC0us7", "Acoustid", "", "Open source audio identification."),
    SeedUser("tpbafk", "tPbAfK", "TPB AFK", "", "The Pirate Bay Away From Keyboard."),
    SeedUser("steveklabnik", "sT3veK", "Steve", "Klabnik"),
    SeedUser("Melpomene", "mElP0m", "Melpomene"),
    SeedUser("yegg", "yEgG00", "Gabriel", "Weinberg"),
    SeedUser("gundlach", "gUnDl4", "Michael", "Gundlach"),
    SeedUser("hugoroy", "hUg0r0", "Hugo", "Roy"),
    SeedUser("der_michael", "dErM1c", "Michael"),
)

THINGS: Final = (
    # alice, the demo blogger (one hidden draft)
    SeedThing(
        1200001,
        "alice",
        "https://alice.example.org/posts/hello-flattr/",
        "Hello, Flattr",
        "Why this blog has a Flattr button now.",
        ("flattr", "blogging"),
        "text",
        created_at=1700000000,
        flattrs=1,
        flattrs_user_count=1,
    ),
    SeedThing(
        1200002,
        "alice",
        "https://alice.example.org/posts/sourdough/",
        "Sourdough for busy people",
        "A loaf a week in ten minutes of work a day.",
        ("baking", "bread"),
        "text",
        created_at=1700100000,
    ),
    SeedThing(
        1200003,
        "alice",
        "https://alice.example.org/photos/harbour/",
        "Harbour at dawn",
        "Photos of the old harbour before the ferries leave.",
        ("photo", "travel"),
        "images",
        "sv_SE",
        created_at=1700200000,
    ),
    SeedThing(
        1200004,
        "alice",
        "https://alice.example.org/drafts/secret-recipe/",
        "A secret recipe",
        "Not public yet.",
        ("baking",),
        "text",
        hidden=True,
        created_at=1700300000,
    ),
    SeedThing(
        1200010,
        "bob",
        "https://bob.example.net/reading-list/",
        "Bob's reading list",
        "Books worth your evening.",
        ("books",),
        "text",
        created_at=1700400000,
    ),
    # the documentation's examples
    SeedThing(
        423405,
        "flattr",
        "http://blog.flattr.net/2011/10/api-v2-beta-out-whats-changed/",
        "API v2 beta out - what's changed?",
        "What is new in version 2 of the API.",
        ("api", "flattr"),
        "text",
        image="https://flattr.com/thing/image/4/2/3/4/0/5/medium.png",
        created_at=1318500000,
        flattrs=3,
        flattrs_user_count=3,
    ),
    SeedThing(
        450287,
        "flattr",
        "https://developers.flattr.net/",
        "Flattr for developers",
        "Documentation of the Flattr REST API, buttons and auto-submit.",
        ("api", "documentation"),
        "software",
        created_at=1326000000,
        flattrs=12,
        flattrs_user_count=11,
    ),
    SeedThing(
        268185,
        "simon_g",
        "http://twitter.com/#!/simongate",
        "simongate on Twitter",
        "Human",
        ("twitter",),
        "people",
        image="http://flattr.com/thing/image/4/2/3/4/0/5/medium.png",
        created_at=1305018975,
        flattrs=1,
        flattrs_user_count=1,
    ),
    SeedThing(
        313733,
        "gnuproject",
        "https://flattr.com/profile/gnuproject",
        "GNU's not Unix!",
        "The GNU Project.",
        ("gnu", "freesoftware"),
        "software",
        created_at=1310000000,
        flattrs=1,
        flattrs_user_count=1,
    ),
    SeedThing(
        459394,
        "acoustid",
        "http://acoustid.org/",
        "Acoustid",
        "Open source audio identification.",
        ("audio", "opensource"),
        "software",
        created_at=1320000000,
        flattrs=1,
        flattrs_user_count=1,
    ),
    SeedThing(
        155759,
        "tpbafk",
        "http://www.tpbafk.tv",
        "TPB AFK: The Pirate Bay Away From Keyboard",
        "A documentary film.",
        ("film", "documentary"),
        "video",
        created_at=1300500000,
        flattrs=140,
        flattrs_user_count=131,
    ),
    # smgt's things (recorded user things list)
    SeedThing(
        1114710,
        "smgt",
        "http://github.com/smgt/colorful_json",
        "smgt/colorful_json on GitHub",
        "Colorize your JSON for sexy output in the terminal",
        ("github", "repository", "ruby"),
        "software",
        image="http://static3.flattr.net/thing/image/1/1/1/4/7/1/0/medium.png",
        created_at=1359382669,
        flattrs=2,
        flattrs_user_count=2,
    ),
    SeedThing(
        1110875,
        "smgt",
        "http://github.com/smgt/knife-glesys",
        "smgt/knife-glesys on GitHub",
        "Knife glesys",
        ("github", "repository", "ruby"),
        "software",
        created_at=1359034326,
    ),
    SeedThing(
        1072504,
        "smgt",
        "http://github.com/smgt",
        "smgt on GitHub",
        "",
        ("github",),
        "software",
        created_at=1355913210,
        flattrs=2,
        flattrs_user_count=2,
    ),
    SeedThing(
        1066958,
        "smgt",
        "http://instagram.com/p/SipVXIFP-B/",
        "Photo by smgt on Instagram",
        "",
        ("photography", "photo", "instagram"),
        "images",
        created_at=1355490904,
        flattrs=1,
        flattrs_user_count=1,
    ),
    SeedThing(
        1054364,
        "smgt",
        "http://twitter.com/simongate/status/276787119438065664",
        "Tweet by @simongate, 6 Dec",
        "",
        ("twitter", "tweet"),
        "text",
        created_at=1354889127,
        flattrs=1,
        flattrs_user_count=1,
    ),
    SeedThing(
        969122,
        "smgt",
        "http://github.com/simon/git-flattr/commit/a5331b361405e133ebd802693cd9d7111bd40e09",
        "Commit on simon/git-flattr",
        "",
        ("github", "commit"),
        "software",
        created_at=1351695762,
        flattrs=1,
        flattrs_user_count=1,
    ),
    SeedThing(
        896652,
        "smgt",
        "https://alpha.app.net/smgt",
        "smgt on App.net",
        "",
        ("socialnetwork", "profile", "appnet"),
        "people",
        created_at=1348123544,
        flattrs=7,
        flattrs_user_count=6,
    ),
    SeedThing(
        814133,
        "smgt",
        "http://vimeo.com/17796077",
        "Kasta vatten",
        "",
        ("vimeo", "video"),
        "video",
        created_at=1344248825,
    ),
    SeedThing(
        800783,
        "smgt",
        "http://500px.com/photo/10729653",
        "Thunder coming",
        "",
        ("500px", "photography", "photo"),
        "images",
        created_at=1343918580,
        flattrs=1,
        flattrs_user_count=1,
    ),
    # things smgt flattred (recorded flattrs list)
    SeedThing(
        909714,
        "steveklabnik",
        "http://twitter.com/steveklabnik",
        "steveklabnik on Twitter",
        "",
        ("twitter",),
        "people",
        created_at=1340000000,
        flattrs=2,
        flattrs_user_count=2,
    ),
    SeedThing(
        193074,
        "steveklabnik",
        "https://flattr.com/profile/steveklabnik",
        "steveklabnik on Flattr",
        "",
        (),
        "people",
        created_at=1310000000,
        flattrs=7,
        flattrs_user_count=7,
    ),
    SeedThing(
        1103621,
        "Melpomene",
        "http://twitter.com/kejsarmakten/status/291937211916640257",
        "Tweet by @kejsarmakten, 17 Jan",
        "",
        ("twitter", "tweet"),
        "text",
        created_at=1358400000,
        flattrs=1,
        flattrs_user_count=1,
    ),
    SeedThing(
        934528,
        "der_michael",
        "http://www.codingmerc.com/blog/flattr-manager/",
        "Flattr Manager for iOS",
        "",
        ("ios", "flattr"),
        "software",
        created_at=1350000000,
        flattrs=186,
        flattrs_user_count=150,
    ),
    SeedThing(
        38589,
        "yegg",
        "http://duckduckgo.com/",
        "DuckDuckGo",
        "",
        ("search",),
        "software",
        created_at=1290000000,
        flattrs=2396,
        flattrs_user_count=1800,
    ),
    SeedThing(
        118424,
        "gundlach",
        "http://chromeadblock.com",
        "AdBlock For Chrome",
        "",
        ("chrome", "adblock"),
        "software",
        created_at=1295000000,
        flattrs=2437,
        flattrs_user_count=1900,
    ),
    SeedThing(
        821090,
        "hugoroy",
        "http://tos-dr.info/",
        "Terms of Service; Didn't Read",
        "",
        ("privacy",),
        "text",
        created_at=1345000000,
        flattrs=338,
        flattrs_user_count=300,
    ),
)

#: (flattrer, thing id, created_at)
FLATTRS: Final = (
    ("bob", 1200001, 1700500000),
    ("alice", 423405, 1700050000),
    ("qzio", 313733, 1316697578),
    ("pthulin", 459394, 1325668032),
    ("smgt", 909714, 1359017105),
    ("smgt", 193074, 1359016796),
    ("smgt", 1103621, 1358439012),
    ("smgt", 934528, 1357000482),
    ("smgt", 118424, 1357000342),
    ("smgt", 38589, 1357000317),
    ("smgt", 934528, 1355238708),
    ("smgt", 821090, 1354322017),
    ("smgt", 38589, 1354321918),
    ("simon_g", 1114710, 1359400000),
)

#: (subscriber, thing id, active, created_at, started_at)
SUBSCRIPTIONS: Final = (
    ("bob", 268185, True, 1350654024, 1351164964),
    ("alice", 423405, False, 1700060000, 1700060000),
)
