"""The three reads every signed-in request makes, compiled once (dbreads.first_row): the
session, the user and the two-factor device give what Django's and django-otp's own reads give,
and refuse what they refuse."""

from datetime import timedelta

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import backends, session_store, two_factor
from accounts.backends import PermissionsInOneQueryBackend
from accounts.session_store import SessionStore
from accounts.two_factor import CompiledDeviceOTPMiddleware

from .conftest import KEY_HEX

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_live_session_is_read_as_djangos_store_reads_it():
    session = SessionStore()
    session["answers"] = {"kind": "complaint"}
    session.save()
    ours = SessionStore(session_key=session.session_key)
    django = DjangoSessionStore(session_key=session.session_key)
    assert _fields(ours._get_session_from_db()) == _fields(django._get_session_from_db())
    assert ours.load() == {"answers": {"kind": "complaint"}}


def test_an_expired_or_unknown_session_reads_as_nothing_and_its_key_is_forgotten():
    session = SessionStore()
    session["answers"] = {"kind": "complaint"}
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    for key in (session.session_key, "nosuchsessionkeyatallnosuchkey00"):
        ours = SessionStore(session_key=key)
        assert ours._get_session_from_db() is None
        assert ours.session_key is None
        assert DjangoSessionStore(session_key=key)._get_session_from_db() is None


def test_the_signed_in_user_is_the_model_backends_own(complaints_officer):
    ours = PermissionsInOneQueryBackend().get_user(complaints_officer.pk)
    theirs = ModelBackend().get_user(complaints_officer.pk)
    assert _fields(ours) == _fields(theirs)
    assert ours._state.db == theirs._state.db
    assert ours._state.adding is False
    # The session keeps the id as text: read as the ORM reads it.
    assert PermissionsInOneQueryBackend().get_user(str(complaints_officer.pk)) == theirs


def test_an_inactive_or_deleted_user_is_refused(complaints_officer):
    backend = PermissionsInOneQueryBackend()
    complaints_officer.is_active = False
    complaints_officer.save()
    assert backend.get_user(complaints_officer.pk) is None
    assert ModelBackend().get_user(complaints_officer.pk) is None
    assert backend.get_user(-1) is None


def _verified_user(middleware_class, user, persistent_id):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.session[DEVICE_ID_SESSION_KEY] = persistent_id
    request.user = user
    middleware_class(lambda r: None)._install_lazy_accessors(request)
    return request.user, request.session


@pytest.mark.parametrize("middleware_class", [OTPMiddleware, CompiledDeviceOTPMiddleware])
def test_the_device_is_django_otps_own_read(middleware_class, housing_officer):
    device = TOTPDevice.objects.create(user=housing_officer, key=KEY_HEX, confirmed=True)
    user, _ = _verified_user(middleware_class, housing_officer, device.persistent_id)
    assert user.is_verified()
    assert _fields(user.otp_device) == _fields(TOTPDevice.objects.get(pk=device.pk))


@pytest.mark.parametrize("middleware_class", [OTPMiddleware, CompiledDeviceOTPMiddleware])
def test_another_users_or_an_unconfirmed_device_does_not_verify(
    middleware_class, housing_officer, complaints_officer
):
    theirs = TOTPDevice.objects.create(user=complaints_officer, key=KEY_HEX, confirmed=True)
    unconfirmed = TOTPDevice.objects.create(user=housing_officer, key=KEY_HEX, confirmed=False)
    for device in (theirs, unconfirmed):
        user, session = _verified_user(middleware_class, housing_officer, device.persistent_id)
        assert not user.is_verified()
        assert DEVICE_ID_SESSION_KEY not in session


@pytest.mark.parametrize("middleware_class", [OTPMiddleware, CompiledDeviceOTPMiddleware])
def test_a_deleted_or_malformed_device_id_does_not_verify(middleware_class, housing_officer):
    for persistent_id in ("otp_totp.totpdevice/424242", "otp_totp.totpdevice/x1", "nonsense/1"):
        user, _ = _verified_user(middleware_class, housing_officer, persistent_id)
        assert not user.is_verified()


def test_a_recovery_code_device_is_read_by_django_otp(housing_officer):
    device = StaticDevice.objects.create(user=housing_officer, name="backup", confirmed=True)
    user, _ = _verified_user(CompiledDeviceOTPMiddleware, housing_officer, device.persistent_id)
    assert user.is_verified()
    assert user.otp_device == device


def test_each_read_is_one_query_sent_compiled(housing_officer):
    device = TOTPDevice.objects.create(user=housing_officer, key=KEY_HEX, confirmed=True)
    session = SessionStore()
    session["answers"] = {}
    session.save()
    with CaptureQueriesContext(connection) as captured:
        SessionStore(session_key=session.session_key).load()
        PermissionsInOneQueryBackend().get_user(housing_officer.pk)
        _verified_user(CompiledDeviceOTPMiddleware, housing_officer, device.persistent_id)[
            0
        ].is_verified()
    assert len(captured.captured_queries) == 3
    # Compiled, not the ORM's fallback (a query whose parameters were not as expected).
    for read in (session_store._live_session, backends._user_by_pk, two_factor._totp_device_by_id):
        assert read._compiled[connection.alias] is not None
