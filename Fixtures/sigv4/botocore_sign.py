#!/usr/bin/env python3
"""Signs requests with botocore's SigV4Auth for the differential test.

Reads a JSON list of requests on stdin: {method, url, headers: [[name, value]], body, region,
service, access_key_id, secret_access_key, session_token, timestamp (YYYYMMDDTHHMMSSZ)}.
Writes a JSON list of {canonical_request, authorization} on stdout. The url's path must already
be percent-encoded as on the wire (botocore signs the URL it is given).
"""
import datetime
import json
import sys
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(req):
    creds = Credentials(req["access_key_id"], req["secret_access_key"], req.get("session_token"))
    aws_request = AWSRequest(method=req["method"], url=req["url"], data=req["body"].encode("utf-8"))
    for name, value in req["headers"]:
        aws_request.headers[name] = value
    stamp = datetime.datetime.strptime(req["timestamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    auth = SigV4Auth(creds, req["service"], req["region"])
    with mock.patch("botocore.auth.get_current_datetime", return_value=stamp.replace(tzinfo=None)):
        auth.add_auth(aws_request)
    authorization = aws_request.headers["Authorization"]
    del aws_request.headers["Authorization"]
    canonical = auth.canonical_request(aws_request)
    return {"canonical_request": canonical, "authorization": authorization}


def main():
    requests = json.load(sys.stdin)
    json.dump([sign(r) for r in requests], sys.stdout)


if __name__ == "__main__":
    main()
