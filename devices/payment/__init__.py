"""Bank-card payment terminal (UnionPay MIS-POS): records, driver via a vendor library, simulator."""
