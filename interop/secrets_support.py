"""Constants and helpers of the Secrets Manager tests (test_secrets_*.py)."""
import re
import uuid

from support import ACCESS_KEY, ACCOUNT, REGION, SECRET_KEY, make_client

SECRET_ARN = re.compile(rf"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:(?P<name>[A-Za-z0-9/_+=.@-]+)-[A-Za-z0-9]{{6}}")
NOT_FOUND_MESSAGE = "Secrets Manager can't find the specified secret."
MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion."


def make_secrets_client(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, region=REGION):
    """A secretsmanager client that makes exactly one attempt per call."""
    return make_client(endpoint, access_key, secret_key, service="secretsmanager", region=region)


def secret_name(label):
    """A secret name (of the characters a MediaUriSecretArn allows) no other test or run uses."""
    words = re.sub(r"[^a-zA-Z0-9]+", "-", label).strip("-")[:40]
    return f"cam_{words}_{uuid.uuid4().hex[:10]}"


def camera_uri(password=None):
    """The SecretString of a camera, as the AWS edge tutorial writes it."""
    return '{"MediaURI":"rtsp://admin:%s@10.0.0.5:554/stream1"}' % (password or uuid.uuid4().hex)


def partial_arn(arn):
    return arn[: -len("-XXXXXX")]
