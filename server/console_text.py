"""The staff console's words, Chinese first, English second: labels, case statuses, kiosk screens,
device kinds. One table so a missing translation is a KeyError in the tests, not a raw key on the
page (issue #17 item 7: hall staff saw ``need_materials`` and ``ready_for_pickup``)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# Short names of case statuses (server.queries.STATUS_NOTES holds the citizen's sentences).
STATUS: dict[str, tuple[str, str]] = {
    "received": ("已受理", "Received"),
    "in_review": ("审核中", "In review"),
    "approved": ("审核通过", "Approved"),
    "rejected": ("未通过", "Not approved"),
    "ready_for_pickup": ("待领取", "Ready for pickup"),
    "mailed": ("已邮寄", "Sent by post"),
    "completed": ("已办结", "Completed"),
    "need_materials": ("待补材料", "Documents needed"),
}

# The kiosk's screen names (ui/screens/*: ``name``), as staff would say where the citizen is stuck.
SCREENS: dict[str, tuple[str, str]] = {
    "attract": ("待机画面", "Welcome screen"),
    "home": ("首页", "Home"),
    "area": ("业务分类", "Service list"),
    "guide": ("办事指南", "Service guide"),
    "out_of_service": ("暂停服务", "Out of service"),
    "identify": ("身份核验", "Identity check"),
    "pay": ("缴费", "Payment"),
    "payment_notice": ("缴费说明", "Payment notice"),
    "photo": ("拍照", "Photo"),
    "fingerprint": ("指纹采集", "Fingerprints"),
    "receipt": ("回执", "Receipt"),
    "query": ("查询", "Look-up"),
    "result": ("查询结果", "Look-up result"),
    "book": ("预约", "Appointment"),
    "consent": ("授权同意", "Consent"),
    "form": ("填写表单", "Form"),
    "review": ("核对信息", "Review"),
    "sign": ("签名", "Signature"),
    "submit": ("提交", "Submitting"),
    "done": ("办理完成", "Done"),
    "rate": ("评价", "Rating"),
    "issue": ("打印证明", "Printing a document"),
    "collect": ("自助取证", "Collecting a card"),
    "on_behalf": ("选择本人或代办", "For themself or someone else"),
    "eligibility": ("办理条件", "Eligibility"),
}

DEVICES: dict[str, tuple[str, str]] = {
    "card_reader": ("身份证阅读器", "ID card reader"),
    "camera": ("摄像头", "Camera"),
    "printer": ("凭条打印机", "Receipt printer"),
    "payment_terminal": ("支付终端", "Payment terminal"),
    "scanner": ("扫码器", "Code scanner"),
    "document_printer": ("证明打印机", "Document printer"),
    "card_dispenser": ("证件发放机", "Card dispenser"),
}

SMS_STATUS: dict[str, tuple[str, str]] = {
    "recorded": ("待发送", "Waiting to be sent"),
    "sent": ("已发送", "Sent"),
    "delivered": ("已送达", "Delivered"),
    "failed": ("发送失败", "Failed"),
    "rate_limited": ("超出频率未发送", "Not sent (rate limit)"),
}

LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "zh": ("中文", "Chinese"),
    "zh_CN": ("中文", "Chinese"),
    "en": ("英文", "English"),
    "en_US": ("英文", "English"),
}

TEXT: dict[str, tuple[str, str]] = {
    "title": ("公安政务服务自助终端 · 工作台", "Police service kiosks · Staff console"),
    "sign_in_title": ("工作人员登录", "Staff sign-in"),
    "password": ("登录口令", "Operator password"),
    "sign_in": ("登录", "Sign in"),
    "wrong_password": ("口令不正确，请重新输入。", "Wrong password. Please try again."),
    "sign_out": ("退出登录", "Sign out"),
    "nav_calls": ("呼叫与设备", "Calls and kiosks"),
    "nav_cases": ("业务工作台", "Case workbench"),
    "server_time": ("北京时间", "Beijing time"),
    "sound_on": ("开启提示音", "Turn on sound"),
    "sound_is_on": ("提示音已开启", "Sound is on"),
    "live": ("实时更新中", "Live"),
    "offline": ("连接中断，正在重连…", "Connection lost, reconnecting…"),
    "help_calls": ("求助呼叫", "Help calls"),
    "no_calls": ("当前没有求助呼叫。", "No help calls right now."),
    "call_new": ("新呼叫", "New call"),
    "call_acknowledged": ("已认领，正在赶去", "Acknowledged, on the way"),
    "acknowledge": ("认领", "Acknowledge"),
    "close_call": ("处理完毕", "Done"),
    "kiosk": ("终端", "Kiosk"),
    "hall": ("大厅", "Hall"),
    "screen": ("所在页面", "Screen"),
    "language": ("语言", "Language"),
    "called_at": ("呼叫时间", "Called at"),
    "waited": ("已等待", "Waiting"),
    "minutes": ("{n} 分钟", "{n} min"),
    "seconds": ("{n} 秒", "{n} s"),
    "fleet": ("终端状态（按大厅）", "Kiosks by hall"),
    "unknown_hall": ("未上报大厅", "Hall not reported yet"),
    "no_kiosks": ("尚未登记任何终端。", "No kiosks provisioned."),
    "state_ok": ("在线", "Online"),
    "state_stale": ("离线（超过5分钟无心跳）", "Offline (no heartbeat for 5 minutes)"),
    "state_never": ("从未连接", "Never connected"),
    "last_seen": ("最近心跳", "Last heartbeat"),
    "devices": ("设备", "Devices"),
    "all_usable": ("全部正常", "All working"),
    "no_devices": ("未上报", "Not reported"),
    "device_down": ("{device}故障：{summary}", "{device} not working: {summary}"),
    "paused": ("暂停的业务", "Paused services"),
    "none_paused": ("无", "None"),
    "self_tests": ("最近自检", "Last self-tests"),
    "pass": ("通过", "pass"),
    "fail": ("未通过", "FAIL"),
    "outbox": ("待上传", "Waiting to upload"),
    "outbox_value": ("{depth} 条（最久 {oldest} 秒，搁置 {parked} 条）",
                     "{depth} (oldest {oldest} s, parked {parked})"),
    "versions": ("版本", "Versions"),
    "refused_queries": ("被拒绝的查询", "Refused case queries"),
    "refused_note": ("同一受理编号身份证后四位错误次数过多，或同一终端查询过于频繁（完整记录见 case_queries 表）。",
                     "Too many wrong ID digits for a case number, or too many queries from one kiosk "
                     "(the full trail is the case_queries table)."),
    "refused_as": ("拒绝原因", "Refused as"),
    "case_locked": ("编号已锁定", "Case number locked"),
    "rate_limited": ("查询过于频繁", "Too many queries"),
    "search": ("查找业务", "Find cases"),
    "case_number": ("受理编号", "Case number"),
    "status": ("状态", "Status"),
    "item": ("事项", "Service"),
    "any": ("全部", "All"),
    "date_from": ("受理日期从", "Received from"),
    "date_to": ("至", "to"),
    "do_search": ("查找", "Search"),
    "results": ("查找结果（最多显示 {n} 条）", "Results (at most {n} shown)"),
    "no_cases": ("没有符合条件的业务。", "No cases match."),
    "received_at": ("受理时间", "Received"),
    "fingerprints": ("指纹", "Fingerprints"),
    "fingers_captured": ("已采集 {n} 枚", "{n} taken at the kiosk"),
    "fingers_counter": ("需到窗口补采", "to be taken at the counter"),
    "open": ("打开", "Open"),
    "back_to_list": ("返回查找", "Back to search"),
    "case_title": ("业务 {n}", "Case {n}"),
    "move": ("变更状态", "Move the case along"),
    "new_status": ("新状态", "New status"),
    "reason": ("原因（会显示给申请人）", "Reason (the applicant sees it)"),
    "do_move": ("确认变更", "Change status"),
    "moved": ("状态已变更为“{status}”。", "Status changed to “{status}”."),
    "bad_status": ("请选择新状态。", "Please choose the new status."),
    "reason_too_long": ("原因请不超过 200 字。", "Please keep the reason to 200 characters."),
    "bad_date": ("日期格式应为 年-月-日，例如 2026-12-07。", "Dates are year-month-day, e.g. 2026-12-07."),
    "history": ("办理记录", "History"),
    "when": ("时间", "When"),
    "note": ("说明", "Note"),
    "sms": ("短信通知", "SMS notices"),
    "no_sms": ("该业务没有短信通知。", "This case caused no SMS notice."),
    "sms_for": ("触发状态", "For"),
    "mobile": ("手机号", "Mobile"),
    "recorded": ("记录时间", "Recorded"),
    "text": ("短信内容", "Text"),
    "not_found": ("没有找到该业务。", "No such case."),
    "switch_to": ("English", "中文"),
}


def t(key: str, lang: Lang, **fill: object) -> str:
    zh, en = TEXT[key]
    text = zh if lang == "zh" else en
    return text.format(**fill) if fill else text


def word(table: dict[str, tuple[str, str]], key: str, lang: Lang) -> str:
    """A status, screen or device in the reader's language; an unknown key is shown as it came."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]
