"""SMS notices sent through Alibaba Cloud SMS (dysmsapi 2017-05-25), against the local provider
simulator (server.smssim, a real HTTP server on 127.0.0.1 that checks our signature with the test
AccessKeySecret and the template code/parameters): what the citizen's phone gets, what the
operator sees (status), what the provider is asked (retries, rate limit), what the log holds."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import add_kiosk, create_app
from server.db import SmsNotice, make_engine, make_sessionmaker, utcnow
from server.main import main
from server.smsconfig import SmsConfigError, load_sms_config
from server.smsgateway import rpc_signature
from server.smssender import open_provider, send_round
from server.smssim import AliyunSmsSimulator

from .conftest import KIOSK, SignedClient, free_port, make_settings, old_release_database
from .test_sms_notices import BEARER, _move, _submit

READY = "SMS_SIM_READY_FOR_PICKUP"
MAILED = "SMS_SIM_MAILED"
PHONES = ("13912345678", "13712345678", "13612345678")


def test_signature_matches_the_documented_example() -> None:
    # Alibaba Cloud "API 签名机制（示例）" (https://developer.aliyun.com/ask/210168): AccessKey
    # testid/testsecret, GET DescribeRegions → CT9X0VtwR86fNWSnsc6v8YGOjuE=.
    params = {
        "TimeStamp": "2016-02-23T12:46:24Z",
        "Format": "XML",
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "Version": "2014-05-26",
        "SignatureVersion": "1.0",
    }
    assert rpc_signature("GET", params, "testsecret") == "CT9X0VtwR86fNWSnsc6v8YGOjuE="


@pytest.fixture
def sim() -> Iterator[AliyunSmsSimulator]:
    with AliyunSmsSimulator() as s:
        yield s


def write_config(
    tmp_path: Path,
    endpoint: str,
    key_id: str,
    secret: str,
    extra: str = "",
    name: str = "sms",
    templates: str = f'[templates.ready_for_pickup]\ncode = "{READY}"\nparams = ["case_number"]\n'
    f'[templates.mailed]\ncode = "{MAILED}"\nparams = ["case_number"]\n',
) -> str:
    keys = tmp_path / f"{name}-keys.toml"
    keys.write_text(f'access_key_id = "{key_id}"\naccess_key_secret = "{secret}"\n')
    conf = tmp_path / f"{name}.toml"
    conf.write_text(
        f'provider = "aliyun"\nendpoint = "{endpoint}"\nsign_name = "公安政务服务"\n'
        f'access_key_file = "{keys}"\nfirst_backoff_s = 30\n'
        f"{extra}\n{templates}",
        encoding="utf-8",
    )
    return str(conf)


class Centre:
    """The server app (SQLite) with an SMS configuration, a signed kiosk and the sender."""

    def __init__(self, tmp_path: Path, sms_config: str, db_url: str = "") -> None:
        db_url = db_url or f"sqlite:///{tmp_path / 'server.db'}"
        self.settings = make_settings(db_url, sms_config=sms_config)
        self.app = create_app(self.settings)
        self.http = TestClient(self.app)
        self.kiosk = SignedClient(self.http, KIOSK, add_kiosk(self.settings, KIOSK))
        self.config = self.app.state.sms_config

    def case(self, phone: str, status: str = "ready_for_pickup") -> str:
        number = _submit(self.kiosk, {"phone": phone})
        _move(self.kiosk, number, status)
        return number

    def send(self, now: Any = None) -> Any:
        with open_provider(self.config) as provider:
            return send_round(self.app.state.sm, provider, self.config, now=now)

    def status(self, number: str) -> list[tuple[str, str]]:
        resp = self.http.get("/api/v1/sms-notices", params={"case_number": number}, headers=BEARER)
        return [(n["trigger"], n["status"]) for n in resp.json()["notices"]]

    def row(self, number: str) -> SmsNotice:
        with self.app.state.sm() as s:
            return s.query(SmsNotice).filter_by(case_number=number).one()

    def close(self) -> None:
        self.http.close()
        self.app.state.engine.dispose()


@pytest.fixture
def centre(tmp_path: Path, sim: AliyunSmsSimulator, db_url: str) -> Iterator[Centre]:
    """On SQLite and (with KIOSK_TEST_POSTGRES_URL) PostgreSQL."""
    c = Centre(
        tmp_path,
        write_config(tmp_path, sim.url, sim.key_id, sim.key_secret, "per_number_per_hour = 2"),
        db_url,
    )
    yield c
    c.close()


def test_send_retry_receipt_cycle_without_a_phone_number_in_the_log(
    centre: Centre, sim: AliyunSmsSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # everything, the HTTP library's debug lines included
    a, b, c = (centre.case(p) for p in PHONES)
    sim.state.undeliverable.add(PHONES[1])
    sim.fail_next("isv.BUSINESS_LIMIT_CONTROL")  # provider flow control on the first message
    sim.state.hold_receipts = True  # the carriers have not answered yet
    t0 = utcnow()

    centre.send(now=t0)
    assert centre.status(a) == [("ready_for_pickup", "recorded")]  # waits for its retry
    assert centre.status(b) == [("ready_for_pickup", "sent")]
    assert centre.status(c) == [("ready_for_pickup", "sent")]
    assert sim.sends() == 3
    # What the citizen's phone shows: the approved template, the signature, the case number.
    got = {m.phone: m for m in sim.messages}
    msg = got[PHONES[2]]
    assert msg.template_code == READY and msg.params == {"case_number": c}
    assert msg.text.startswith("【公安政务服务】") and c in msg.text and "领取" in msg.text

    sim.state.hold_receipts = False
    centre.send(now=t0 + timedelta(seconds=10))  # before the backoff: not asked again
    assert sim.sends() == 3
    assert centre.status(b) == [("ready_for_pickup", "failed")]  # receipt: undeliverable
    assert centre.row(b).error_code == "UNDELIV"
    assert centre.status(c) == [("ready_for_pickup", "delivered")]

    sim.fail_next("isp.SYSTEM_ERROR", http_status=500)
    centre.send(now=t0 + timedelta(seconds=31))
    assert sim.sends() == 4 and centre.status(a) == [("ready_for_pickup", "recorded")]
    row = centre.row(a)
    assert row.attempts == 2 and row.error_code == "isp.SYSTEM_ERROR"
    assert row.next_attempt_at == t0 + timedelta(seconds=31 + 60)  # doubled

    centre.send(now=t0 + timedelta(seconds=92))
    centre.send(now=t0 + timedelta(seconds=100))
    assert centre.status(a) == [("ready_for_pickup", "delivered")]
    assert sim.sends() == 5 and [m.phone for m in sim.messages].count(PHONES[0]) == 1

    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "-> sent" in logged and "isv.BUSINESS_LIMIT_CONTROL" in logged and "UNDELIV" in logged
    for phone in PHONES:
        assert phone not in logged and phone[-8:] not in logged


def test_a_permanent_error_is_not_retried(centre: Centre, sim: AliyunSmsSimulator) -> None:
    number = centre.case(PHONES[0])
    sim.fail_next("isv.MOBILE_NUMBER_ILLEGAL")
    t0 = utcnow()
    centre.send(now=t0)
    centre.send(now=t0 + timedelta(hours=2))
    assert sim.sends() == 1
    assert centre.status(number) == [("ready_for_pickup", "failed")]
    assert centre.row(number).error_code == "isv.MOBILE_NUMBER_ILLEGAL"


def test_backoff_is_capped_and_attempts_run_out(tmp_path: Path, sim: AliyunSmsSimulator) -> None:
    conf = write_config(
        tmp_path, sim.url, sim.key_id, sim.key_secret, "max_attempts = 4\nmax_backoff_s = 90"
    )
    centre = Centre(tmp_path, conf)
    try:
        number = centre.case(PHONES[0])
        sim.fail_next("isv.BUSINESS_LIMIT_CONTROL", times=10)
        now = utcnow()
        waits = []
        for _ in range(3):
            centre.send(now=now)
            row = centre.row(number)
            assert row.status == "recorded" and row.next_attempt_at is not None
            waits.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at
        assert waits == [30, 60, 90]  # 30, 60, then capped (120 → 90)
        centre.send(now=now)
        assert sim.sends() == 4
        assert centre.status(number) == [("ready_for_pickup", "failed")]
        centre.send(now=now + timedelta(hours=5))
        assert sim.sends() == 4
    finally:
        centre.close()


def test_rate_limit_per_number(centre: Centre, sim: AliyunSmsSimulator) -> None:
    same = PHONES[0]
    first, second, third = (centre.case(same) for _ in range(3))
    t0 = utcnow()
    centre.send(now=t0)
    assert sim.sends() == 2  # per_number_per_hour = 2
    assert centre.status(third) == [("ready_for_pickup", "rate_limited")]
    assert [centre.status(n) for n in (first, second)] == [[("ready_for_pickup", "delivered")]] * 2
    # Another number is not limited by it; an hour later this number gets messages again.
    other = centre.case(PHONES[1])
    later = centre.case(same, "mailed")
    _move(centre.kiosk, first, "mailed")
    centre.send(now=t0 + timedelta(minutes=61))
    assert centre.status(other)[0][1] in ("sent", "delivered")
    assert centre.status(later)[0][1] in ("sent", "delivered")
    assert [t for t, s in centre.status(first) if s == "rate_limited"] == []  # 2 in the new hour
    assert sim.sends() == 5
    # A rate-limited notice stays unsent (final), even once the hour is over.
    assert centre.status(third) == [("ready_for_pickup", "rate_limited")]
    assert third not in [m.params["case_number"] for m in sim.messages]


def test_two_senders_send_each_notice_once(centre: Centre, sim: AliyunSmsSimulator) -> None:
    numbers = [centre.case(f"1391234{i:04d}") for i in range(8)]
    engines = [make_engine(centre.settings.db_url) for _ in range(2)]
    barrier = threading.Barrier(2)

    def sender(engine: Any) -> None:
        sm = make_sessionmaker(engine)
        with open_provider(centre.config) as provider:
            barrier.wait()
            send_round(sm, provider, centre.config)

    threads = [threading.Thread(target=sender, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for e in engines:
        e.dispose()
    assert sim.sends() == 8
    assert sorted(m.params["case_number"] for m in sim.messages) == sorted(numbers)


def test_wrong_secret_is_refused_and_the_notice_waits(
    tmp_path: Path, sim: AliyunSmsSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = write_config(tmp_path, sim.url, sim.key_id, "not-the-secret")
    centre = Centre(tmp_path, conf)
    try:
        number = centre.case(PHONES[0])
        centre.send()
        assert sim.messages == []
        assert centre.status(number) == [("ready_for_pickup", "recorded")]  # not lost
        row = centre.row(number)
        assert row.error_code == "SignatureDoesNotMatch" and row.attempts == 0
    finally:
        centre.close()
    assert main(["check-gateways", "--sms-config", conf]) == 1
    assert "SMS (aliyun): bad credentials" in capsys.readouterr().out


def test_check_gateways(
    tmp_path: Path, sim: AliyunSmsSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_config(tmp_path, sim.url, sim.key_id, sim.key_secret)
    assert main(["check-gateways", "--sms-config", good]) == 0
    out = capsys.readouterr().out
    assert "SMS (aliyun): ok" in out and READY in out
    assert sim.state.requests == ["QuerySmsTemplate", "QuerySmsTemplate"]  # nothing sent

    closed = write_config(tmp_path, f"http://127.0.0.1:{free_port()}", "id", "s", name="closed")
    assert main(["check-gateways", "--sms-config", closed]) == 1
    assert "SMS (aliyun): not reachable" in capsys.readouterr().out

    sim.state.pending_templates.add(MAILED)  # still in review at the provider
    assert main(["check-gateways", "--sms-config", good]) == 1
    assert f"failed — template {MAILED} is not approved" in capsys.readouterr().out

    assert main(["check-gateways"]) == 0  # no configuration: the local simulator
    assert "SMS (simulator): ok" in capsys.readouterr().out


def test_configuration_errors_are_said_at_start(
    tmp_path: Path,
    sim: AliyunSmsSimulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    conf = Path(write_config(tmp_path, sim.url, sim.key_id, sim.key_secret))
    text = conf.read_text(encoding="utf-8")
    keyless = tmp_path / "keyless.toml"
    keyless.write_text(
        "\n".join(x for x in text.splitlines() if not x.startswith("access_key_file")),
        encoding="utf-8",
    )
    monkeypatch.delenv("KIOSK_SMS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("KIOSK_SMS_ACCESS_KEY_SECRET", raising=False)
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert main(["serve", "--db", db, "--sms-config", str(keyless)]) == 2
    err = capsys.readouterr().err
    assert "access_key_file" in err and "KIOSK_SMS_ACCESS_KEY_SECRET" in err
    # The environment may give the keys instead.
    monkeypatch.setenv("KIOSK_SMS_ACCESS_KEY_ID", sim.key_id)
    monkeypatch.setenv("KIOSK_SMS_ACCESS_KEY_SECRET", sim.key_secret)
    assert load_sms_config(str(keyless)).access_key_id == sim.key_id

    cases = {
        "templates.mailed.code is missing": text.split("[templates.mailed]")[0],
        "does not belong in the template file": "access_key_secret = 'x'\n" + text,
        "the server fills only": text.replace('params = ["case_number"]', 'params = ["name"]', 1),
        "the server sends no such notice": text + '[templates.promo]\ncode = "SMS_1"\n',
    }
    for said, body in cases.items():
        conf.write_text(body, encoding="utf-8")
        with pytest.raises(SmsConfigError, match=said):
            create_app(make_settings(db, sms_config=str(conf)))


def test_send_sms_command_sends_what_a_stopped_server_recorded(
    tmp_path: Path, sim: AliyunSmsSimulator
) -> None:
    conf = write_config(tmp_path, sim.url, sim.key_id, sim.key_secret)
    centre = Centre(tmp_path, conf)
    number = centre.case(PHONES[0])
    centre.close()  # the server is down; the notice is in the database
    assert main(["send-sms", "--db", centre.settings.db_url, "--sms-config", conf]) == 0
    assert [m.params for m in sim.messages] == [{"case_number": number}]
    assert sim.key_secret.encode() not in (tmp_path / "server.db").read_bytes()


def test_the_simulator_refuses_a_request_changed_after_signing(sim: AliyunSmsSimulator) -> None:
    # The contract tests are only worth something if the provider side really checks: a
    # parameter changed after signing (another number) must be refused like the provider does.
    import requests

    form = {
        "AccessKeyId": sim.key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "n-1",
        "SignatureVersion": "1.0",
        "Timestamp": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25",
        "PhoneNumbers": PHONES[0],
        "SignName": "公安政务服务",
        "TemplateCode": READY,
        "TemplateParam": '{"case_number":"K01-20261123-0001"}',
    }
    form["Signature"] = rpc_signature("POST", form, sim.key_secret)
    tampered = {**form, "PhoneNumbers": PHONES[1]}
    resp = requests.post(sim.url, data=tampered, timeout=5)
    assert resp.status_code == 400 and resp.json()["Code"] == "SignatureDoesNotMatch"
    resp = requests.post(sim.url, data=form, timeout=5)
    assert resp.json()["Code"] == "OK"
    resp = requests.post(sim.url, data=form, timeout=5)  # the same nonce again: a replay
    assert resp.json()["Code"] == "SignatureNonceUsed"
    assert [m.phone for m in sim.messages] == [PHONES[0]]


def test_an_older_notice_table_gets_the_sending_columns(
    tmp_path: Path, sim: AliyunSmsSimulator, db_url: str
) -> None:
    old_release_database(db_url)  # sms_notices as the previous release created it
    conf = write_config(tmp_path, sim.url, sim.key_id, sim.key_secret)
    centre = Centre(tmp_path, conf, db_url)
    try:
        number = centre.case(PHONES[0])
        centre.send()
        assert centre.status(number) == [("ready_for_pickup", "delivered")]
    finally:
        centre.close()
