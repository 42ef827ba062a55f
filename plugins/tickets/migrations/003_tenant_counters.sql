-- Ticket numbers move to core's tenant_counters (series 'tickets'), which service requests share:
-- each tenant's series continues from the last number it gave.
INSERT INTO tenant_counters (tenant_id, series, last_number)
  SELECT tenant_id, 'tickets', last_number FROM tickets_counters;
DROP TABLE tickets_counters;
