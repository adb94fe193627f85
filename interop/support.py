"""Constants and helpers the fixtures and tests share."""
import re
import uuid

import boto3
from botocore.config import Config

REGION = "us-east-1"
ACCOUNT = "123456789012"
ACCESS_KEY = "test"
SECRET_KEY = "test"
STREAM_ARN = re.compile(rf"arn:aws:kinesisvideo:{REGION}:{ACCOUNT}:stream/(?P<name>[a-zA-Z0-9_.-]+)/(?P<created>\d{{13}})")
NOT_FOUND_MESSAGE = "The requested stream is not found or not active."


def make_client(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY):
    """A kinesisvideo client that makes exactly one attempt per call, so every error is seen as sent."""
    return boto3.session.Session().client(
        "kinesisvideo",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(retries={"max_attempts": 1}),
    )


def unique_name(label, prefix="it"):
    """A valid stream name that no other test, nor an earlier run against the same server, uses."""
    words = re.sub(r"[^a-zA-Z0-9]+", "-", label).strip("-")[:48]
    return f"{prefix}_{words}_{uuid.uuid4().hex[:10]}"
