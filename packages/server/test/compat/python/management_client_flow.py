"""Drives Tessera's management API with the official Python ManagementClient (vendored authing-py-sdk).

Usage: management_client_flow.py  (reads TESSERA_URL, ACCESS_KEY_ID, ACCESS_KEY_SECRET, APP_ID, OTP_USER_ID
from the environment) and prints one JSON object: the answer of every call, by name.
"""
import json
import os
import sys

from authing import ManagementClient

env = os.environ
client = ManagementClient(access_key_id=env["ACCESS_KEY_ID"], access_key_secret=env["ACCESS_KEY_SECRET"],
                          host=env["TESSERA_URL"], lang="en-US")
otp_user = env["OTP_USER_ID"]
answers = {}

answers["create_user"] = client.create_user(email="py-mgmt@example.com", username="py-mgmt", external_id="py-legacy-1",
                                            nickname="Py", password="a long passphrase")
user_id = answers["create_user"].get("data", {}).get("userId")
answers["get_user"] = client.get_user(user_id=user_id)
answers["get_user_by_external_id"] = client.get_user(user_id="py-legacy-1", user_id_type="external_id")
answers["update_user"] = client.update_user(user_id=user_id, nickname="Pyth")
answers["list_users"] = client.list_users(advanced_filter=[{"field": "username", "operator": "EQUAL", "value": "py-mgmt"}],
                                          options={"pagination": {"page": 1, "limit": 5}})
answers["get_user_mfa_info"] = client.get_user_mfa_info(user_id=otp_user)
answers["get_user_mfa_status"] = client.get_user_mfa_status(user_id=otp_user)
answers["set_users_mfa_status"] = client.set_users_mfa_status(
    user_id=otp_user, mfa_trigger_data={"mfaToken": "py", "applicationMfa": [{"mfaPolicy": "OTP", "status": 1, "sort": 0}]})
answers["get_mfa_trigger_data"] = client.get_mfa_trigger_data(app_id=env["APP_ID"], user_id=otp_user)
answers["update_application_mfa_settings"] = client.update_application_mfa_settings(app_id=env["APP_ID"],
                                                                                   enabled_factors=["OTP", "SMS", "EMAIL"])
answers["get_global_mfa_settings"] = client.get_global_mfa_settings()
answers["update_global_mfa_settings"] = client.update_global_mfa_settings(enabled_factors=["OTP", "SMS", "EMAIL", "FACE"])
answers["create_user_with_otp"] = client.create_user(email="py-otp-import@example.com",
                                                     otp={"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"})
answers["import_otp"] = client.import_otp(list=[{"userId": user_id, "otp": {"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}},
                                                {"userId": "nobody", "otp": {"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}}])
answers["get_imported_mfa_info"] = client.get_user_mfa_info(user_id=user_id)
answers["get_otp_secret_by_user"] = client.get_otp_secret_by_user(user_id=otp_user)
answers["delete_users_batch"] = client.delete_users_batch(user_ids=[user_id])
answers["get_deleted_user"] = client.get_user(user_id=user_id)

json.dump(answers, sys.stdout)
