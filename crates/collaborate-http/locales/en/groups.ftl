# Groups: my groups, joining one, a group's home.

groups-title = My groups
groups-none = You are not in a group yet.
groups-join-heading = Joining a group
groups-join-how = Ask an admin of your group for its join link, or for an invitation by email.

join-title = Join a group
field-join-code = Join code
hint-join-code = The code in the join link your group's admin gave you, like K7MP2XWQ9D.
join-submit = Join group
invalid-join-code = Enter the join code exactly as your group's admin gave it

home-title = Group
home-search-open = You offer help: you can search for peers and ask them for help.
home-areas-heading = What the group offers and needs
home-areas-caption = Offers and needs by area
home-areas-none = The group has no areas yet.
home-join-link-heading = Invite colleagues
home-join-link-how = Anyone with this join link, once signed in, can join the group. Share it only with the people it is for.
home-pages-heading = In this group
search-title = Find help
requests-title = My requests

home-waiting-heading = Waiting for you
home-waiting-to-answer = { $count ->
    [one] A request waits for your answer
   *[other] { $count } requests wait for your answer
}
home-waiting-feedback = { $count ->
    [one] Say how the help went: one request waits for your feedback
   *[other] Say how the help went: { $count } requests wait for your feedback
}
home-waiting-concerns = { $count ->
    [one] A safeguarding concern is open
   *[other] { $count } safeguarding concerns are open
}
home-waiting-invitations = { $count ->
    [one] One invitation has not been accepted yet
   *[other] { $count } invitations have not been accepted yet
}

groups-create-heading = Start a group
groups-create-how = Start an exchange for your school, trust or council: you become its first admin and invite the others.
group-create = Create a group
group-new-title = Create a group
hint-group-name = As its members know it, for example Leeds primary schools.
field-growth-mode = How will people join?
growth-organic = People join with a link and offer help themselves
growth-organic-hint = Share the join link; each person adds their own offers and needs.
growth-systemic = You load everyone's questionnaire first
growth-systemic-hint = Import the staff's top-five strengths and needs from a spreadsheet; each person claims their profile by email.
field-first-areas = Areas of support to start with (optional)
hint-first-areas = One a line, with its aspects after a colon, for example: Curriculum: KS3 science, assessment. You can add and change areas later.
invalid-growth_mode = Choose how people will join
invalid-areas = Write each area on a line of its own, named once, at most 20 to begin with, and its aspects after a colon, separated by commas
done-created = Your group is ready. Invite people, and add or change its areas, from Manage the group.
done-joined = You have joined. Offer help in a few areas to open search.
join-title-named = Join { $group }
join-what-next = Joining makes you a member of its peer-support exchange. Next, offer help in a few areas: then you can search for peers who can help you.
