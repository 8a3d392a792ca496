# The questionnaire online: a member's top five strengths and needs, ranked.

answers-title = My top five
answers-what = Your top five strengths and your top five needs, the strongest and the most wanted first. Choose an area for each rank you want to fill, then show its aspects and tick what of it you mean. Your answers become your offers and needs; you can change them here or one by one at any time.
answers-strengths-how = Where you could help a colleague. Choose at least one aspect of each area.
answers-needs-how = Where you would like to grow. The aspects may be left unticked.
answers-strength = { $count ->
    [1] Strength 1, your strongest
   *[other] Strength { $count }
}
answers-need = { $count ->
    [1] Need 1, the most wanted
   *[other] Need { $count }
}
answers-no-area = None
answers-strength-aspects = Tick what of this area you can help with.
answers-need-aspects = Tick what of this area you want help with, if you know.
answers-modes = How you can help
answers-save = Save these changes
answers-check = Check what would change
answers-edit = Change my answers
answers-preview-title = Check what would change
answers-preview-what = Saving your answers would change these offers and needs. Nothing has changed yet.
answers-made-strength = A new offer
answers-made-need = A new need
answers-changed-strength = Your offer, changed
answers-changed-need = Your need, changed
answers-rank = Rank in your top five
answers-unranked = not in your top five
answers-none = none
answers-from-to = { $from }, then { $to }
answers-show-aspects = Show the aspects of the areas chosen
answers-saved = Your answers are saved: your offers and needs show them now.
answers-link-heading = The questionnaire online
answers-link-how = Send members this link to give their top five strengths and needs online. They sign in, or claim their invitation first, and land on the questionnaire.
answers-start = Give your top five
answers-start-why = This group starts from everyone's top five strengths and needs. Give yours: each strength becomes an offer.

invalid-strength_1 = Choose an area not chosen above, and tick at least one of its aspects
invalid-strength_2 = Choose an area not chosen above, and tick at least one of its aspects
invalid-strength_3 = Choose an area not chosen above, and tick at least one of its aspects
invalid-strength_4 = Choose an area not chosen above, and tick at least one of its aspects
invalid-strength_5 = Choose an area not chosen above, and tick at least one of its aspects
invalid-need_1 = Choose an area not chosen above among your needs
invalid-need_2 = Choose an area not chosen above among your needs
invalid-need_3 = Choose an area not chosen above among your needs
invalid-need_4 = Choose an area not chosen above among your needs
invalid-need_5 = Choose an area not chosen above among your needs
