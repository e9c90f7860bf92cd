"""Drives a real Tessera with the official GenAuth Python SDK (authing-py-sdk, vendored) for
test/compat/python-sdk.test.ts.

One process runs one scenario group. It only calls the SDK (and, for the V2 redemption the SDK lacks,
`requests`): every answer is reported to the test, which asserts on it. What only the test can know
(a TOTP at the server's manual clock, a code in the outbox) is asked for over the same pipe.

Protocol, one JSON object per line: stdout `{"report": name, "value": ...}` or `{"ask": kind, ...}`;
an ask is answered by one JSON line on stdin.
"""
import json
import sys

import requests
from authing import AuthenticationClient


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def report(name, value):
    send({"report": name, "value": value})
    return value


def ask(kind, **details):
    send({"ask": kind, **details})
    line = sys.stdin.readline()
    if not line:
        raise SystemExit("the test closed the pipe while asked for " + kind)
    return json.loads(line)["answer"]


def client_for(setup, lang=None):
    return AuthenticationClient(app_id=setup["appId"], app_secret=setup["appSecret"],
                                app_host=setup["url"], lang=lang)


def sign_up_and_in(client, email, password):
    report("signUp", client.sign_up_by_email_password(email=email, password=password))
    signed_in = report("signIn", client.sign_in_by_email_password(email=email, password=password))
    client.set_access_token(signed_in["data"]["access_token"])


def bind_otp(client):
    """Binds an authenticator app; answers the otpauth URI, as the app would scan it."""
    started = report("otpStart", client.send_enroll_factor_request(profile={}, factor_type="OTP"))
    uri = started["data"]["otpData"]["qrCodeUri"]
    report("otpEnroll", client.enroll_factor(enrollment_data={"passCode": ask("totp", uri=uri)},
                                             enrollment_token=started["data"]["enrollmentToken"], factor_type="OTP"))
    return uri


def bind_by_code(client, factor_type, profile, delivered_to):
    started = report(factor_type + "Start", client.send_enroll_factor_request(profile=profile, factor_type=factor_type))
    report(factor_type + "Enroll", client.enroll_factor(enrollment_data={"passCode": ask("code", to=delivered_to)},
                                                        enrollment_token=started["data"]["enrollmentToken"],
                                                        factor_type=factor_type))


def factor_lifecycle(setup):
    """sign-up -> sign-in -> bind OTP, SMS, EMAIL -> list -> get_factor -> mfa_otp_verify -> reset_factor."""
    client = client_for(setup)
    email, password, phone = setup["email"], setup["password"], setup["phone"]
    sign_up_and_in(client, email, password)
    uri = bind_otp(client)
    ask("advance", seconds=30)  # the code that confirmed the binding is spent
    bind_by_code(client, "SMS", {"phoneNumber": phone, "phoneCountryCode": "+86"}, "+86" + phone)
    bind_by_code(client, "EMAIL", {"email": email}, email)

    listed = report("listEnrolled", client.list_enrolled_factors())
    by_type = {factor["factorType"]: factor["factorId"] for factor in listed["data"]}
    for factor_type in ("OTP", "SMS", "EMAIL"):
        report("getFactor" + factor_type, client.get_factor(factor_id=by_type[factor_type]))

    code = ask("totp", uri=uri)
    report("otpVerify", client.mfa_otp_verify(totp=code))
    report("otpVerifyReplayed", client.mfa_otp_verify(totp=code))

    report("resetSms", client.reset_factor(factor_id=by_type["SMS"]))
    report("listAfterReset", client.list_enrolled_factors())
    report("getResetFactor", client.get_factor(factor_id=by_type["SMS"]))


def languages(setup):
    """The same failures in Chinese (the default) and in English (`lang`)."""
    email, password = setup["langEmail"], setup["password"]
    client_for(setup).sign_up_by_email_password(email=email, password=password)
    for lang in ("zh-CN", "en-US"):
        client = client_for(setup, lang=lang)
        report("wrongPassword:" + lang, client.sign_in_by_email_password(email=email, password="not the password"))
        signed_in = client.sign_in_by_email_password(email=email, password=password)
        client.set_access_token(signed_in["data"]["access_token"])
        report("unknownFactor:" + lang, client.get_factor(factor_id="no-such-factor"))


def wire_quirks(setup):
    """What this SDK sends differently: a nested None (sent as null), no client credentials under
    client_secret_basic (it never sends the Basic header either: it matches full URLs against paths)."""
    basic = AuthenticationClient(app_id=setup["basicAppId"], app_secret=setup["basicAppSecret"],
                                 app_host=setup["url"], token_endpoint_auth_method="client_secret_basic")
    email, password = setup["basicEmail"], setup["password"]
    basic.sign_up_by_email_password(email=email, password=password)
    signed_in = report("basicSignIn", basic.sign_in_by_email_password(email=email, password=password))
    basic.set_access_token(signed_in["data"]["access_token"])
    report("nullCountryCode", basic.send_enroll_factor_request(
        profile={"phoneNumber": setup["basicPhone"], "phoneCountryCode": None}, factor_type="SMS"))


def mfa_sign_in(setup):
    """A user with OTP bound: the 1635 answer, then the second step over HTTP (the SDK has no V2 method)."""
    client = client_for(setup)
    sign_up_and_in(client, setup["email"], setup["password"])
    uri = bind_otp(client)
    ask("advance", seconds=30)

    fresh = client_for(setup)
    challenge = report("challenge", fresh.sign_in_by_email_password(email=setup["email"], password=setup["password"]))
    mfa_token = challenge["data"]["mfaToken"]
    fresh.set_access_token(mfa_token)  # the SDK sends no body: the token travels in authorization
    report("mfaTokenIntrospected", fresh.verify_mfa_token(token=mfa_token))
    headers = {"authorization": "Bearer " + mfa_token, "x-authing-app-id": setup["appId"]}
    report("wrongTotp", requests.post(setup["url"] + "/api/v2/mfa/totp/verify", json={"totp": "000000"},
                                      headers=headers, timeout=10).json())
    done = report("redeemed", requests.post(setup["url"] + "/api/v2/mfa/totp/verify", json={"totp": ask("totp", uri=uri)},
                                            headers=headers, timeout=10).json())
    report("redeemedAgain", requests.post(setup["url"] + "/api/v2/mfa/totp/verify", json={"totp": "000000"},
                                          headers=headers, timeout=10).json())
    fresh.set_access_token(done["data"]["token"])
    report("listWithNewToken", fresh.list_enrolled_factors())
    report("profile", fresh.get_profile())


SCENARIOS = {"factor-lifecycle": factor_lifecycle, "languages": languages, "wire-quirks": wire_quirks,
             "mfa-sign-in": mfa_sign_in}

if __name__ == "__main__":
    scenario, setup = sys.argv[1], json.loads(sys.argv[2])
    for name in scenario.split(","):
        SCENARIOS[name](setup)
