"""Signs one request with botocore's SigV4Auth and sends it with botocore's own HTTP session.

Used by the e2e tests (test/e2e/support/acme.ts) to call the example SaaS as a Python tenant would:
stdin is JSON {method, url, headers, body, service, region, accessKeyId, secretAccessKey, sessionToken?};
stdout is JSON {status, headers, body}. Never prints the secret.
"""
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.httpsession import URLLib3Session


def main() -> None:
    spec = json.load(sys.stdin)
    creds = Credentials(spec["accessKeyId"], spec["secretAccessKey"], spec.get("sessionToken"))
    body = spec.get("body")
    request = AWSRequest(
        method=spec["method"],
        url=spec["url"],
        data=body.encode("utf-8") if body is not None else None,
        headers=spec.get("headers") or {},
    )
    SigV4Auth(creds, spec["service"], spec["region"]).add_auth(request)
    response = URLLib3Session().send(request.prepare())
    json.dump(
        {
            "status": response.status_code,
            "headers": {k.lower(): v for k, v in response.headers.items()},
            "body": response.content.decode("utf-8", "replace"),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
