# The back office: its front door and the group's settings.

admin-title = Manage the group
admin-settings-what = The group's name, how many offers open search, how long requests wait, and the join code.
admin-areas-what = The areas people offer and seek help in, and their aspects.
admin-organisations-what = The schools, councils or departments members belong to.
admin-members-what = Who is in the group: roles, suspending and restoring.
admin-invitations-what = Invite people by email, and withdraw invitations not yet taken up.

settings-title = Settings
settings-saved = The settings are saved.
settings-save = Save settings
field-group-name = Group name
field-min-offers = Offers that open search
hint-min-offers = How many areas a member offers help in before they can search and ask, from 1 to 10.
field-expiry-days = Days a request waits for an answer
hint-expiry-days = After this many days without an answer a request expires, from 1 to 365.
field-max-open = Open requests a member may have
hint-max-open = From 1 to 50.
field-max-daily = Requests a member may send a day
hint-max-daily = From 1 to 100.
hint-choose-join-code = Anyone with the code can join. Type a new one to change it: at least 8 letters and digits.

invalid-name = Enter a name of up to 120 characters
invalid-min_offers = Enter a whole number from 1 to 10
invalid-request_expiry_days = Enter a whole number of days from 1 to 365
invalid-max_open_requests = Enter a whole number from 1 to 50
invalid-max_requests_per_day = Enter a whole number from 1 to 100
invalid-join_code = Enter a code of at least 8 letters and digits

areas-title = Areas
area-title = Area
area-add = Add an area
area-save = Save area
area-archived = Archived
area-remove = Remove this area
area-remove-what = An area no one has used is deleted. One that offers, needs or requests refer to is archived instead: it keeps its history and takes nothing new.
field-area-name = Name
field-area-description = What it covers (optional)
field-aspects-list = Aspects
hint-aspects-list = One to a line: the specific things people help with in this area, up to 20.
invalid-name-taken = The group already has one of this name

organisations-title = Organisations
organisations-none = The group has no organisations yet.
organisation-add = Add an organisation
field-organisation-name = Name

members-title = Members
members-find = Name or email address
invalid-q = Enter 1 to 100 letters of a name or an email address
members-any = Any
members-filter = Find members
members-none-found = No members match. Change or clear the search.
member-remove-title = Remove { $name } from the group?
member-remove-what = They will no longer see the group. Their open requests are cancelled and their offers and needs are withdrawn. They cannot join again with the join code: an admin can restore them here, or invite them again.
done-admin = Made an admin of the group.
done-member = No longer an admin: a member of the group.
done-suspended = Suspended: they cannot use the group until an admin restores them.
done-restored = Restored: they take part in the group again.
done-removed = Removed from the group.
done-leads = The safeguarding leads are changed.
done-archived = Archived: offers, needs and requests keep it for the record, and nobody can choose it any more.
column-role = Role
make-admin = Make admin
make-member = Make member
set-status-active = Restore
set-status-suspended = Suspend
set-status-removed = Remove
next-page = Next page

invitations-title = Invitations
invite-title = Invite someone
invite-submit = Invite
invitation-made = Invitation made
invitation-made-how = Send this link to the person you invited. It works once, for their email address only.
invitations-pending = Waiting to be taken up
invitations-none = No invitations are waiting.
invitation-withdraw = Withdraw
invalid-email-invited = This person is in the group already
invalid-role = Choose a role

invitation-title = You are invited to a group
invitation-closed-title = This invitation is no longer open
invitation-closed = It was used, withdrawn or replaced by a newer invitation, or it is more than two weeks old. Ask an admin of the group for a new one, or sign in if you have joined already.
invitation-title-named = You are invited to join { $group }
invitation-next-steps = Create an account, or sign in, with the email address this invitation was sent to. You come back here to accept it.
invitation-accept-what = Accept to join the group with the account you are signed in with. The invitation is for one email address: it must be this account's.
invitation-accept = Accept invitation
invitation-have-account = Or use an account
invitation-claim = Was your profile loaded for you?
invitation-claim-what = If your group's admin loaded your details, choose a password to claim your profile.
field-new-password = Choose a password
invitation-claim-submit = Claim my profile

import-title = Import questionnaires
import-what = Load many people at once from a spreadsheet saved as CSV: one row a person, with their top five strengths and top five needs. The file is checked and every row shown before anything is saved.
import-template = Download the template
guide-title = How to fill in the template
guide-what = One row a person, under the header row. The template's second row is an example in this group's areas: copy its shape, then delete it — a file that still holds it is refused. Save the sheet as CSV (UTF-8).
guide-what-it-takes = What it takes
guide-email = Required. The address the person signs in with; one row an address.
guide-display_name = Required. Their name as colleagues know it.
guide-organisation = Their school, council or department. A new name adds an organisation to the group.
guide-job_title = Their job title, if they want it shown.
guide-place = Their town or city, like York; add the county where a name is several places, like "Newport, Isle of Wight". Only the town is kept, to about a kilometre.
guide-lat = Optional, with lon: a latitude in degrees, where no town is given.
guide-lon = Optional, with lat: a longitude in degrees.
guide-phone = Optional. A phone number, shown only to the people they help or ask.
guide-video_link = Optional. A link to a video call room, shown only to the people they help or ask.
guide-modes = How they can help, separated by semicolons: phone; email; video; in_person. Needed when the row has a strength.
guide-strength_1 = strength_1 to strength_5: their strengths, the strongest first, each an area of the group and at least one of its aspects, like "Leadership > Governance; Leading change".
guide-need_1 = need_1 to need_5: where they want to grow, the most wanted first, each an area, with aspects if they know, like "Digital learning" or "Digital learning > Online safety".
field-file = Questionnaire file (CSV)
hint-file = Saved as CSV in UTF-8, up to 16 MB and 20,000 rows.
import-check = Check the file
invalid-file = Nothing was imported: correct the rows listed and send the file again
import-problems = { $count ->
        [one] 1 problem in the file
       *[other] { $count } problems in the file
    }
column-line = Line
column-column = Column
column-problem = Problem
column-link = Link
column-person = Person
import-preview-title = Check before importing
import-done-title = Imported
import-preview-what = Nothing is saved yet. If this is what you expect, import the file.
import-submit = { $count ->
        [one] Import 1 row
       *[other] Import { $count } rows
    }
import-other-file = Send another file instead
import-submit-csv = Import, and download the links to hand on (CSV)
import-created = { $count ->
        [one] 1 new person
       *[other] { $count } new people
    }
import-updated = { $count ->
        [one] 1 person updated
       *[other] { $count } people updated
    }
import-kept = { $count ->
        [one] 1 member keeps their own profile: they manage it, so the file changed nothing of theirs
       *[other] { $count } members keep their own profiles: they manage them, so the file changed nothing of theirs
    }
import-organisations = { $count ->
        [one] 1 new organisation
       *[other] { $count } new organisations
    }
import-rows = Every row
import-person-new = New
import-person-updated = Updated
import-person-kept = Kept as they made it
import-nothing-changed = nothing changed: the member keeps their own
import-links = Links to hand on
import-links-how = Send each person their link: with it they claim their profile, or accept with the account they have. The links are shown only now: to keep them, import with "download the links" instead.
admin-import-what = Load people from questionnaires: checked and shown row by row before anything is saved.

reports-title = Reports
admin-reports-what = Offers and needs by area, the gaps, requests, trends and Peer Assists, as charts and as spreadsheets.
field-from = From
field-to = To
reports-all-organisations = All organisations
reports-organisation-too-small = This organisation has fewer than three members in the exchange: a report of it alone would single people out. Choose a larger one, or all organisations.
reports-show = Show
report-overview = Overview
report-contributors = Members who offer enough to seek
report-needs-met = Needs met
report-raised-met = Needs raised in the period that are met
report-raised-met-share = { $share }% ({ $met } of { $raised })
report-raised-none = No need was raised in the period
report-helpers = Helpers
report-download = Download as a spreadsheet (CSV)
report-areas = Offers and needs by area
report-gaps = Gaps
report-gaps-what = Areas where more is needed than is offered, the widest gap first.
report-gaps-none = No area needs more than it is offered.
report-requests = Requests
report-total = All requests
report-median = Time to an answer (median)
report-hours = { $count ->
        [one] 1 hour
       *[other] { $count } hours
    }
report-completion = Completed
report-percent = { $count }%
report-trends = Month by month
column-month = Month
report-joined = Joined
report-peer-assists = Peer Assists
report-peer-assists-what = The Peer Assists convened in the period: where they stand now, the areas they wanted peers of, what was agreed at them and whom they brought together.
report-peer-assists-convened = Convened
report-peer-assists-held = Held
report-peer-assists-lessons = Lessons shared
report-peer-assists-people = People who took part
report-peer-assists-organisations = Organisations they came from
report-actions-open = Actions still open
report-actions-overdue = Actions overdue
report-actions-done = Actions done
report-actions-dropped = Actions dropped
invalid-from = Enter a date, like 2026-09-01
invalid-to = Enter a date on or after the first, like 2026-12-31
invalid-organisation = Choose an organisation of this group

audit-title = Audit trail
admin-audit-what = Who did what to whom, and when: every reveal of contact details, every change of role or status, invitations, settings, areas and organisations, imports, exports, erasures and safeguarding steps.
audit-kind = What
audit-every-kind = Everything
audit-none = Nothing recorded yet.
audit-who = Who
audit-what = What
audit-whom = About
audit-system = The system
audit-contacts-revealed = Contact details received
audit-role-changed = Role changed
audit-status-changed = Status changed
audit-invitation-revoked = Invitation withdrawn
audit-questionnaire-imported = Questionnaire imported
audit-data-exported = Data exported
audit-account-erased = Account erased
audit-concern-raised = Safeguarding concern raised
audit-concern-acted = Safeguarding step
audit-safeguarding-lead-changed = Safeguarding lead named or unnamed
audit-invitation-made = Invitation made
audit-group-changed = Group settings changed
audit-area-changed = Area changed
audit-organisation-added = Organisation added
audit-peer-assist-invited = Invited to a Peer Assist
audit-peer-assist-scheduled = Peer Assist scheduled
audit-peer-assist-cancelled = Peer Assist called off
audit-lesson-published = Lesson published
audit-proposal-confirmed = Matching proposal confirmed
audit-proposal-requests = { $count ->
    [one] one request made
   *[other] { $count } requests made
}
audit-detail = What changed
# A moment of the trail: its day, and its time on the 24-hour clock in UTC.
audit-from = From (first day)
audit-to = To (last day)
audit-download = Download these events (CSV)
audit-from-to = { $from } to { $to }
audit-setting-from-to = { $setting }: { $from } to { $to }
audit-area = { $area }: { $change }
audit-imported = { $rows } rows: { $created } new, { $updated } updated, { $invitations } invitations
audit-lead-unnamed = No longer a safeguarding lead
area-change-added = added
area-change-changed = changed
area-change-archived = archived
area-change-deleted = deleted
setting-name = Name
setting-min-offers = Offers needed to search
setting-request-expiry-days = Days before a request expires
setting-peer-assist-min-days-ahead = Peer Assist notice
setting-max-open-requests = Open requests a member may have
setting-max-requests-per-day = Requests a member may send a day
setting-join-code = Join code
invalid-action = Choose one of the kinds listed

questionnaire-title = The questionnaire
questionnaire-modes = How you can help: phone, email, video call, in person (circle any)
questionnaire-print-what = Print this page for people to fill in by hand, then type their answers into a copy of the template and import it. The areas and aspects are spelled as the import reads them.
questionnaire-about-you = About you
questionnaire-strengths = Your top five strengths
questionnaire-strengths-how = Where you could help a colleague, the strongest first. Write the area and, after a ">", what of it: for example "School business > Grant bids".
questionnaire-needs = Your top five needs
questionnaire-needs-how = Where you would like to grow, the most wanted first, written the same way. The aspect may be left out.
questionnaire-areas = The areas and their aspects
questionnaire-areas-how = Choose from these.
admin-questionnaire-link = The questionnaire on paper

capacity-title = Where help is offered and needed
admin-capacity-what = A map of offers and needs by place, counted so that no one can be picked out.
capacity-what = Offers and needs are counted in squares of about 20 km. A square is shown only where at least { $count } different people share it, so no one can be picked out; the rest are counted below.
capacity-every-area = Every area
capacity-map-title = Offers and needs by place
capacity-caption = Each pair of circles is a square of about 20 km: offers on the left, needs on the right, larger for more.
capacity-table = Offers and needs by place
capacity-none = No square holds enough people to be shown.
capacity-hidden = In squares too thin to show
capacity-unplaced = Of members who gave no place
capacity-offers = { $count ->
        [one] 1 offer
       *[other] { $count } offers
    }
capacity-needs = { $count ->
        [one] 1 need
       *[other] { $count } needs
    }
lead-name = Name safeguarding lead
lead-unname = Stop being safeguarding lead
lead-named = Named safeguarding lead

matching-title = Matching
admin-matching-what = Propose a helper for every open need at once, review who would help whom, and confirm.
matching-what = A proposal gives each open need of the areas you choose (every area when you choose none) one offer that can help: as many needs as can be matched, then the best fit, with the work shared among the helpers. Only the needs of members who offer help themselves are matched. Nothing changes until you confirm.
field-matching-areas = Areas
hint-matching-areas = Leave them all unticked to match every area.
field-max-distance = Furthest for help in person, in km (optional)
hint-max-distance = Further than this, help is given by video, phone or email, or not at all. Each helper's own travel distance always counts too.
matching-propose = Make a proposal
matching-latest = Latest proposals
matching-none = No proposal has been made yet.
column-made = Made
column-matched = Matched
column-asked = For
proposal-within = {", "}in person within { $km } km
column-unmatched = Not matched
column-confirmed = Confirmed
proposal-title = Proposal
proposal-summary = Made { $when }: { $matched } needs matched, { $unmatched } not matched, { $confirmed } confirmed.
proposal-nothing-matched = No need could be matched: the list below says why.
proposal-assignments = Who would help whom
hint-proposal-assignments = Fit is how well the offer suits the need, as search measures it (at most 1005: the aspect asked for counts most, then the ways of helping, nearness for help in person, room, being asked little lately, a top strength). Untick any you do not want. Confirming makes a request for each ticked need, linked to it: the helper is emailed, and both get each other's contact details.
proposal-confirmed = Confirmed
proposal-fit = { $count ->
   *[other] fit { $count } of 1005
}
proposal-pair = { $helper } would help { $seeker }
proposal-why = Why:
proposal-every-area = every area
proposal-asked = For the open needs of { $areas }.
proposal-asked-within = For the open needs of { $areas }, in person within { $km } km.
proposal-confirm = Confirm the ticked needs
proposal-unmatched = Not matched
column-seeker = Who needs help
column-why = Why
proposal-loads = How many needs each helper is given
proposal-needs = { $count ->
    [one] one need
   *[other] { $count } needs
}
proposal-stale = Some of the needs ticked, their offers or their people changed since this proposal was made, so nothing was confirmed. Make a new proposal, or untick those.
proposal-confirmed-already = Some of the needs ticked were confirmed already: reload the page.
unmatched-not-contributor = does not yet offer enough to seek help
unmatched-already-asked = a request already answers it
unmatched-at-request-limit = has as many open requests as the group allows
unmatched-nobody-offers = nobody else offers this area
unmatched-modes-never-meet = no offer is given in a way they asked for
unmatched-out-of-range = the offers given in person are too far away
unmatched-all-full = every offer that could help is full, or better used for another need
why-match-aspect-match = covers the aspect needed
why-match-mode-fit = helps in the ways asked for
why-match-proximity = near, within how far they travel
why-match-spare-capacity = has room for more requests
why-match-few-recent-requests = has been asked little lately
why-match-top-strength = one of their top five strengths
why-match-other-organisation = from another organisation
invalid-max_distance_km = Enter a whole number of kilometres from 1 to 1000, or leave it empty.
invalid-need_ids = Tick at least one need of this proposal that is not confirmed yet.
report-achieved = What help achieved
report-needs-met-what = Of the needs raised in the period: how many are met, how many of them through the exchange (the member said the help they asked for met it), how long that took on average, and how that help was rated.
report-needs-raised = Needs raised
report-needs-met-count = Met
report-needs-met-exchange = Met through the exchange
report-needs-met-days = Days from need to met (mean)
report-needs-met-rating = Rating of that help (mean)
report-thanks = Helpers to thank
report-thanks-what = The members who completed the most help in the period, up to ten, to thank them. Those who asked not to be named, and those no longer active, are left out.
report-thanks-none = Nobody to name yet: no help was completed in the period by a member who may be named.
report-thanks-completed = Help completed
report-needs-none = No need was raised in this period.
