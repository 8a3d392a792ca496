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
offers-hint-aspects = Choose what you know well. An offer counts towards searching only once it names at least one.
offers-hint-description = What you have done, and how you could help: a sentence or two.
offers-hint-modes = Choose every way you can help. Choose at least one.
offers-save = Publish offer
offers-edit-title = Edit offer
offers-back = Back to my offers
offers-delete-title = Delete this offer?
offers-delete-warning = It goes from search at once and cannot be brought back. To stop requests for a while, pause it instead.
offers-what-counts = An offer counts when it is active and names at least one aspect of its area, and each area counts once.

needs-title = My needs
needs-add = Add a need
needs-none = You have not said where you want to grow yet.
needs-new-title = Add a need
needs-choose-area = In which area do you want to grow?
needs-hint-aspects = Choose what you would like help with, if you know.
needs-hint-description = What you want to learn or do: a sentence or two.
needs-hint-modes = Choose the ways you would like to be helped, if any.
needs-save = Save need
needs-edit-title = Edit need
needs-back = Back to my needs
needs-delete-title = Delete this need?
needs-delete-warning = It cannot be brought back. To keep it in your record, mark it met or withdraw it instead.

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
move-edit = Edit
save-changes = Save changes
cancel = Cancel

not-counting-paused = Does not count towards searching: it is paused.
not-counting-no-aspect = Does not count towards searching: it names no aspect. Edit it and tick at least one.
not-counting-no-mode = Does not count towards searching: it names no way of helping. Edit it and tick one.

done-saved = Your changes are saved.
done-added = Added.
done-deleted = Deleted.
done-paused = Paused: it is out of search until you resume it.
done-active = Resumed: people can find it again.
done-met = Marked as met.
done-withdrawn = Withdrawn.
done-open = Reopened.

invalid-area_id = Choose an area
invalid-aspects = Choose aspects of this area, at most 20
invalid-description = Enter a description of at most 2,000 characters
invalid-modes = Choose at least one way you can help
invalid-capacity = Enter a whole number from 1 to 20
invalid-travel_radius_km = Enter a distance from 0 to 1,000 km
invalid-offers = You have 30 offers already: delete or pause one first
invalid-needs = You have 30 open needs already: close one first
invalid-status = Choose one of the buttons

suggestions-title = Who could help
suggestions-what = The offers that suit this need best, measured as search measures them: the aspect, the ways of helping you asked for, how near for help in person, room for more requests, and being asked little lately.
suggestions-none = Nobody can help with this need yet: no other member offers its area in a way you asked for, or every offer is full.
suggestions-ask = Ask { $helper }
need-suggestions = Who could help?
needs-offer-first = Add your offers, then come back to see who could help with these needs.
need-asked = You asked { $helper }: { $status }
