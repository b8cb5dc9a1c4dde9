"""Pure functions of the office's rules: numbering, working calendar, deadlines, workflows, reminders, statistics.

Nothing here touches the database, the clock or the screen: callers pass ``now`` and a calendar, so each rule is
tested with plain values. Comments cite the seed text each rule comes from.
"""
