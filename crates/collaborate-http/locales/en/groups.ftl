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
