"""Print a sample receipt through the simulated printer and save what it printed as a PNG:
`python -m devices.printer.sample out/receipts/sample.png [--paper 58|80]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from devices.printer.receipt import Receipt
from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind, DeviceSpec


def sample_receipt(paper_mm: int) -> Receipt:
    r = Receipt(paper_mm).title("业务受理回执")
    r.text("示例市公安局政务服务大厅", align="center").separator()
    r.pair("业务：", "户口簿补领").pair("受理编号：", "R20261122-0001")
    r.pair("姓名：", "测试䶮").pair("证件号码：", "110105********1234")
    r.pair("费用：", "￥0.00（免费）")
    r.text("请于【5个工作日】后凭本回执到一楼综合服务窗口领取。", bold=True)
    r.separator("=").qr("https://example.gov.cn/r/R20261122-0001").barcode("R20261122-0001")
    return r.text("扫码查询办理进度 Scan to track", align="center").cut()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--paper", type=int, choices=(58, 80), default=80)
    args = parser.parse_args(argv)
    printer = SimulatedPrinter(DeviceSpec("printer", DeviceKind.PRINTER, "simulator",
                                          options={"paper_width_mm": args.paper}))
    try:
        printer.open()
        printer.print_receipt(sample_receipt(args.paper))
        path = printer.hardware.render_last(args.out)
    finally:
        printer.shutdown()
    print(f"receipt written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
