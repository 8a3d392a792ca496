# The quick-start guide: for members and for admins.

nav-help = Help
help-title = Help
help-lead = A quick start, for everyone who uses the exchange and for those who run a group. Each guide prints on a few pages.
help-members-title = Using the exchange
help-members-what = Offering help, finding a peer, asking and answering, and what others see of you.
help-admins-title = Running a group
help-admins-what = Setting up a group, its areas, loading people from questionnaires, members and reports.
help-contents = Contents
help-print = Print this page from your browser for a paper copy.

help-offer = Offer help first
help-offer-1 = The exchange is reciprocal: to find and ask a peer, you first offer help yourself, in as many different areas as your group asks (three, unless your group says otherwise). Your group's home page says how many more you need.
help-offer-2 = To offer help, open My offers in your group and choose Offer help. Choose the area, then what of it you know well, a sentence on what you have done, and how you can help: phone, email, video call or in person. Say how many people you can help at once.
help-offer-3 = Add your needs too, under My needs: where you want to grow. They help your group see what is needed, and you can name one when you ask for help.
help-find = Find a peer
help-find-1 = Once you offer enough, open Find help. Choose an area, and if you like an aspect, the ways of helping that suit you and a distance from your town or another you type. People who can help are listed best first, with a map of roughly where they are.
help-find-2 = Places are shown to within about a kilometre, never exactly. Add your own town under My profile so distances can be measured from it.
help-ask = Ask for help
help-ask-1 = Choose Ask for help beside a person found, say what you would like help with and how, and send it. You both get each other's contact details at once, and you can see who has received yours under My profile.
help-ask-2 = Your requests are under My requests. You can cancel a request before it is completed, and once the help is given you can say how helpful it was.
help-answer = Answer a request
help-answer-1 = Requests made to you are under My requests, Asked of me. Accept or decline each; a request not answered within your group's time expires.
help-answer-2 = Once you have helped, mark the request as completed. Your profile shows the help you have given.
help-privacy = What others see
help-privacy-1 = Members of your group see your name, organisation, job title, what you offer and roughly where you are. Your email, phone and video link go only to the other side of a request you make or accept.
help-privacy-2 = Under My account you can download everything stored about you, and erase your account.
help-safeguarding = If something worries you
help-safeguarding-1 = Choose Raise a safeguarding concern from a request or beside a person found. It goes to your group's safeguarding leads, never to the person it is about. If someone is in immediate danger, call 999.

help-setup = Set up a group
help-setup-1 = Create an account, then ask the operator of your exchange to make your group, or make it through the API. As its admin you manage it under Manage the group on the group's home page.
help-setup-2 = Under Settings, choose how many areas a member offers help in before they can search, how long requests wait for an answer, and the join code. Share the join link from the group's home page with the people it is for, or invite them by email under Invitations.
help-areas = Areas and aspects
help-areas-1 = Areas are what people offer and seek help in, such as Curriculum design or School business; aspects are the specific things within them, such as Grant bids. Add them under Areas, one aspect to a line.
help-areas-2 = Removing an area that no one has used deletes it; one that offers, needs or requests refer to is archived instead, keeping its history.
help-questionnaire = The questionnaire
help-questionnaire-1 = To start with everyone in place, ask each person for their top five strengths and top five needs, on paper or online, and load the answers under Import questionnaires. Download the template to see its columns.
help-questionnaire-2 = The file is checked before anything is saved: every problem is listed by line and column, and if there is none you see what each row will do before you import it.
help-questionnaire-3 = People who have no account yet get a link to claim their profile by choosing a password. The links are shown once, after the import, for you to pass on.
help-members = Members
help-members-1 = Under Members you see everyone in the group, with their role and status. You can make someone an admin, suspend a member (which ends their sessions) and restore or remove them.
help-members-2 = Admins see names, email addresses, organisations and approximate places, never phone numbers, video links or exact places.
help-reports = Reports
help-reports-1 = Reports show offers and needs by area, the gaps where more is needed than offered, how requests fare and how the group grows month by month, for a period and an organisation.
help-reports-2 = Every report downloads as a spreadsheet. The audit trail shows every reveal of contact details and every change an admin made.
help-with-page = Help with this page
