# What every page shares: the frame, the form furniture, the words of closed vocabularies, and
# the pages that say what went wrong.

product-name = Collaborate
# This language's name, in itself, as the list of languages shows it.
language-name = English
skip-to-content = Skip to main content
nav-label = Main
nav-groups = My groups
nav-sign-in = Sign in
nav-sign-up = Create an account
nav-sign-out = Sign out
footer-promise = A private exchange: your contact details go only to the people you help or ask for help.

error-title-prefix = Error:
error-summary-title = There is a problem
error-prefix = Error:

column-area = Area
column-offers = Offers
column-needs = Needs

role-admin = Admin
role-member = Member
status-invited = Invited
status-active = Active
status-suspended = Suspended
status-left = Left
status-removed = Removed

problem-back = Go to my groups
invalid-cursor = This page's link is broken: go back to the first page of the list
problem-not-found-title = Page not found
problem-not-found = If you typed the web address, check it is correct. If you followed a link, the thing it points to may have been removed, or it is not shared with you.
problem-forbidden-title = You cannot do this
problem-forbidden = Your role in this group does not allow it.
problem-suspended-title = Your membership is suspended
problem-suspended = An admin of this group has suspended your membership. You can still see and download your own data.
problem-address-unconfirmed-title = Confirm your email address first
problem-address-unconfirmed = Before you join a group, start one or ask for help, open the link we sent to your address. To have a new link sent, go to My account.
problem-conflict-title = This could not be done
problem-stale-title = Something changed meanwhile
problem-stale = Someone changed this while you had the page open. Go back, reload the page and try again.
# Why a step could not be done, one message for each of the core's reasons.
conflict-at_capacity = This offer already has as many open requests as its helper can take. Try another helper, or later.
conflict-already_requested = You have already asked for help with this offer. Your request is in My requests.
conflict-wrong_state = This is no longer possible: it has moved on since the page was shown. Go back and reload the page to see where it is now.
conflict-duplicate = This already exists. Go back and choose another name or address.
conflict-in_use = This is still in use, so it is kept. Remove what uses it first.
conflict-last_admin = A group must keep at least one active admin. Make someone else an admin first.
conflict-expired = This has expired. Ask for a new one.
conflict-paused = This offer is paused: its helper is not taking requests for it just now.
conflict-unavailable = This helper is not taking requests just now.
conflict-limit_reached = You have reached one of the group's limits. Wait until some of what you have open is answered, then try again.
conflict-no_lead = Nobody but the person concerned could receive this concern. Ask an admin of the group to name another safeguarding lead.
conflict-not_enough_accepted = It can be scheduled once the facilitator and at least two participants have accepted. Wait for their answers, or invite more people.
conflict-uneven_tables = Those who accepted cannot sit at tables of six to eight. Invite someone more or withdraw an invitation: eight or fewer meet as one, 12 to 16 at two tables, 18 to 24 at three.
conflict-not_yet = It is too early for this: the meeting has not started yet.
problem-invalid-title = Check your answer
problem-invalid = Something you sent could not be read. Go back and check your answers.
problem-forged-title = This form has expired
problem-forged = The form was not sent from this browser's current page. Go back, reload the page and send it again.
problem-too-many-title = Too many attempts
problem-too-many = There have been too many attempts. Wait a few minutes and try again.
problem-unavailable-title = Sorry, there is a problem with the service
problem-unavailable = Try again later. Nothing you sent has been saved.
problem-refused-title = This request could not be read
problem-refused = Go back and try again.

reciprocity-title = Offer help first
reciprocity-why = In this group, people who seek help offer it too. Once you offer help in enough areas, you can search for peers and ask them for help.
offers-to-unlock = Offer help in { $count } more { $count ->
        [one] area
       *[other] areas
    } to unlock search, requests and Peer Assists
reciprocity-offer = Offer help
problem-back-to-page = Back to the page

# Dates as people write them: { $day } { $month } { $year }.
date = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
moment = { $date }, { $time } UTC
