-- The schema the server made with create_all before it had migrations (commit b3d0b8f,
-- server/db.py), as postgresql DDL: what an existing installation's database looks like.

CREATE TABLE cases (
	case_number VARCHAR(64) NOT NULL,
	item_code VARCHAR(32) NOT NULL,
	kiosk_id VARCHAR(64),
	record_id VARCHAR(64),
	id_last4 VARCHAR(4),
	status VARCHAR(24) NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (case_number)
);

CREATE INDEX ix_cases_created_at ON cases (created_at);

CREATE TABLE catalog_versions (
	seq SERIAL NOT NULL,
	version VARCHAR(64) NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	files JSON NOT NULL,
	published_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (seq),
	UNIQUE (version)
);

CREATE TABLE code_orders (
	order_id VARCHAR(64) NOT NULL,
	kiosk_id VARCHAR(64) NOT NULL,
	amount_fen BIGINT NOT NULL,
	auth_code_hash VARCHAR(64),
	description TEXT,
	status VARCHAR(16) NOT NULL,
	result VARCHAR(16) NOT NULL,
	reason TEXT NOT NULL,
	scenario VARCHAR(24) NOT NULL,
	transaction_id VARCHAR(64),
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	paid_at TIMESTAMP WITHOUT TIME ZONE,
	reversed_at TIMESTAMP WITHOUT TIME ZONE,
	queries INTEGER NOT NULL,
	reverse_attempts INTEGER NOT NULL,
	PRIMARY KEY (order_id)
);

CREATE TABLE config_versions (
	seq SERIAL NOT NULL,
	version VARCHAR(64) NOT NULL,
	settings JSON NOT NULL,
	published_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (seq),
	UNIQUE (version)
);

CREATE TABLE help_calls (
	id VARCHAR(40) NOT NULL,
	kiosk_id VARCHAR(64) NOT NULL,
	at VARCHAR(40) NOT NULL,
	screen TEXT NOT NULL,
	language VARCHAR(16) NOT NULL,
	received_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	closed_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (id)
);

CREATE INDEX ix_help_calls_closed_at ON help_calls (closed_at);

CREATE INDEX ix_help_calls_kiosk_id ON help_calls (kiosk_id);

CREATE TABLE kiosks (
	id VARCHAR(64) NOT NULL,
	secret VARCHAR(64) NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	last_heartbeat_at TIMESTAMP WITHOUT TIME ZONE,
	last_heartbeat JSON,
	PRIMARY KEY (id)
);

CREATE TABLE lost_items (
	id VARCHAR(32) NOT NULL,
	category VARCHAR(24) NOT NULL,
	description_zh TEXT NOT NULL,
	description_en TEXT NOT NULL,
	found_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	place TEXT NOT NULL,
	station_zh TEXT NOT NULL,
	station_en TEXT NOT NULL,
	PRIMARY KEY (id)
);

CREATE INDEX ix_lost_items_category ON lost_items (category);

CREATE TABLE nonces (
	kiosk_id VARCHAR(64) NOT NULL,
	nonce VARCHAR(64) NOT NULL,
	seen_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (kiosk_id, nonce)
);

CREATE INDEX ix_nonces_seen_at ON nonces (seen_at);

CREATE TABLE qr_orders (
	order_id VARCHAR(64) NOT NULL,
	kiosk_id VARCHAR(64) NOT NULL,
	amount_fen BIGINT NOT NULL,
	description TEXT NOT NULL,
	status VARCHAR(16) NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	paid_at TIMESTAMP WITHOUT TIME ZONE,
	transaction_id VARCHAR(64),
	PRIMARY KEY (order_id)
);

CREATE TABLE records (
	kiosk_id VARCHAR(64) NOT NULL,
	record_id VARCHAR(64) NOT NULL,
	kind VARCHAR(16) NOT NULL,
	item_code VARCHAR(32) NOT NULL,
	case_number VARCHAR(64),
	created_at VARCHAR(40) NOT NULL,
	body_sha256 VARCHAR(64) NOT NULL,
	body TEXT NOT NULL,
	answer JSON NOT NULL,
	received_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (kiosk_id, record_id)
);

CREATE INDEX ix_records_received_at ON records (received_at);

CREATE TABLE reference_photos (
	id_number VARCHAR(32) NOT NULL,
	jpeg BYTEA NOT NULL,
	PRIMARY KEY (id_number)
);

CREATE TABLE slots (
	id VARCHAR(48) NOT NULL,
	service VARCHAR(32) NOT NULL,
	start TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	"end" TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	capacity INTEGER NOT NULL,
	lock_version INTEGER NOT NULL,
	PRIMARY KEY (id)
);

CREATE INDEX ix_slots_service ON slots (service);

CREATE INDEX ix_slots_start ON slots (start);

CREATE TABLE violations (
	id VARCHAR(32) NOT NULL,
	plate VARCHAR(16) NOT NULL,
	owner_id_number VARCHAR(32) NOT NULL,
	time TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	place TEXT NOT NULL,
	description_zh TEXT NOT NULL,
	description_en TEXT NOT NULL,
	fine_fen BIGINT NOT NULL,
	points INTEGER NOT NULL,
	paid BOOLEAN NOT NULL,
	PRIMARY KEY (id)
);

CREATE INDEX ix_violations_plate ON violations (plate);

CREATE TABLE case_events (
	id SERIAL NOT NULL,
	case_number VARCHAR(64) NOT NULL,
	at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	status VARCHAR(24) NOT NULL,
	note_zh TEXT NOT NULL,
	note_en TEXT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(case_number) REFERENCES cases (case_number)
);

CREATE INDEX ix_case_events_case_number ON case_events (case_number);

CREATE TABLE holds (
	id VARCHAR(40) NOT NULL,
	slot_id VARCHAR(48) NOT NULL,
	kiosk_id VARCHAR(64) NOT NULL,
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	used BOOLEAN NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(slot_id) REFERENCES slots (id)
);

CREATE INDEX ix_holds_slot_id ON holds (slot_id);

CREATE TABLE sms_notices (
	id SERIAL NOT NULL,
	case_number VARCHAR(64) NOT NULL,
	trigger VARCHAR(24) NOT NULL,
	phone VARCHAR(32) NOT NULL,
	text_zh TEXT NOT NULL,
	text_en TEXT NOT NULL,
	status VARCHAR(16) NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (case_number, trigger),
	FOREIGN KEY(case_number) REFERENCES cases (case_number)
);

CREATE INDEX ix_sms_notices_case_number ON sms_notices (case_number);

CREATE INDEX ix_sms_notices_created_at ON sms_notices (created_at);

CREATE TABLE violation_payments (
	payment_ref VARCHAR(64) NOT NULL,
	violation_id VARCHAR(32) NOT NULL,
	kiosk_id VARCHAR(64) NOT NULL,
	amount_fen BIGINT NOT NULL,
	paid_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (payment_ref),
	UNIQUE (violation_id),
	FOREIGN KEY(violation_id) REFERENCES violations (id)
);

CREATE TABLE bookings (
	booking_number VARCHAR(32) NOT NULL,
	kiosk_id VARCHAR(64) NOT NULL,
	idempotency_key VARCHAR(64) NOT NULL,
	body_sha256 VARCHAR(64) NOT NULL,
	hold_id VARCHAR(40) NOT NULL,
	slot_id VARCHAR(48) NOT NULL,
	item_code VARCHAR(32) NOT NULL,
	contact_name TEXT NOT NULL,
	contact_phone VARCHAR(32) NOT NULL,
	answer JSON NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (booking_number),
	UNIQUE (kiosk_id, idempotency_key),
	UNIQUE (hold_id),
	FOREIGN KEY(hold_id) REFERENCES holds (id),
	FOREIGN KEY(slot_id) REFERENCES slots (id)
);

CREATE INDEX ix_bookings_slot_id ON bookings (slot_id);
