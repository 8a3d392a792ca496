# Offers and needs: where I help and where I want to grow.

back-to-group = Back to the group
continue = Continue
change-area = Choose another area
kilometres = { $km } km

offers-title = My offers
offers-add = Offer help
offers-none = You have not offered help yet.
offers-new-title = Offer help
offers-choose-area = In which area can you help?
offers-hint-aspects = Choose what you know well. Choose at least one, so people can find your offer.
offers-hint-description = What you have done, and how you could help: a sentence or two.
offers-hint-modes = Choose every way you can help. Choose at least one.
offers-save = Publish offer

needs-title = My needs
needs-add = Add a need
needs-none = You have not said where you want to grow yet.
needs-new-title = Add a need
needs-choose-area = In which area do you want to grow?
needs-hint-aspects = Choose what you would like help with, if you know.
needs-hint-description = What you want to learn or do: a sentence or two.
needs-hint-modes = Choose the ways you would like to be helped, if any.
needs-save = Save need

field-aspects = What of it
field-description = Description
field-modes = How
field-capacity = Requests at once
hint-capacity = How many people you can help at the same time, from 1 to 20.
field-travel-radius = Distance you travel, in km
hint-travel-radius = For help in person: how far you would go. Leave empty for 20 km.

mode-phone = Phone
mode-email = Email
mode-video = Video call
mode-in-person = In person

state-active = Active
state-paused = Paused
state-open = Open
state-met = Met
state-withdrawn = Withdrawn

move-paused = Pause
move-active = Resume
move-met = Mark as met
move-withdrawn = Withdraw
move-open = Reopen
move-delete = Delete

invalid-area_id = Choose an area
invalid-aspects = Choose aspects of this area, at most 20
invalid-description = Enter a description of at most 2,000 characters
invalid-modes = Choose at least one way you can help
invalid-capacity = Enter a whole number from 1 to 20
invalid-travel_radius_km = Enter a distance from 0 to 1,000 km
invalid-offers = You have 30 offers already: delete or pause one first
invalid-needs = You have 30 open needs already: close one first
invalid-status = Choose one of the buttons
