"""The bill parsers against the providers' documented file layouts, written out by hand from
the documentation (not produced by our simulators)."""

from __future__ import annotations

import io
import zipfile

from server.gateways.alipay import parse_bill_zip
from server.gateways.wechat import parse_trade_bill

# 微信支付 下载交易账单 (bill_type=ALL): a header, detail lines whose every field starts with a
# backtick, then the summary header and line.
WECHAT_BILL = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
    "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
    "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n"
    "`2026-12-06 16:33:45,`wx2421b1c4370ec43b,`10000100,`0,`1000,`4200001690740201411100005734,"
    "`K01-20261206-0001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`15.00,`0.00,"
    "`0,`0,`0,`0,`,`,`居民身份证补领,`,`0.09000,`0.60%,`15.00,`0.00,`\r\n"
    "`2026-12-06 17:01:02,`wx2421b1c4370ec43b,`10000100,`0,`1000,`4200001690740201411100005735,"
    "`K01-20261206-0002,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,`0.00,"
    "`50000305742018060300000000001,`RK01-20261206-0002,`30.00,`0.00,`ORIGINAL,`SUCCESS,`出入境,`,"
    "`0.00000,`0.60%,`30.00,`30.00,`\r\n"
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n"
    "`2,`15.00,`30.00,`0.00,`0.09000,`45.00,`30.00\r\n"
)


def test_wechat_trade_bill_layout() -> None:
    rows = parse_trade_bill(WECHAT_BILL)
    assert [(r.order_id, r.kind, r.amount_fen, r.transaction_id) for r in rows] == [
        ("K01-20261206-0001", "pay", 1500, "4200001690740201411100005734"),
        ("K01-20261206-0002", "refund", 3000, "4200001690740201411100005735"),
    ]


# 支付宝 交易账单 zip: <pid>_<yyyymmdd>_业务明细.csv in GBK, '#' comment lines around a header
# and detail lines (trade numbers padded with a tab so spreadsheets keep them as text), plus a
# 业务明细(汇总) file that is not detail.
ALIPAY_DETAIL = (
    "#支付宝业务明细查询\r\n#账号：[20880000000000000156]\r\n"
    "#起始日期：[2026年12月06日 00:00:00]   终止日期：[2026年12月07日 00:00:00]\r\n"
    "#-----------------------------------------业务明细列表----------------------------------------\r\n"
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,"
    "订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,"
    "券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\r\n"
    "2026120622001400000000000001\t,K02-20261206-0001\t,交易,居民身份证补领,2026-12-06 09:00:01,"
    "2026-12-06 09:00:03,,,,,lin***@example.com,15.00,15.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.09,0.00,\r\n"
    "2026120622001400000000000002\t,Q02-20261206-0002\t,退款,出入境,2026-12-06 10:00:01,"
    "2026-12-06 10:05:00,,,,,lin***@example.com,-30.00,-30.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,"
    "RQ02-20261206-0002,0.18,0.00,\r\n"
    "#-----------------------------------------业务明细列表结束------------------------------------\r\n"
    "#交易合计：1笔，商家实收共15.00元\r\n#导出时间：[2026年12月07日 09:01:02]\r\n"
)


def test_alipay_bill_zip_layout() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in (
            ("20880000000000000156_20261206_业务明细.csv", ALIPAY_DETAIL),
            ("20880000000000000156_20261206_业务明细(汇总).csv", "#汇总\r\n门店编号,门店名称\r\n"),
        ):
            info = zipfile.ZipInfo("x")
            info.filename = name.encode("gbk").decode("cp437")  # GBK name, no UTF-8 flag
            z.writestr(info, text.encode("gbk"))
    rows = parse_bill_zip(buf.getvalue())
    assert [(r.order_id, r.kind, r.amount_fen, r.transaction_id) for r in rows] == [
        ("K02-20261206-0001", "pay", 1500, "2026120622001400000000000001"),
        ("Q02-20261206-0002", "refund", 3000, "2026120622001400000000000002"),
    ]
