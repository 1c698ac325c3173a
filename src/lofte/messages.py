"""The text of every finding, in one place, so that it can be read and translated as a whole.

Each template is formatted with `str.format`; placeholders are named. The constants are
the English text, only marked for translation (`N_`): the code that uses one translates it
with `_()` first (see lofte.i18n).
"""

from __future__ import annotations

from lofte.i18n import N_

# reading files
FILE_UNREADABLE = N_("cannot read this file ({reason})")
FILE_UNREADABLE_HINTS = {
    "EACCES": N_("; check its permissions"),
    "EPERM": N_("; check its permissions"),
    "ENOENT": N_("; it is a symbolic link to a file that does not exist"),
    "ELOOP": N_("; it is a loop of symbolic links"),
    "EISDIR": N_("; it is a folder, not a file"),
    "ENXIO": N_("; it is not a regular file (a socket or a device): remove it, or replace "
                "it with a YAML file"),
}
FILE_NOT_REGULAR = N_("cannot read this: it is {found}, not a regular file; remove it, or "
                      "replace it with a YAML file")
FILE_TOO_LARGE = N_("file is {size} bytes, over the limit of {limit} bytes; "
                  "split it into smaller files")
COMMITMENTS_TOO_LARGE = N_("file is {size} bytes, over the limit of {limit} bytes (1 MiB); "
                           "commitments.yaml holds only the promise, the parties and the "
                           "commitments: activities belong in files under activities/, so "
                           "move any that are here, and shorten the longest texts")
NOT_UTF8 = N_("byte 0x{byte:02X} is not UTF-8; save the file as UTF-8 "
            "(Latin-1 or Windows-1252 are the usual cause when å, ä, ö look wrong)")
UTF8_BOM = N_("file starts with a byte order mark (BOM); save it as UTF-8 without BOM")
CONTROL_CHARACTER = N_("control character U+{code:04X} is not allowed in YAML; remove it")
SYNTAX_HINTS = {
    "flow sequence": N_("; close the list with `]`"),
    "flow mapping": N_("; close the mapping with `}`"),
    "quoted scalar": N_("; close the quotes"),
}
# escapes in a double-quoted string
LONE_SURROGATE = N_("`{escape}` is a lone surrogate escape, not a character; remove it, or "
                    "replace it with the character itself (the file is UTF-8: any character "
                    "can be typed as it is)")
SURROGATE_PAIR = N_("`{escape}` is a surrogate pair, which YAML does not read as one "
                    "character; replace it with `{single}` or with the character itself")
NOT_A_CODE_POINT = N_("`{escape}` is beyond the last Unicode character, U+10FFFF; remove it "
                      "or replace it with the character meant")
BAD_ESCAPE = N_("`{escape}` is not an escape YAML knows; to write a backslash, double it "
                "(`\\\\`) or put the text in single quotes instead of double quotes")
INVALID_YAML = N_("invalid YAML")
TABS = N_("; indent with spaces, not tabs")
QUOTE_COLON = N_("; put quotes around a value that contains `: `")
ALIAS = N_("alias `*{alias}`: anchors and aliases are not allowed; write the value out in full")
ANCHOR = N_("anchor `&{anchor}`: anchors and aliases are not allowed; "
            "write the value out in full")
TAG = N_("explicit tag `{tag}` is not allowed; remove it (quote the value if it must be text)")
KEY_NOT_TEXT = N_("a key must be plain text, not a list or mapping")
DUPLICATE_KEY = N_("duplicate key `{key}`: it already appears in this mapping; "
                   "remove one of them")
MULTIPLE_DOCUMENTS = N_("a file holds one YAML document; remove this `---` or split the file")
UNEXPECTED_EVENT = N_("unexpected YAML event {event}")
TOO_DEEP = N_("nested more than {depth} levels deep; a ledger file never needs that")
SYNTAX_CONTEXT = N_(" ({context} that starts at line {line}, column {column})")
CRLF = N_("Windows line endings (CRLF); save the file with LF line endings "
        "(in git: add `*.yaml text eol=lf` to .gitattributes)")
EMPTY_ACTIVITY_FILE = N_("file is empty; an activity needs at least date, commitment and "
                         "summary")
EMPTY_COMMITMENTS_FILE = N_("file is empty; it needs promise, parties and commitments")

# the ledger's boundary
OUTSIDE_LEDGER = N_("a symbolic link to {target}, outside the ledger; lofte never reads or "
                    "writes outside the ledger: replace the link with the file or folder "
                    "itself")
FOLDER_UNREADABLE = N_("cannot read this folder ({reason}); check its permissions, or move "
                       "what is in it into a folder lofte can read")
ACTIVITIES_NOT_A_FOLDER = N_("`activities` must be a folder holding the activity files, "
                             "not {found}; rename it and create the folder")
NOT_A_FOLDER = N_("{path} must be a folder, not {found}; rename it and create the folder")

# shape
COMMITMENTS_NOT_MAPPING = N_("commitments.yaml must be a mapping with the keys promise, parties "
                           "and commitments, not {found}")
ACTIVITY_FILE_SHAPE = N_("an activity file holds one activity (a mapping) or a list of "
                       "activities, not {found}")
ACTIVITY_ITEM_SHAPE = N_("each item of an activity list must be a mapping (one activity), "
                         "not {found}")
MISSING_FIELD = N_("missing required field `{field}`")
UNKNOWN_FIELD = N_("unknown field `{field}`")
DID_YOU_MEAN = N_("; did you mean `{suggestion}`?")
ALLOWED_FIELDS = N_("; allowed fields: {allowed}")
WRONG_TYPE = N_("`{field}` must be {expected}, not {found}")
TOO_LARGE_NUMBER = N_("`{field}` is far too large a number")
INVALID_VALUE = N_("`{field}`: {problem}")
BAD_SLUG = N_("`{value}` is not a valid id: use lower-case letters a-z, digits and single "
            "hyphens, at most 64 characters")
BAD_SLUG_SUGGEST = N_(" (for example `{suggestion}`)")
NOT_ONE_OF = N_("`{field}` must be one of {allowed}, not {found}")
WRONG_FORM = N_("{value} does not have the form `{pattern}`")
UNKNOWN_TIMEZONE = N_("`timezone` must be an IANA time zone name such as `{default}`, "
                      "not {value}")
# what to write instead of a value of the wrong type
HINT_UNQUOTE = N_("; write `{field}: {value}`, without quotes")
HINT_NUMBER_NOT_BOOL = N_("; write the number itself, without quotes")
HINT_WRITE = N_("; write `{field}: {value}`")
HINT_TRUE_OR_FALSE = N_("; write `{field}: true` or `{field}: false`")
HINT_A_LIST = N_("; write a list, such as `{field}: [{value}]`")

EXPECTED = {
    "int": N_("a whole number"),
    "float": N_("a number"),
    "str": N_("text (put it in quotes if it looks like a number or date)"),
    "string": N_("text (put it in quotes if it looks like a number or date)"),
    "bool": N_("true or false"),
    "date": N_("a date written YYYY-MM-DD"),
    "list": N_("a list"),
    "dict": N_("a mapping"),
    "ids": N_("an id or a list of ids"),
}
PROBLEMS = {
    "greater_than_equal": N_("must be at least {ge}"),
    "greater_than": N_("must be greater than {gt}"),
    "less_than_equal": N_("must be at most {le}"),
    "less_than": N_("must be less than {lt}"),
    "too_short": N_("must have at least {min_length} item(s)"),
    "too_long": N_("must have at most {max_length} items"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("is too long: at most {max_length} characters"),
    "string_pattern_mismatch": N_("must not be blank"),
    "finite_number": N_("must be a finite number"),
    "literal_error": N_("must be one of {expected}"),
    "date_from_datetime_parsing": N_("not a real date ({error})"),
    "date_parsing": N_("not a real date ({error})"),
}

# meaning
PERIOD_REVERSED = N_("valid_until {until} is before valid_from {start}")
DUPLICATE_ID = N_("commitment id `{id}` is already used on line {line}; ids must be unique")
UNKNOWN_PARTY = N_("`{party}` is not a party in commitments.yaml")
UNKNOWN_COMMITMENT = N_("no commitment has the id `{id}`")
UNUSABLE_COMMITMENT = N_("commitment `{id}` cannot be used until the errors of its entry in "
                         "commitments.yaml are fixed")
KNOWN_PARTIES = N_("; parties: {known}")
NO_PARTIES = N_("; parties: none")
KNOWN_IDS = N_("; run `lofte status` to list the ids")
DATE_BEFORE_PROMISE = N_("date {date} is before the promise starts ({start})")
DATE_AFTER_PROMISE = N_("date {date} is after the promise ends ({end})")
UNKNOWN_CALENDAR = N_("`{id}` is not a calendar in `calendars:`")
KNOWN_CALENDARS = N_("; the calendars are: {known}")
NO_CALENDARS = N_("; add it under `calendars:` first")
CALENDAR_BOUNDS_MIXED = N_("`from` and `until` must both be dates (YYYY-MM-DD, once) or both "
                           "be days of the year (MM-DD, every year)")
CALENDAR_REVERSED = N_("the range ends ({until}) before it starts ({start}); swap them")
CALENDAR_OVERLAP = N_("this range overlaps the range on line {line} of the same calendar; "
                      "their days are paused once, but one of them is probably a mistake")
PROBLEM_AREA_UNKNOWN = N_("problem_area {number} does not exist: promise.problem_areas has "
                          "{count}; give a number from 1 to {count}")
NO_GAP_NEEDS_TARGET = N_("`max_gap_days: null` turns the gap rule off, so a `target` is "
                         "required to judge the commitment; add one, or give a number")
PLAN_PASSED = N_("the plan's date {date} has passed (today is {today}); log what was done "
                 "with `lofte log --from-plan`, or move or remove the plan")
DATE_IN_FUTURE = N_("date {date} is after today ({today}); log an activity when it has happened")
BEFORE_ACTIVE = N_("date {date} is before `{id}` became active ({active_from})")
AFTER_RETIRED = N_("date {date} is after `{id}` was retired ({retired_on})")
RETIRED_BEFORE_ACTIVE = N_("retired_on {retired_on} is before active_from {active_from}")

# text that would reach a terminal, sheet or page
TEXT_CONTROL_CHARACTER = N_("`{field}` contains the control character U+{code:04X}, which can "
                            "hide or rewrite what a terminal shows; remove it")
BIDI_CHARACTER = N_("`{field}` contains U+{code:04X}, a bidirectional control character that "
                    "can make text show in a misleading order; remove it")

# privacy
PERSONAL_DATA = N_("`{field}` seems to contain {kind} (`{masked}`); this text will be published: "
                 "remove it, or mark the activity `public: false`")
