# My profile in a group: what others see, how I am reached, who received my details.

profile-title = My profile
profile-saved = Your profile is saved.
profile-given = { $count ->
        [0] You have not given help to the end of a request or in a Peer Assist yet.
        [one] You have given help once. Thank you.
       *[other] You have given help { $count } times. Thank you.
    }
profile-received = { $count ->
        [0] You have not received help yet.
        [one] You have received help once.
       *[other] You have received help { $count } times.
    }
profile-record-link = Your record of contribution
profile-about = About you
field-organisation = Organisation
profile-no-organisation = None
field-job-title = Job title
field-bio = About you
hint-bio = What you do and what you are good at, in up to 1,000 characters. Members of the group see it.
field-place = Your town or city
hint-place = Where you work or live, so people near you can find you. You are placed at the town's centre, never at your door. Add the county if the name is shared, like "Newport, Isle of Wight".
profile-places-several = More than one place has this name. Type the one you mean, with its county:
places-credit = Place names and positions from GeoNames (geonames.org), licensed under CC BY 4.0.
profile-contact = How people reach you
profile-contact-why = Only the other side of a request you make or accept sees these, and you can see who has.
field-contact-email = Email for contact
field-phone = Phone
field-video-link = Video call link
hint-video-link = A link to your video-call room, starting https://
field-preferred-modes = How you prefer to help and be helped
profile-save = Save profile
profile-thanks = Thanks
field-named-in-thanks = My group's admins may name me among the helpers to thank
hint-named-in-thanks = Admins see who completed the most help, to thank them. Untick this and you are never named there; the help you gave still counts in the group's figures.

invalid-place = We do not know this place: try the nearest town, or add its county
invalid-place-several = More than one place has this name: type it with its county
invalid-organisation_id = Choose an organisation of this group
invalid-job_title = Enter a job title of up to 120 characters
invalid-bio = Enter up to 1,000 characters about you
invalid-contact_email = Enter an email address in the correct format, like name@example.com
invalid-phone = Enter a phone number of 7 to 15 digits
invalid-video_link = Enter a link starting https://
invalid-preferred_modes = Choose among the ways listed

reveals-title = Who has received your contact details
reveals-none = No one has received your contact details yet.
reveals-former-member = A former member
reveals-open-request = The request
column-who = Who
column-when = When
column-request = Why

leave-title = Leave this group
leave-what = Your offers are paused, your open needs withdrawn and your open requests closed. You can come back with the join code or an invitation.
leave-submit = Leave the group
profile-emails = Emails
field-notifications = Emails about your requests in this group
hint-notifications = Invitations and password resets come whatever you choose here.
notifications-immediate = Each time something happens
notifications-weekly-digest = One email a week, gathering everything
notifications-off = None
invalid-notifications = Choose how you hear of your requests: each time, once a week, or not at all

# The record of contribution, to print or download.
contribution-title = My record of contribution
contribution-member = Name
contribution-group = Group
contribution-made = Made on
contribution-times-given = Times you gave help
contribution-times-received = Times you received help
contribution-what = The help you completed, with what the people you helped said of it, and the Peer Assists you took part in: for your own professional development record. It names nobody else.
contribution-download = Download it as a spreadsheet (CSV)
contribution-given = Help you gave
contribution-given-none = You have not completed a request as a helper yet.
contribution-received = Help you received
contribution-received-none = You have not completed a request as a seeker yet.
contribution-how = How
contribution-rating = Rating
contribution-comment = What they said
contribution-need = Need met
contribution-need-met = Met
contribution-need-partly = Partly
contribution-need-not-met = Not met
contribution-area-gone = An area no longer offered
contribution-peer-assists = Peer Assists you took part in
contribution-peer-assists-none = You have not taken part in a Peer Assist that was held yet.
contribution-peer-assist = Peer Assist
contribution-peer-assist-untitled = A Peer Assist whose convenor has left
contribution-part = Your part
contribution-print = To keep it on paper or as a PDF, print this page from your browser.
