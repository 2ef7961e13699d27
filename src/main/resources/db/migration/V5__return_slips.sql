-- Return slips the relay issues itself (when a return is accepted and no ERP slip is attached). The
-- PDF is rendered from the return when downloaded; the token is the unguessable part of its URL.
CREATE TABLE return_slip (
    token       VARCHAR(64) PRIMARY KEY,
    website_id  BIGINT      NOT NULL REFERENCES website (id),
    return_id   BIGINT      NOT NULL REFERENCES order_return (id),
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX return_slip_by_return ON return_slip (return_id);
