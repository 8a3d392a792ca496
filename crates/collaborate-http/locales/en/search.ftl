# Finding help and asking for it.

field-area = Area
field-aspect = Aspect
field-radius = Distance
search-choose-area = Choose an area
search-any-aspect = Any aspect
search-any-distance = Any distance
search-hint-modes = Leave all unticked for any way of helping.
within-kilometres = Within { $km } km
about-kilometres = About { $km } km
search-submit = Search
search-found = { $count ->
        [0] No one found
        [one] 1 person found
       *[other] { $count } people found
    }
search-none = Try another aspect, more ways of helping or a longer distance.
search-distance = Distance
search-spare = Places free

ask-title = Ask for help
ask-title-whom = Ask { $helper } for help
ask-their-words = What they offer
ask-lead = Say what you would like help with. Once you send it, you and the helper each get the other's contact details.
field-message = Your message
hint-message = What you want to achieve and what help would suit you, in up to 2,000 characters.
field-mode = How you would like to be helped
field-need = Which of your needs this is for
ask-no-need = None of them
ask-submit = Send request

invalid-message = Enter a message of up to 2,000 characters
invalid-mode = Choose how you would like to be helped
invalid-radius_km = Choose a place to search near, or add your place to your profile
invalid-need_id = Choose one of your open needs, or none
field-near = Near
hint-near = A town or city to measure the distance from. Leave it empty to measure from your own place.
invalid-near = We do not know this place: try the nearest town, or add its county, like "Newport, Isle of Wight"
map-title = Where the people found are, roughly
map-caption = Each number is a person in the list, placed to within about a kilometre. The ring is where distances are measured from.
map-table-caption = Where the people found are
map-no-place = No place given
column-number = Number
column-name = Name
column-near = Near
