# Requests: the ones I made, the ones made to me, and feedback.

requests-sides = Requests
requests-seeker = I asked
requests-helper = Asked of me
requests-none-seeker = You have not asked anyone for help yet.
requests-none-helper = No one has asked you for help yet.
column-mode = How
request-by = The way of helping asked for
column-status = Status
column-sent = Sent

request-title = Request
request-other-seeker = Your helper
request-other-helper = Who asked you
request-contacts-why = You each see the other's contact details because of this request. Use them only for it.
request-contacts-ended = This request has ended, so you no longer see each other's contact details here.
request-asked = What was asked

request-pending = Waiting for an answer
request-accepted = Accepted
request-completed = Completed
request-declined = Declined
request-cancelled = Cancelled
request-expired = Expired

request-move-accepted = Accept
request-move-declined = Decline
request-move-completed = Mark as completed
request-move-cancelled = Cancel request

feedback-title = Feedback
field-rating = How helpful was it?
feedback-rating = { $count } out of 5
field-comment = Comment (optional)
feedback-submit = Send feedback
invalid-rating = Choose how helpful it was, from 1 to 5
invalid-comment = Enter a comment of up to 2,000 characters
requests-with = with { $name }
requests-matched = Matched by an admin of the group

need-answer-title = Did this meet your need?
need-answer-what = This help answered one of your needs. Say whether it is met: a met need is closed, and the group sees what its peer support achieved.
need-answer-met = Yes, it is met
need-answer-partly = Partly: keep it open
need-answer-not-met = No: keep it open
need-answered-met = You said this met your need.
need-answered-partly = You said this partly met your need; it stays open.
need-answered-not-met = You said this did not meet your need; it stays open.
request-matched = The group's admin made this request through matching: the helper's offer suited the need best. The seeker did not write the message; it is what they wrote of their need.
