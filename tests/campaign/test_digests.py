"""digestStrMd5 … digestStrSha512 (stdlib_js/33_digests.js): lower-case hex digests of a
string's UTF-8 bytes, the same as MemoryBuffer's for that text."""
import hashlib

import pytest

from tests.campaign.campaign_helpers import out


@pytest.mark.parametrize("fn, algo", [
    ("digestStrMd5", "md5"), ("digestStrSha1", "sha1"), ("digestStrSha224", "sha224"),
    ("digestStrSha256", "sha256"), ("digestStrSha384", "sha384"), ("digestStrSha512", "sha512"),
])
def test_each_digest_hashes_the_utf8_bytes_in_lower_case_hex(run_js, fn, algo):
    text = "Zoë <zoe@example.org>"
    assert out(run_js, f'logInfo({fn}("{text}"))') == [hashlib.new(algo, text.encode("utf-8")).hexdigest()]


def test_hashing_a_normalised_email_as_scripts_do(run_js):
    lines = out(run_js, """
var mail = "  Ann.Lee@Example.COM ";
logInfo(digestStrSha256(mail.trim().toLowerCase()));
var b = new MemoryBuffer(); b.fromString("ann.lee@example.com", "utf-8");
logInfo(b.sha256() === digestStrSha256("ann.lee@example.com"));""")
    assert lines == [hashlib.sha256(b"ann.lee@example.com").hexdigest(), "true"]


def test_non_strings_are_hashed_as_their_text_and_null_as_empty(run_js):
    lines = out(run_js, """
logInfo(digestStrMd5(42) === digestStrMd5("42"), digestStrMd5(<a>x</a>.toString()) === digestStrMd5("x"));
logInfo(digestStrMd5(null), digestStrMd5(undefined) === digestStrMd5(""));""")
    assert lines == ["true true", hashlib.md5(b"").hexdigest() + " true"]
