# My profile in a group: what others see, how I am reached, who received my details.

profile-title = My profile
profile-saved = Your profile is saved.
profile-helped = { $count ->
        [0] You have not completed a request as a helper yet.
        [one] You have helped 1 person to the end of their request. Thank you.
       *[other] You have helped { $count } people to the end of their requests. Thank you.
    }
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
