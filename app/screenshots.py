"""``kiosk screenshots DIR``: drive a kiosk through its screens and save a PNG of each, in every
language and orientation asked for. Used for reviews (look at them) and by the tests.

The keyboard only appears on a real X server: run under ``xvfb-run -a``. Offscreen, the form is
captured without it.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.catalog import Area
from kiosk.config import Settings, VoiceSettings
from app.gui import build_shell, make_application
from ui.shell import Shell

log = logging.getLogger("app.screenshots")

DEMO_ITEM = "ZA-0101"  # a complete service that needs no device: reporting a lost item
SAMPLE_ANSWERS = {
    "item_category": "wallet",
    "item_description": "黑色皮夹 black leather wallet",
    "lost_date": "2026-11-20",
    "lost_place": "人民广场地铁站 People's Square metro",
    "name": "张三",
    "phone": "13800138000",
}


def settle(ms: int = 60) -> None:
    """Let Qt lay out and paint (and QML load) before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def _with_orientation(settings: Settings, orientation: str, data_dir: Path) -> Settings:
    width, height = (1080, 1920) if orientation == "portrait" else (1920, 1080)
    screen = settings.screen.model_copy(update={"orientation": orientation, "width_px": width, "height_px": height,
                                                "fullscreen": False})
    return settings.model_copy(update={"screen": screen, "data_dir": data_dir})


def _silent(voice: VoiceSettings) -> VoiceSettings:
    """Screenshots need no voice, and must not wait on one: a speech-dispatcher that is installed
    but stuck kept the tool from finishing. Qt's mock engine where it is installed (development:
    the repeat button shows as on a kiosk with voice), else none; never speech-dispatcher."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    if "mock" in QTextToSpeech.availableEngines():
        return voice.model_copy(update={"engine": "mock"})
    return voice.model_copy(update={"enabled": False})


def fill_form(shell: Shell, answers: dict[str, str]) -> None:
    from ui.inputs import ChoiceInput
    from ui.screens.steps import FormScreen

    screen = shell.current
    assert isinstance(screen, FormScreen)
    for key, widget in screen.inputs.items():
        if key not in answers:
            continue
        if isinstance(widget, QLineEdit):
            widget.setText(answers[key])
        elif isinstance(widget, ChoiceInput):
            widget.set_value(answers[key])


def write_screenshots(settings: Settings, directory: Path, languages: Sequence[str],
                      orientations: Sequence[str]) -> list[Path]:
    from kiosk.core import KioskCore

    make_application()
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for orientation in orientations:
        for language in languages:
            with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
                cfg = _with_orientation(settings, orientation, Path(tmp)).model_copy(
                    update={"language": language, "voice": _silent(settings.voice)})
                core = KioskCore(cfg, log_to_file=False)
                shell = build_shell(core)
                shell.show()
                settle(300)
                numbers: dict[str, str] = {}

                def shot(name: str, shell: Shell = shell, language: str = language, orientation: str = orientation,
                         numbers: dict[str, str] = numbers) -> None:
                    # One number, one picture: a reviewer refers to "portrait zh 14" (two screens
                    # shared 14 and 15, two more 20 and 22).
                    number = name.split("-", 1)[0]
                    if number in numbers:
                        raise ValueError(f"screenshot number {number} used twice: {numbers[number]}, {name}")
                    numbers[number] = name
                    settle()
                    path = directory / f"{orientation}-{language}-{name}.png"
                    shell.grab().save(str(path))
                    written.append(path)

                _tour(shell, shot)
                shell.close()
                if shell.keyboard is not None:
                    shell.keyboard.close_down()
                shell.deleteLater()
                core.close()
                settle()
    return written


def _tour(shell: Shell, shot: Callable[[str], None]) -> None:
    shot("01-attract")
    shell.start_session()
    shot("02-home")
    shell.show_area(Area.PUBLIC_ORDER)
    shot("03-area")
    item = shell.catalog.item(DEMO_ITEM)
    shell.show_guide(item)
    shot("04-guide")  # ends with the consent its start button gives (同意并开始办理)
    shell.toggle_elder()
    shot("05-guide-elder")
    shell.toggle_elder()
    shell.start_workflow([item])
    fill_form(shell, {})
    shell.current.render()
    from ui.screens.steps import FormScreen

    form = shell.current
    assert isinstance(form, FormScreen)
    form.submit()  # empty: shows the errors next to the fields
    shot("06-form-errors")
    fill_form(shell, SAMPLE_ANSWERS)
    form.submit()
    fill_form(shell, SAMPLE_ANSWERS)
    first = next((w for w in form.inputs.values() if isinstance(w, QLineEdit)), None)
    if first is not None:
        first.setText("")
        first.setFocus()
        QApplication.inputMethod().show()
    settle(400)
    shot("07-form-keyboard")
    fill_form(shell, SAMPLE_ANSWERS)
    form.submit()
    shot("08-review")
    shell.toggle_elder()
    shot("09-review-elder")
    shell.toggle_elder()
    shell.idle._warn()
    shot("10-timeout-warning")
    shell.overlay.extend()
    shell.next_step()  # confirm: the case is committed to the outbox
    settle(200)
    shot("12-done")
    shell.next_step()
    shot("13-rate")
    shell.cancel_session()
    _identify_tour(shell, shot)
    _pay_tour(shell, shot)
    _collect_tour(shell, shot)
    _issue_tour(shell, shot)
    _application_tour(shell, shot)
    _people_tour(shell, shot)
    _review_sign_tour(shell, shot)
    shell.set_out_of_service(True)
    shot("11-out-of-service")
    shell.set_out_of_service(False)


def _settle_until(done: Callable[[], bool], timeout_ms: int) -> None:
    """Let the identify/photo workers (threads) get somewhere before a shot, bounded."""
    waited = 0
    while not done() and waited < timeout_ms:
        settle(100)
        waited += 100


IDENTIFY_ITEM = "CRJ-0101"  # an exit-entry permit: identify, then a certificate photo


def _identify_tour(shell: Shell, shot: Callable[[str], None]) -> None:
    """The identify and photo steps with the demo simulators (sample card, demo faces on the
    camera). Skipped when the kiosk has no simulated card reader."""
    from devices.card_reader.simulator import SimulatedCardReader
    from devices.spec import DeviceKind
    from kiosk.identity import IdentifyView, Phase
    from ui.screens.identify import IdentifyScreen

    hardware = shell.services.hardware
    reader = hardware.manager.first(DeviceKind.CARD_READER) if hardware is not None else None
    if not isinstance(reader, SimulatedCardReader) or IDENTIFY_ITEM not in {i.code for i in shell.catalog.items()}:
        return
    shell.start_session()
    shell.start_workflow([shell.catalog.item(IDENTIFY_ITEM)])  # the guide's button was the consent
    screen = shell.current
    if not isinstance(screen, IdentifyScreen):
        return
    shot("20-identify-card")
    screen.use_number()
    settle(300)
    shot("21-identify-number")
    screen.use_card()
    reader.remove_card()
    reader.present_card("resident")
    _settle_until(lambda: screen.view.phase is Phase.CONSENT, 4000)
    shot("22-identify-consent")
    screen.choose_face()
    _settle_until(lambda: screen.view.phase is Phase.FACE and screen.camera.has_frame(), 8000)
    settle(600)
    shot("23-identify-camera")
    # The second look (an uncertain verdict against the chip photo) shown directly: reaching it
    # for real needs a face the demo threshold finds uncertain (tests/ui/test_identify.py does).
    screen.timer.stop()
    screen._show(IdentifyView(Phase.SECOND_LOOK, guidance="ok", via_card=True, reference="chip",
                              frames_taken=1, frames_wanted=3))
    settle(300)
    shot("24-identify-second-look")
    screen.timer.start()
    screen.choose_staff()
    shot("25-identify-staff")
    shell.next_step()
    photo = shell.screens["photo"]
    _settle_until(lambda: shell.current is photo and photo.camera.has_frame(), 6000)  # type: ignore[attr-defined]
    settle(600)
    shot("26-photo")
    _fingerprint_tour(shell, shot)
    shell.cancel_session()


def _fingerprint_tour(shell: Shell, shot: Callable[[str], None]) -> None:
    """The fingers, carried on the photo screen after the photo (拍照与指纹采集), normal and elder,
    and the way on when fingers cannot be read (shown directly, as a still)."""
    from kiosk.catalog import StepKind
    from kiosk.steps.fingerprint import CounterReason, FingerPhase, FingerView
    from ui.screens.photo import PhotoScreen

    flow = shell.workflow
    photo = shell.screens["photo"]
    if flow is None or not isinstance(photo, PhotoScreen) or flow.index + 1 >= len(flow.steps) \
            or flow.steps[flow.index + 1].kind is not StepKind.FINGERPRINT:
        return
    flow.index += 1  # the photo is taken: the fingers, on the same screen
    shell.show_step()
    settle(200)
    shot("27-fingerprint")
    shell.toggle_elder()
    shot("28-fingerprint-elder")
    shell.toggle_elder()
    photo.fingers.stop()  # a still of the way on when the fingers cannot be read
    photo.fingers._show(FingerView(FingerPhase.COUNTER, problem="too_few_points", tries_left=0,
                                   reason=CounterReason.UNREADABLE))
    shot("29-fingerprint-counter")


PAY_ITEM = "CRJ-0102"  # a Hong Kong / Macau endorsement: 15 yuan


def _after_identify(shell: Shell, code: str) -> bool:
    """Start ``code`` and stand on the step after identify (what that step would have done is
    not needed by the screens shown here)."""
    from kiosk.catalog import StepKind

    if code not in {i.code for i in shell.catalog.items()}:
        return False
    shell.start_session()
    shell.start_workflow([shell.catalog.item(code)])
    flow = shell.workflow
    assert flow is not None
    flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.IDENTIFY) + 1
    shell.show_step()
    return True


SIGNED_REVIEW_ITEM = "CRJ-0101"  # review → sign: signed on the review (kiosk/workflow.sign_at_review)


def _review_sign_tour(shell: Shell, shot: Callable[[str], None]) -> None:
    """The review a citizen also signs on, with the demo's sample answers where the item asks them."""
    from kiosk.catalog import StepKind

    if SIGNED_REVIEW_ITEM not in {i.code for i in shell.catalog.items()}:
        return
    shell.start_session()
    item = shell.catalog.item(SIGNED_REVIEW_ITEM)
    shell.start_workflow([item])
    flow = shell.workflow
    assert flow is not None
    flow.session.answers.update({f.key: SAMPLE_ANSWERS[f.key] for f in item.fields() if f.key in SAMPLE_ANSWERS})
    flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.REVIEW)
    shell.show_step()
    shot("14-review-sign")
    shell.toggle_elder()
    shot("15-review-sign-elder")
    shell.toggle_elder()
    shell.cancel_session()


def _people_tour(shell: Shell, shot: Callable[[str], None]) -> None:
    """Eligibility (a question, then stopped with where to go), 代办 (for whom; the principal; in
    person only) and 我没有手机 on a phone field."""
    if _after_identify(shell, PAY_ITEM):
        shot("50-eligibility-question")
        shell.screens["eligibility"]._answer(False)  # type: ignore[attr-defined]
        shot("51-eligibility-stopped")
        shell.cancel_session()
    if _after_identify(shell, "HZ-0102"):
        shot("52-on-behalf-choose")
        shell.screens["on_behalf"]._other()  # type: ignore[attr-defined]
        shot("53-on-behalf-principal")
        shell.cancel_session()
    if _after_identify(shell, "ZM-0202"):
        shell.screens["on_behalf"]._other()  # type: ignore[attr-defined]
        shot("54-on-behalf-in-person-only")
        shell.cancel_session()
    item = shell.catalog.item(DEMO_ITEM)
    shell.start_session()
    shell.start_workflow([item])
    from ui.screens.steps import FormScreen

    form = shell.current
    if isinstance(form, FormScreen):
        fill_form(shell, SAMPLE_ANSWERS)
        form.submit()
        form = shell.current
        if isinstance(form, FormScreen) and form.no_phone:
            fill_form(shell, SAMPLE_ANSWERS)
            next(iter(form.no_phone.values())).setChecked(True)
            shot("55-form-no-phone")
    shell.cancel_session()


def _pay_tour(shell: Shell, shot: Callable[[str], None]) -> None:
    """The pay step: the fee and the ways to pay; a declined card; the QR code to scan; the
    notice after a restart that returned a payment. Nothing is charged: the screens are shown
    in these states directly (the flows themselves are tested in tests/ui/test_pay.py)."""
    from datetime import date

    from kiosk.catalog import StepKind
    from kiosk.payments import service as pay
    from kiosk.payments.journal import Entry, Method, State
    from kiosk.steps.pay import Notice, PayPhase, PayView
    from ui.screens.pay import PaymentNoticeScreen, PayScreen

    if PAY_ITEM not in {i.code for i in shell.catalog.items()}:
        return
    shell.start_session()
    shell.start_workflow([shell.catalog.item(PAY_ITEM)])
    flow = shell.workflow
    assert flow is not None
    for index, rule in enumerate(shell.catalog.item(PAY_ITEM).eligibility):
        if rule.ask is not None:  # "do you hold a valid permit?": the qualifying answer
            flow.answer_eligibility(PAY_ITEM, index, rule.qualifies == "yes")
    flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.PAY)
    shell.show_step()
    screen = shell.current
    if not isinstance(screen, PayScreen):
        return
    shot("30-pay")
    sample = Entry("K261123A1B2C3D4E5F6A7B8C9", flow.session.id, Method.CARD, 1500, State.FAILED, reason="declined_51")
    assert screen.controller is not None
    fee = screen.controller.quote
    screen.show_view(PayView(PayPhase.CHOOSE, fee, methods=("card", "code", "qr"), notice=Notice.DECLINED,
                             amount_fen=1500, method=Method.CARD, order_id=sample.order_id))
    shot("31-pay-declined")
    screen.show_view(PayView(PayPhase.QR_SHOWN, fee, qr_text="https://pay.example.invalid/qr/" + sample.order_id,
                             qr_seconds_left=shell.settings.payment.qr_wait_s))
    shot("32-pay-qr")
    shell.cancel_session()
    notice = shell.screens["payment_notice"]
    assert isinstance(notice, PaymentNoticeScreen)
    returned = Entry(sample.order_id, "gone", Method.CARD, 1500, State.REVERSED, reference="172429000001",
                     created_at="2026-11-23T09:24:00Z")
    notice.show_results([pay.PayResult(pay.REFUNDED, returned, refund_by=date(2026, 12, 2))])
    shot("33-payment-notice")
    notice._ok()


COLLECT_ITEM = "HZ-0601"  # 自助取证: a finished ID card from the dispenser


def _collect_tour(shell: Shell, shot: Callable[[str], None]) -> None:
    """The collect step after a face match: for real up to the centre (not linked here, so it says
    nothing was dispensed), then the card at the mouth, collected and retained shown directly (the
    flows are tested in tests/kiosk/test_collect.py)."""
    import time

    from devices.card_reader.samples import load_samples
    from devices.card_reader.textblock import parse_text_block
    from devices.spec import DEMO_DIR
    from kiosk.catalog import StepKind
    from kiosk.collect import Phase
    from ui.screens.collect import CollectScreen

    if COLLECT_ITEM not in {i.code for i in shell.catalog.items()}:
        return
    shell.start_session()
    shell.start_workflow([shell.catalog.item(COLLECT_ITEM)])
    flow = shell.workflow
    assert flow is not None
    flow.session.card = parse_text_block(load_samples(DEMO_DIR / "identities.json")["resident"].text_block)
    flow.session.verification = "match"
    flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.COLLECT)
    shell.show_step()
    screen = shell.current
    if not isinstance(screen, CollectScreen) or screen._controller is None:
        return
    controller = screen._controller
    _settle_until(lambda: not screen._running, 4000)
    shot("40-collect-centre-unavailable")
    controller._title = {"zh": "居民身份证", "en": "Resident ID card"}
    for name, phase in (("41-collect-take", Phase.TAKE_CARD), ("42-collect-done", Phase.DONE),
                        ("43-collect-retained", Phase.RETAINED), ("44-collect-jammed", Phase.JAMMED)):
        controller._phase = phase
        controller._deadline = time.monotonic() + 27
        screen._show()
        shot(name)
    shell.cancel_session()


ISSUE_ITEM = "HZ-0501"  # 户籍证明: identify, then printed on the A4 document printer


def _application_tour(shell: Shell, shot: Callable[[str], None]) -> None:
    """The temporary plate refused before the fee (JG-0302; tests/ui/test_plate_fee_check.py) and
    the done screen offering 打印申请表 after a signed ID-card application, then its paper-out notice
    (tests/ui/test_application_form.py). Shown in these states: nothing is asked or printed."""
    from kiosk.application_form import ApplicationFormPrinter
    from kiosk.application_form import Phase as FormPhase
    from kiosk.catalog import StepKind
    from kiosk.issuing import BAD_VIN, GO_THERE_NOTHING_CHARGED
    from kiosk.messages import fill
    from kiosk.steps.pay import PayPhase, PayView
    from kiosk.workflow import SIGNATURE
    from ui.screens.pay import PayScreen
    from ui.screens.steps import DoneScreen

    codes = {i.code for i in shell.catalog.items()}
    if "JG-0302" in codes:
        shell.start_session()
        shell.start_workflow([shell.catalog.item("JG-0302")])
        flow = shell.workflow
        assert flow is not None
        flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.PAY)
        shell.show_step()
        screen = shell.current
        settle(500)  # the controller's own check (no face match here) answers first; the sample replaces it
        if isinstance(screen, PayScreen) and screen.controller is not None:
            where, why = BAD_VIN
            message = fill(GO_THERE_NOTHING_CHARGED, why=why, where=where)
            screen.show_view(PayView(PayPhase.REFUSED, screen.controller.quote, check_message=message))
            shot("34-pay-refused-before-fee")
        shell.cancel_session()
    _centre_check_tour(shell, shot, codes)
    if "HZ-0101" in codes:
        shell.start_session()
        shell.start_workflow([shell.catalog.item("HZ-0101")])
        flow = shell.workflow
        assert flow is not None
        flow.session.attachments[SIGNATURE] = b"\x89PNG sample"  # only its presence counts here
        flow.session.case_numbers.append("HZ0101-20261207-0042")
        flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.DONE)
        shell.show_step()
        screen = shell.current
        if isinstance(screen, DoneScreen):
            shot("16-done-print-application")
            form = screen._form
            if isinstance(form, ApplicationFormPrinter):
                form._phase = FormPhase.PRINTER_FAULT  # shown, not printed
                screen._show_form()
                shot("17-done-application-paper-out")
        shell.cancel_session()


def _centre_check_tour(shell: Shell, shot: Callable[[str], None], codes: set[str]) -> None:
    """The centre's check on the review refusing a birth registration before the signature
    (HZ-0201; tests/ui/test_centre_checks.py), and the done screen of a residence permit to be
    collected at this kiosk by a citizen without a phone. Sample states: nothing is asked."""
    from kiosk.catalog import StepKind
    from kiosk.fields import NO_PHONE
    from kiosk.steps.centre_check import CheckPhase
    from ui.screens.steps import ReviewScreen

    if "HZ-0201" in codes:
        shell.start_session()
        shell.start_workflow([shell.catalog.item("HZ-0201")])
        flow = shell.workflow
        assert flow is not None
        flow.session.answers.update({"child_name": "测试小甲", "child_gender": "female", "child_birth_date": "2025-01-15",
                                     "birth_certificate_number": "Q110054321", "register_with": "mother",
                                     "mail_address": "北京市朝阳区示例路8号院1号楼201室", "phone": "13800138000"})
        flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.REVIEW)
        shell.show_step()
        screen = shell.current
        settle(300)  # its own check (no face match here) answers first; the sample replaces it
        if isinstance(screen, ReviewScreen) and screen.checker is not None:
            screen.checker._phase = CheckPhase.REFUSED
            screen.checker._message = {
                "zh": "婴儿出生已超过一个月，须到窗口申报出生登记。请到落户地派出所户籍窗口办理。申请未提交。",
                "en": "More than one month has passed since the birth: the registration is made at the counter. "
                      "Please go to the household registration counter of the police station where the child is "
                      "registered. Nothing was submitted."}
            screen._show_check()
            shot("60-review-centre-refused")
            shell.toggle_elder()
            shot("61-review-centre-refused-elder")
            shell.toggle_elder()
        shell.cancel_session()
    if "HZ-0401" in codes:
        shell.start_session()
        shell.start_workflow([shell.catalog.item("HZ-0401")])
        flow = shell.workflow
        assert flow is not None
        flow.session.answers.update({"card_delivery": "dispenser", "phone": NO_PHONE})
        flow.session.case_numbers.append("HZ0401-20261208-0007")
        flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.DONE)
        shell.show_step()
        shot("62-done-dispenser-no-phone")
        shell.cancel_session()


def _issue_tour(shell: Shell, shot: Callable[[str], None]) -> None:
    """The issue step's states, shown directly (printing takes a linked centre and a printer: the
    flow itself is tested in tests/ui/test_issue.py): printing, take your certificate, printer
    fault with reprint and staff, and no face match (the counter)."""
    from kiosk.catalog import StepKind
    from kiosk.issuing import MESSAGES, IssueView, Phase
    from ui.screens.issue import IssueScreen

    if ISSUE_ITEM not in {i.code for i in shell.catalog.items()}:
        return
    shell.start_session()
    shell.start_workflow([shell.catalog.item(ISSUE_ITEM)])
    flow = shell.workflow
    assert flow is not None
    screen = shell.screens["issue"]
    assert isinstance(screen, IssueScreen)
    flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is StepKind.ISSUE)
    screen._owner, screen._busy = flow, True  # shown, not run: nothing is asked or printed
    screen.view = IssueView(Phase.PRINTING, MESSAGES[Phase.PRINTING])
    shell.show_step()
    shot("45-issue-printing")
    screen._busy = False
    for name, view, staff in (
        ("46-issue-done", IssueView(Phase.DONE, MESSAGES[Phase.DONE], code="K7QX2M4PZ3HD6WNA",
                                    ecopy_url="https://yz.gaj.example.cn/e/" + "Xq7" * 10 + "Zz"), ""),
        ("48-issue-printer-fault", IssueView(Phase.PRINTER_FAULT, MESSAGES[Phase.PRINTER_FAULT],
                                             code="K7QX2M4PZ3HD6WNA", printer_error="paper_empty",
                                             can_retry=True), "called"),
        ("49-issue-unverified", IssueView(Phase.UNVERIFIED, MESSAGES[Phase.UNVERIFIED]), ""),
    ):
        screen.view, screen._staff = view, staff
        screen._show(view)
        shot(name)
        if view.ecopy_url:  # the second QR (电子证照) at the bigger elder sizes too
            shell.toggle_elder()
            shot("47-issue-done-elder")
            shell.toggle_elder()
    shell.cancel_session()
