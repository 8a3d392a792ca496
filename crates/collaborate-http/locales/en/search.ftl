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
under-a-kilometre = Under 1 km
search-submit = Search
search-found = { $count ->
        [0] No one found
        [one] 1 person found
       *[other] { $count } people found
    }
search-none = Try another aspect, more ways of helping or a longer distance.
search-distance = Distance
search-spare = Places free
search-change = Change your search
search-order-title = How the results are ordered
search-order = Best first. A helper whose offer covers the aspect you chose comes before every other; then count the ways of helping you chose, how near they are for help in person (within the distance they travel; when you tick no way of helping, in person is one of them), room for more requests, having been asked little lately, and the offer being one of their top five strengths. Distance alone does not decide the order: for help by phone, email or video, a helper far away may suit you best.
search-why = Why here
search-near = Near
search-on-map = on the map: { $number }
why-aspect-match = covers the aspect you chose
why-mode-fit = helps in the ways you chose
why-proximity = near where you searched from, within how far they travel
why-spare-capacity = has room for more requests
why-few-recent-requests = has been asked little lately
why-top-strength = one of their top five strengths
why-other-organisation = from another organisation
map-people-here = People here

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
invalid-radius_km = Choose a distance from the list, with a place to search near, or add your own place to your profile
invalid-need_id = Choose one of your open needs, or none
field-near = Near
hint-near = A town or city to measure the distance from. Leave it empty to measure from your own place.
invalid-near = We do not know this place: try the nearest town, or add its county, like "Newport, Isle of Wight"
map-title = Where the people found are, roughly
map-caption = Each number marks where people in the list are, to within about a kilometre; a small count beside it says how many are there. The small circle is where distances are measured from.
map-caption-reach = Each number marks where people in the list are, to within about a kilometre; a small count beside it says how many are there. The small circle is where distances are measured from, and the large ring is as far as you searched.
map-table-caption = Where the people found are
map-no-place = No place given
column-number = Number
column-name = Name
column-near = Near
