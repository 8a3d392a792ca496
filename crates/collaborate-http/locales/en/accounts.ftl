# Getting in: the start page, creating an account, signing in.

start-title = Welcome
start-heading = Help each other grow
start-lead = A private exchange where colleagues offer help where they are strong and find a peer where they want to grow.
start-step-offer = Say where you can help: an area, what you know of it, and how you help.
start-step-find = Find a peer who can help you, near you or online.
start-step-ask = Ask them for help: you both get each other's contact details.
start-create = Create an account
start-have-account = Already have an account?
start-unchecked = This server sends no email, so the addresses people give are not checked: anyone can create an account with any address. Fine for a first try; give the server its mail settings before a group relies on it.

sign-up-title = Create an account
sign-up-submit = Create account
check-inbox-title = Check your inbox
check-inbox-sent = We sent an email to { $email }. Open the link in it within a day to finish creating your account.
check-inbox-then = Once you have confirmed your address, come back here:
check-inbox-continue = continue where you were going
check-inbox-more = The link shows that the address is yours, so nobody can join a group as you. Nothing arrived? Look in your spam folder, or create the account again for a new link.
confirm-address-title = Confirm your email address
confirm-address-what = Give the password you chose when you created your account, to finish creating it. You are then signed in, and can join groups and ask for help.
confirm-address-password = The password you chose
confirm-address-wrong-password = This is not the password chosen when the account was created. If you did not create one, ignore the email: nothing is made.
confirm-address-account-what = Choose your password to confirm this address is yours. You are then signed in here, and signed out everywhere else.
confirm-address-gone = This link has been used, or is more than a day old. If your address is confirmed, sign in; otherwise create your account again for a new link.
confirm-address-submit = Confirm my address
confirm-address-taken = This address has an account already. Sign in with it, or ask for a new password if you have forgotten it.
sign-in-title = Sign in
sign-in-submit = Sign in
sign-in-no-account = No account yet?
sign-in-forgotten = Forgotten your password?

field-display-name = Your name
hint-display-name = The name other members see.
field-email = Email address
field-password = Password
hint-password = At least 10 characters. A few words you will remember is a good password.

invalid-display_name = Enter your name, without control characters, in at most 100 characters
invalid-email = Enter an email address in the correct format, like name@example.com
invalid-email-taken = An account with this email address already exists: sign in instead
invalid-password = Enter a password of 10 to 256 characters
invalid-current_password = Enter the password you sign in with now
invalid-new_password = Enter a new password of 10 to 256 characters
invalid-credentials = The email address or password is not right
invalid-credentials-or-unconfirmed = The email address or password is not right. If you have just created your account, first open the link we emailed you.

nav-account = My account
account-title = My account
account-language = Language
account-language-field = Read the exchange in
account-language-hint = Your choice follows you to every device you sign in on. Otherwise the language your browser asks for is used, when the exchange has it.
account-language-browser = The language my browser asks for
account-language-save = Save language
account-language-saved = Your language is saved.
invalid-language = Choose one of the languages listed
account-data = Your data
account-data-what = Download everything stored about you, in every group: your account, profiles, offers, needs, requests, and who received your contact details.
account-download = Download my data (JSON)
account-erase = Erase your account
account-erase-what = Your personal details are removed from every group and you are signed out everywhere. Requests and ratings stay, without anything that points to you. This cannot be undone. If you are a group's last admin, name another admin first.
account-erase-password = Your password, to confirm
account-erase-submit = Erase my account
invalid-credentials-password = The password is not right

account-address = Your email address is not confirmed
account-address-what = Before you join a group by its code, start a group or ask for help, open a link we send to your address. It shows that the address is yours.
account-address-submit = Send me the link
account-address-sent = A link is on its way to your address. It works once, within a day.

account-password = Password
account-password-what = Changing your password signs you out everywhere else.
field-current-password = Your password now
account-password-submit = Change password
account-password-changed = Your password is changed. You are signed out everywhere else.

forgotten-title = Forgotten your password?
forgotten-what = Give the address you sign in with. If it has an account, we send it a link to choose a new password.
forgotten-submit = Send the link
forgotten-sent = If { $email } has an account, a link to choose a new password is on its way.
forgotten-sent-more = The link works once, within an hour. Nothing arrived? Look in your spam folder, or ask again.
choose-password-title = Choose a new password
choose-password-what = Once it is set, you are signed out everywhere and sign in with the new one.
choose-password-submit = Set my password
choose-password-done = Your new password is set, and every session of your account has ended.

## Signing in with a school's provider
outside-heading = Or use your school's account
outside-sign-in-with = Sign in with { $provider }
outside-try-again = Try again from the sign-in page, or sign in with your email address and password.
outside-cancelled-title = Sign-in cancelled
outside-cancelled = { $provider } did not sign you in: the sign-in was cancelled or refused there.
outside-expired-title = This sign-in has expired
outside-expired = This sign-in with { $provider } was not started in this browser in the last ten minutes, or it was finished already, so nobody was signed in.
outside-unavailable-title = The sign-in service is not answering
outside-unavailable = { $provider } could not be reached, or did not answer as it should. Nothing was changed.
outside-refused-title = Sign-in not accepted
outside-refused = What { $provider } sent back did not prove who signed in, so nobody was signed in.
outside-unverified-title = Your email address is not verified
outside-unverified = { $provider } did not say that it has verified your email address, so it cannot sign you in here. Ask your school's IT team to verify it, or sign in with your email address and password.
outside-erased-title = This account was erased
outside-erased = The account that { $provider } would sign you in to was erased: nobody can sign in to it.
