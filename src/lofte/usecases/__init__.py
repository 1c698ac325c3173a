"""The use cases: one function per thing a user does with a ledger.

| module | use case |
| --- | --- |
| `check` | check a ledger (`check_ledger`) |
| `status` | the status of every commitment (`ledger_status`) |
| `show` | one commitment in full (`commitment_detail`) |
| `report` | the public report, personal-data policy included (`public_report`) |
| `log` | log an activity (`log_activity`) |
| `ledger` | open a ledger for any of the views above (`open_ledger`) |

Each takes plain data (a ledger's root, "today", what the user asked for) and returns plain
data, or raises `Refused` with structured problems (`lofte.domain.problems`) or
`LedgerUnusable` with the ledger's findings. None of them prompts, prints or exits: the CLI
(and any other front end) does that with what they return.
"""
