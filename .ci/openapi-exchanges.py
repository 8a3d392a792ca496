"""Every answer the route tests received, checked against the served document by openapi-core.

Usage: python openapi-exchanges.py DOCUMENT EXCHANGES, EXCHANGES being the lines the route tests
write when COLLABORATE_TEST_EXCHANGES names a file. Requests are not checked: many are refused
on purpose. Answers to paths and methods the document does not have are not its business.
Closes on "N passed, N failed".
"""

import json
import sys
from urllib.parse import parse_qs, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from werkzeug.datastructures import Headers, ImmutableMultiDict

document_path, exchanges_path = sys.argv[1], sys.argv[2]
# CSV and calendar answers are text: openapi-core reads only JSON and forms without being told.
def text(data, charset="utf-8", **_):
    return data.decode(charset)


text_answers = Config(
    extra_media_type_deserializers={"text/csv": text, "text/calendar": text}
)
with open(document_path, encoding="utf-8") as file:
    openapi = OpenAPI.from_dict(json.load(file), config=text_answers)


class Request:
    """A recorded request as openapi-core reads one."""

    def __init__(self, exchange):
        url = urlsplit(exchange["path"])
        sent = exchange["request"] or {}
        self.host_url = "http://localhost"
        self.path = url.path
        self.method = exchange["method"].lower()
        self.body = sent["body"].encode() if sent else None
        self.content_type = sent.get("content_type", "")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(url.query)),
            header=Headers({"content-type": self.content_type}),
            cookie=ImmutableMultiDict(),
        )


class Response:
    """A recorded answer as openapi-core reads one."""

    def __init__(self, exchange):
        self.status_code = exchange["status"]
        self.headers = Headers(exchange["headers"])
        self.content_type = self.headers.get("content-type", "")
        self.data = exchange["body"].encode()


passed, failed, skipped = 0, [], 0
with open(exchanges_path, encoding="utf-8") as lines:
    for line in lines:
        exchange = json.loads(line)
        what = f"{exchange['method']} {exchange['path']} -> {exchange['status']}"
        try:
            openapi.validate_response(Request(exchange), Response(exchange))
        except (PathNotFound, OperationNotFound):
            skipped += 1
            continue
        except Exception as error:  # every kind of refusal is a failure
            failed.append(f"{what}: {error!r}: {error.__cause__!r}")
            continue
        passed += 1
print("\n".join(sorted(set(failed))), file=sys.stderr)
print(f"exchanges: {passed} passed, {len(failed)} failed, {skipped} skipped")
sys.exit(1 if failed or not passed else 0)
