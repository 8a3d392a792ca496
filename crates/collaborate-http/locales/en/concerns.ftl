# Safeguarding: raising a concern, and what the leads do about it.

concern-raise-link = Raise a safeguarding concern
concern-raise-title = Raise a safeguarding concern
concern-raise-what = Tell the group's safeguarding leads what worries you. The person it is about never sees it, nor who raised it.
field-concern = What happened, and why it worries you
hint-concern = Up to 4,000 characters. Say when, and anything the leads should know.
concern-raise-submit = Send to the safeguarding leads
concern-raised-title = Your concern has gone to the safeguarding leads
concern-raised-what = They will look into it. You do not need to do anything more.
concern-urgent = If someone is in immediate danger, call 999.
concern-no-lead = There is no one else to receive this concern in the group: contact your organisation's safeguarding lead instead
invalid-text = Say what happened, in up to 4,000 characters

concerns-title = Safeguarding concerns
concerns-open = Open
concerns-closed = Closed
concerns-none = There are no concerns here.
concern-title = Concern
concern-about = About
concern-raised-by = Raised by
concern-request = About the request
concern-emergency = If anyone is in immediate danger, call 999 now. This form is not watched around the clock.
concern-goes-to = It goes to the group's safeguarding leads: { $leads }. If it is about one of them, it does not go to that person.
concern-request-summary = A request about { $area }, sent { $sent }: { $status }
concern-peer-assist = About the Peer Assist
concern-peer-assist-summary = “{ $title }”, meeting { $meets }: { $status }
concern-steps = What the leads did
concern-no-steps = Nothing has been recorded yet.
concern-act = Record what you did
concern-read-only = It came to you when it was raised, so you can still read it; only the group's safeguarding leads record what they did.
field-concern-note = Note (optional)
concern-suspend = Suspend the person concerned
concern-record = Record
concern-close = Record and close
concern-reopen = Reopen
invalid-note = Enter a note of up to 4,000 characters

concern-status-open = Open
concern-status-closed = Closed
concern-step-noted = Noted
concern-step-suspended = Suspended the person concerned
concern-step-closed = Closed
concern-step-reopened = Reopened
