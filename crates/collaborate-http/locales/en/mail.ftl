# Emails. Every one says why it was sent; those about a group link to the member's choice of emails.

mail-hello = Hello { $name },
mail-hello-someone = Hello,
mail-signature = Collaborate, your group's peer-support exchange

mail-subject-request-received = { $from } asks for your help with { $area }
mail-request-received = { $from } asked you for help with { $area }, { $mode }. Their message and how to reach them are on the request; please accept or decline it.
mail-subject-request-matched-helper = Your group matched you to help { $from } with { $area }
mail-request-matched-helper = Your group's admin matched you with { $from }, who needs help with { $area }, { $mode }: your offer suits their need best. What they need and how to reach them are on the request; please accept or decline it.
mail-subject-request-matched = Your group asked { $helper } to help you with { $area }
mail-request-matched = Your group's admin matched one of your needs with { $helper }, who offers help with { $area }, { $mode }, and sent them a request for you. How to reach them is on the request; they are asked to accept or decline it.
mail-subject-request-accepted = { $by } accepted your request about { $area }
mail-request-accepted = { $by } accepted your request about { $area }. How to reach them is on the request: get in touch to arrange the help.
mail-subject-request-declined = { $by } cannot help with { $area } this time
mail-request-declined = { $by } declined your request about { $area }. Search again to find another peer who can help.
mail-subject-request-completed = The help with { $area } is marked as given
mail-request-completed = { $by } marked the help with { $area } as given. If you asked for it, you can say how it went on the request.
mail-request-completed-need = { $by } marked the help with { $area } as given. On the request, say whether it met your need, and how it went: a need met is closed, and your group sees what its peer support achieved.
mail-subject-request-cancelled = { $by } cancelled a request about { $area }
mail-request-cancelled = { $by } cancelled the request about { $area }: nothing more is needed from you.
mail-subject-request-expired = Your request about { $area } has expired
mail-request-expired = Your request to { $by } about { $area } had no answer in time and has expired. Search again to ask someone else.
mail-subject-request-waiting = { $from } is still waiting for your answer about { $area }
mail-request-waiting = { $from } asked you for help with { $area } on { $sent } and is waiting for your answer. Please accept or decline the request, so they know whether to ask someone else.
mail-subject-request-unanswered = No answer yet from { $helper } about { $area }
mail-request-unanswered = { $helper } has not yet answered your request about { $area }. It stays open until { $expires }; you may also search again and ask someone else.
mail-open-request = Open the request
mail-mode-phone = by phone
mail-mode-email = by email
mail-mode-video = by video call
mail-mode-in-person = in person
mail-role-admin = an admin
mail-role-member = a member

mail-subject-invitation = You are invited to join { $group }
mail-invitation = An admin of { $group } invites you to join its peer-support exchange as { $role }. Sign in or create an account with this address, then accept.
mail-accept-invitation = See the invitation
mail-subject-profile-to-claim = Your profile in { $group } is ready
mail-profile-to-claim = An admin of { $group } has set up your profile in its peer-support exchange from the questionnaire you answered. Choose a password to take it up.
mail-claim-profile = Take up your profile
mail-subject-password-reset = Choose a new password
mail-password-reset = Someone asked for a new password for the account with this address; we hope it was you. The link works once, within an hour. If it was not you, ignore this email: your password stays as it is.
mail-choose-password = Choose a new password
mail-subject-address-proof = Confirm your email address
mail-address-proof = Someone gave this address to Collaborate; we hope it was you. Open the link to confirm it: it works once, within a day. If it was not you, ignore this email and nothing more happens.
mail-confirm-address = Confirm my address
mail-subject-already-registered = Someone tried to register your address
mail-already-registered = Someone tried to create an account with this address, which has one already. If it was you, sign in; if you have forgotten your password, ask for a new one on the sign-in page. If it was not you, ignore this email: your account stays as it is.
mail-sign-in = Sign in

mail-subject-digest = Your week in { $group }
mail-digest-intro = { $count ->
    [one] One thing happened this week.
   *[other] { $count } things happened this week.
}

mail-why-immediate = You receive this because you are a member of { $group } and chose an email each time something happens.
mail-why-digest = You receive this because you are a member of { $group } and chose one email a week.
mail-subject-concern-raised = A safeguarding concern waits for you in { $group }
mail-concern-raised = A member of { $group } has raised a safeguarding concern, and you are one of the people it went to. Sign in to read it; for the person's privacy this email says nothing more.
mail-open-concerns = Open the concerns
mail-why-concern = You receive this because you are a safeguarding lead of { $group }: concerns reach you by email whatever you chose for other emails.
mail-why-invitation = You receive this because an admin of { $group } entered this address.
mail-why-password-reset = You receive this because a new password was asked for with this address. Password emails always go, whatever you chose.
mail-why-address = You receive this because this address was given to Collaborate. Emails about your address always go, whatever you chose.
mail-change-emails = Choose which emails you receive

mail-subject-peer-assist-invitation = { $convenor } invites you to a Peer Assist: { $title }
mail-peer-assist-invitation = { $convenor } is gathering peers before a project, “{ $title }” ({ $areas }), to meet { $when }, and invites you { $role }. Open it to read what it is about and say whether you can come.
mail-peer-assist-role-facilitator = to facilitate it, from outside their team
mail-peer-assist-role-participant = to take part, for your experience
mail-subject-peer-assist-reply = An answer to your Peer Assist: { $title }
mail-peer-assist-reply = Someone answered your invitations to “{ $title }”: { $accepted } accepted, { $declined } declined, { $waiting } not yet answered. { $ready ->
    [yes] Enough have accepted: you can schedule it now.
   *[no] You can schedule it once the facilitator and two participants have accepted.
}
mail-subject-peer-assist-scheduled = Peer Assist scheduled: { $title }, { $when }
mail-peer-assist-scheduled = “{ $title }” is scheduled for { $when }, { $where }. The calendar invitation is attached; the plan of the meeting is on its page.
mail-subject-peer-assist-moved = Peer Assist moved: { $title }, now { $when }
mail-peer-assist-moved = “{ $title }” has moved: it now meets { $when }, { $where }. The attached calendar invitation updates your calendar.
mail-subject-peer-assist-cancelled = Peer Assist called off: { $title }
mail-peer-assist-cancelled = “{ $title }”, which was to meet { $when }, has been called off. If it is in your calendar, the attached file takes it out.
mail-subject-peer-assist-update = What came of { $title }
mail-peer-assist-update = { $convenor } tells everyone in “{ $title }” what came of it: { $message }
mail-subject-peer-assist-planned = A Peer Assist is planned in { $areas }
mail-peer-assist-planned = A Peer Assist, “{ $title }”, convened by { $convenor }, is planned in { $areas }, where you have a need: you may have similar needs. Its lesson, if one is published, will be found under Lessons.
mail-subject-peer-assist-action-due = An action from { $title } is due soon
mail-peer-assist-action-due = From “{ $title }”, you agreed to: { $actions }. Mark it done on the Peer Assist's page once it is.
mail-subject-peer-assist-action-overdue = An action from { $title } is overdue
mail-peer-assist-action-overdue = From “{ $title }”, these are past their day: { $actions }. Mark them done or dropped on the Peer Assist's page, or agree a new day with its convenor.
mail-action = { $what } (by { $due })
mail-peer-assist-online = online
mail-open-peer-assist = Open the Peer Assist
mail-subject-lesson-published = A lesson in { $areas }: { $title }
mail-lesson-published = Someone has already done it: the lesson of “{ $title }”, a Peer Assist in { $areas }, is published. It may help with your need.
mail-open-lesson = Read the lesson
