"""README.md's tour with curl, walked with a client generated from the served OpenAPI document.

Usage: python openapi-client-tour.py BASE_URL DOCUMENT (the client's package on sys.path).
Every request and every answer is checked against the document by openapi-core; any call the
generated client cannot make, any answer it cannot read and any exchange the document does not
allow fails the walk. Prints one line per exchange and closes on "N passed, N failed".
"""

import json
import sys
from urllib.parse import parse_qs

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from collaborate_client import AuthenticatedClient, Client
from collaborate_client.api.accounts import register, sign_in, sign_out
from collaborate_client.api.groups import create_group, get_group, join_group, update_group
from collaborate_client.api.invitations import invite, list_pending_invitations, revoke_invitation
from collaborate_client.api.members import get_my_profile, list_members, update_profile
from collaborate_client.api.offers_and_needs import create_need, create_offer
from collaborate_client.api.reports import get_report, get_report_csv
from collaborate_client.api.requests import (
    accept_request,
    complete_request,
    create_request,
    get_request,
    give_feedback,
)
from collaborate_client.api.search import search
from collaborate_client.api.taxonomy import create_area, list_areas
from collaborate_client.models import (
    AccountBody,
    ErrorBody,
    FeedbackInput,
    GroupPatch,
    InvitationInput,
    JoinInput,
    LocationInput,
    NewAreaInput,
    NewGroupInput,
    NewNeedInput,
    NewOfferInput,
    NewRequestInput,
    ProfilePatch,
    RegisterInput,
    SettingsInput,
    SignInInput,
)

base_url, document_path = sys.argv[1], sys.argv[2]
# A CSV answer is text: openapi-core reads only JSON and forms without being told.
csv_is_text = Config(
    extra_media_type_deserializers={
        "text/csv": lambda data, charset="utf-8", **_: data.decode(charset)
    }
)
with open(document_path, encoding="utf-8") as file:
    openapi = OpenAPI.from_dict(json.load(file), config=csv_is_text)
passed, failed = 0, []


class CheckedRequest:
    """An httpx request as openapi-core reads one."""

    def __init__(self, request: httpx.Request):
        url = request.url
        self.host_url = f"{url.scheme}://{url.netloc.decode()}"
        self.path = url.path
        self.method = request.method.lower()
        self.body = request.content or None
        self.content_type = request.headers.get("content-type", "")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(url.query.decode())),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )


class CheckedResponse:
    """An httpx response as openapi-core reads one."""

    def __init__(self, response: httpx.Response):
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(dict(response.headers))
        self.data = response.content


def check(response: httpx.Response) -> None:
    """Validates one exchange against the document, noting the outcome."""
    global passed
    response.read()
    request = CheckedRequest(response.request)
    line = f"{request.method.upper()} {request.path} -> {response.status_code}"
    try:
        openapi.validate_request(request)
        openapi.validate_response(request, CheckedResponse(response))
    except Exception as error:  # every kind of refusal is a failure of the walk
        failed.append(f"{line}: {error!r}: {getattr(error, '__cause__', None)!r}")
        print(f"not ok {line}: {error!r}", flush=True)
        return
    passed += 1
    print(f"ok {line}", flush=True)


def client(token=None):
    """A generated client that checks every exchange; signed in with `token` if given."""
    settings = dict(
        base_url=base_url,
        raise_on_unexpected_status=True,
        httpx_args={"event_hooks": {"response": [check]}},
    )
    return AuthenticatedClient(token=token, **settings) if token else Client(**settings)


def expect(kind, answer):
    """`answer`, which must be a `kind`."""
    if not isinstance(answer, kind):
        raise AssertionError(f"expected a {kind.__name__}, got {answer!r}")
    return answer


anyone = client()
people = {
    "ada": ("ada@example.org", "correct horse battery", "Ada"),
    "bo": ("bo@example.org", "battery staple horse", "Bo"),
}
tokens = {}
# Two people register and sign in.
for who, (email, password, name) in people.items():
    account = register.sync(
        client=anyone,
        body=RegisterInput(email=email, password=password, display_name=name),
    )
    assert expect(AccountBody, account).email == email
for who, (email, password, _) in people.items():
    # A client of its own: one that kept the first session's cookie would be signed in already.
    session = sign_in.sync(client=client(), body=SignInInput(email=email, password=password))
    tokens[who] = session.token
ada, bo = client(tokens["ada"]), client(tokens["bo"])

# Ada creates a group and its areas of support; Bo joins with the group's code.
created = create_group.sync(
    client=ada, body=NewGroupInput(name="West Yorkshire schools", growth_mode="organic")
)
group = created.group.id
code = created.group.settings.join_code
areas = {}
for name, aspect in [
    ("Curriculum design", "KS3 science"),
    ("Budget planning", "Grant bids"),
    ("Wellbeing", "Staff wellbeing"),
]:
    areas[name] = create_area.sync(group, client=ada, body=NewAreaInput(name=name, aspects=[aspect])).id
join_group.sync(group, client=bo, body=JoinInput(join_code=code))
list_areas.sync(group, client=bo)

# To seek, you must offer: Bo's search is refused until Bo offers help in three areas.
refused = search.sync(group, client=bo, area_id=areas["Budget planning"])
assert expect(ErrorBody, refused).code == "reciprocity_required", refused
for person in (ada, bo):
    for name, aspect, description, modes in [
        ("Curriculum design", "KS3 science", "Schemes of work that worked", ["video", "email"]),
        ("Budget planning", "Grant bids", "Three bids funded", ["video", "email"]),
        ("Wellbeing", "Staff wellbeing", "A staff survey", ["phone"]),
    ]:
        create_offer.sync(
            group,
            client=person,
            body=NewOfferInput(
                area_id=areas[name], aspects=[aspect], description=description, modes=modes
            ),
        )
profile = get_my_profile.sync(group, client=bo)
assert profile.contributor, profile
create_need.sync(
    group,
    client=bo,
    body=NewNeedInput(area_id=areas["Budget planning"], description="A first bid"),
)

# A profile's place is set, then taken away again (null).
update_profile.sync(
    group,
    client=bo,
    body=ProfilePatch(location=LocationInput(label="Leeds", lat=53.8, lon=-1.55)),
)
assert get_my_profile.sync(group, client=bo).member.location.label == "Leeds"
update_profile.sync(group, client=bo, body=ProfilePatch(location=None))
assert get_my_profile.sync(group, client=bo).member.location is None

# Bo finds Ada, asks for help and gets her contact details.
found = search.sync(
    group, client=bo, area_id=areas["Budget planning"], aspect="grant bids", mode=["video"]
)
offer = found.items[0].offer_id
sent = create_request.sync(
    group,
    client=bo,
    body=NewRequestInput(offer_id=offer, message="Could you look over our bid?", mode="video"),
)
request = sent.request.id

# Ada accepts, the help happens, Bo rates it.
accept_request.sync(group, request, client=ada)
complete_request.sync(group, request, client=bo)
give_feedback.sync(
    group, request, client=bo, body=FeedbackInput(rating=5, comment="Exactly what we needed")
)
assert get_request.sync(group, request, client=ada).request.feedback.rating == 5

# Ada, an admin, sees who is in the group, invites Cy, sees the invitation pending, withdraws it.
list_members.sync(group, client=ada)
invitation = invite.sync(group, client=ada, body=InvitationInput(email="cy@example.org")).id
list_pending_invitations.sync(group, client=ada)
revoke_invitation.sync_detailed(group, invitation, client=ada)

# The group's settings change; its reports, as JSON and as a CSV file.
update_group.sync(group, client=ada, body=GroupPatch(settings=SettingsInput(min_offers=2)))
assert get_group.sync(group, client=ada).settings.min_offers == 2
for name in ["overview", "areas", "gaps", "requests", "feedback"]:
    assert get_report.sync(group, name, client=ada).report == name
csv = get_report_csv.sync(group, "aspects", client=ada)
assert isinstance(csv, str) and csv.startswith("\ufeff"), csv

# Signing out ends the session.
sign_out.sync_detailed(client=bo)

print("\n".join(failed), file=sys.stderr)
print(f"{passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
