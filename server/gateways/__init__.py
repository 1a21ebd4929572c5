"""The centre's payment gateways: one interface (base.Gateway), the built-in simulator (the
default, server/payments.py), WeChat Pay API v3 (wechat.py) and Alipay OpenAPI (alipay.py), plus
local provider simulators for contract tests and dry runs (wechat_sim.py, alipay_sim.py)."""
