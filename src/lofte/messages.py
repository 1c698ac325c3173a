"""The text of every finding, in one place, so that it can be read and translated as a whole.

Each template is formatted with `str.format`; placeholders are named.
"""

from __future__ import annotations

# reading files
FILE_UNREADABLE = "cannot read this file ({reason})"
FILE_UNREADABLE_HINTS = {
    "EACCES": "; check its permissions",
    "EPERM": "; check its permissions",
    "ENOENT": "; it is a symbolic link to a file that does not exist",
    "ELOOP": "; it is a loop of symbolic links",
    "EISDIR": "; it is a folder, not a file",
}
FILE_NOT_REGULAR = ("cannot read this file: it is not a regular file (a pipe, socket or "
                    "device); remove it or give it a name that does not end in .yaml")
FILE_TOO_LARGE = ("file is {size} bytes, over the limit of {limit} bytes; "
                  "split it into smaller files")
NOT_UTF8 = ("byte 0x{byte:02X} is not UTF-8; save the file as UTF-8 "
            "(Latin-1 or Windows-1252 are the usual cause when å, ä, ö look wrong)")
UTF8_BOM = "file starts with a byte order mark (BOM); save it as UTF-8 without BOM"
CONTROL_CHARACTER = "control character U+{code:04X} is not allowed in YAML; remove it"
SYNTAX_HINTS = {
    "flow sequence": "; close the list with `]`",
    "flow mapping": "; close the mapping with `}`",
    "quoted scalar": "; close the quotes",
}
SYNTAX_CONTEXT = " ({context} that starts at line {line}, column {column})"
CRLF = ("Windows line endings (CRLF); save the file with LF line endings "
        "(in git: add `*.yaml text eol=lf` to .gitattributes)")
EMPTY_ACTIVITY_FILE = "file is empty; an activity needs at least date, commitment and summary"
EMPTY_COMMITMENTS_FILE = "file is empty; it needs promise, parties and commitments"

# shape
COMMITMENTS_NOT_MAPPING = ("commitments.yaml must be a mapping with the keys promise, parties "
                           "and commitments, not {found}")
ACTIVITY_FILE_SHAPE = ("an activity file holds one activity (a mapping) or a list of "
                       "activities, not {found}")
ACTIVITY_ITEM_SHAPE = "each item of an activity list must be a mapping (one activity), not {found}"
MISSING_FIELD = "missing required field `{field}`"
UNKNOWN_FIELD = "unknown field `{field}`"
DID_YOU_MEAN = "; did you mean `{suggestion}`?"
ALLOWED_FIELDS = "; allowed fields: {allowed}"
WRONG_TYPE = "`{field}` must be {expected}, not {found}"
TOO_LARGE_NUMBER = "`{field}` is far too large a number"
INVALID_VALUE = "`{field}`: {problem}"
BAD_SLUG = ("`{value}` is not a valid id: use lower-case letters a-z, digits and single "
            "hyphens, at most 64 characters")
BAD_SLUG_SUGGEST = " (for example `{suggestion}`)"

EXPECTED = {
    "int": "a whole number",
    "float": "a number",
    "str": "text (put it in quotes if it looks like a number or date)",
    "string": "text (put it in quotes if it looks like a number or date)",
    "bool": "true or false",
    "date": "a date written YYYY-MM-DD",
    "list": "a list",
    "dict": "a mapping",
    "ids": "an id or a list of ids",
}
PROBLEMS = {
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be greater than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "too_short": "must have at least {min_length} item(s)",
    "too_long": "must have at most {max_length} items",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long: at most {max_length} characters",
    "string_pattern_mismatch": "must not be blank",
    "finite_number": "must be a finite number",
    "literal_error": "must be one of {expected}",
    "date_from_datetime_parsing": "not a real date ({error})",
    "date_parsing": "not a real date ({error})",
}

# meaning
PERIOD_REVERSED = "valid_until {until} is before valid_from {start}"
DUPLICATE_ID = "commitment id `{id}` is already used on line {line}; ids must be unique"
UNKNOWN_PARTY = "`{party}` is not a party in commitments.yaml"
UNKNOWN_COMMITMENT = "no commitment has the id `{id}`"
KNOWN_PARTIES = "; parties: {known}"
KNOWN_IDS = "; run `lofte status` to list the ids"
DATE_BEFORE_PROMISE = "date {date} is before the promise starts ({start})"
DATE_AFTER_PROMISE = "date {date} is after the promise ends ({end})"
DATE_IN_FUTURE = "date {date} is after today ({today}); log an activity when it has happened"
BEFORE_ACTIVE = "date {date} is before `{id}` became active ({active_from})"
AFTER_RETIRED = "date {date} is after `{id}` was retired ({retired_on})"
RETIRED_BEFORE_ACTIVE = "retired_on {retired_on} is before active_from {active_from}"

# privacy
PERSONAL_DATA = ("`{field}` seems to contain {kind} (`{masked}`); this text will be published: "
                 "remove it, or mark the activity `public: false`")
