"""One way to write a time in the admin: the change list, the workflow log, revisions and messages all read
"24 Nov 2036 09:00" (Django's en-GB default would show "24 Nov 2036, 9 a.m." in some places only)."""

DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
