import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A meter of a customer account, loaded by the provider (`externalId` is the provider's id). */
export const Meter = defineEntity({
  name: 'MeterReadingsMeter',
  tableName: 'meter_readings_meters',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    externalId: p.string(),
    accountId: p.integer(),
    serviceId: p.integer().nullable(),
    number: p.string(),
    kind: p.string(),
    unit: p.string().nullable(),
    digits: p.integer(),
    registers: p.json<string[]>(),
    route: p.string().nullable(),
    address: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

/** A scheduled reading date of a reading route, or of a single meter. */
export const ScheduledReading = defineEntity({
  name: 'MeterReadingsSchedule',
  tableName: 'meter_readings_schedule',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    route: p.string().nullable(),
    meterId: p.integer().nullable(),
    readingDate: p.string().columnType('date'),
  },
});

/** One register's reading on one day: taken by the company, sent by the customer, estimated or telemetered. */
export const Reading = defineEntity({
  name: 'MeterReadingsReading',
  tableName: 'meter_readings_readings',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    meterId: p.integer(),
    register: p.string(),
    externalId: p.string().nullable(),
    readOn: p.string().columnType('date'),
    value: p.bigint('number'),
    source: p.string(),
    replacedBy: p.integer().nullable(),
    windowKey: p.string().nullable(),
    customerId: p.integer().nullable(),
    confirmedImplausible: p.boolean().default(false),
    photoPath: p.string().nullable(),
    photoType: p.string().nullable(),
    submittedAt: p.datetime().nullable(),
    billedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

/** A customer's wish to be emailed when the reading window of an account's meters opens. */
export const Reminder = defineEntity({
  name: 'MeterReadingsReminder',
  tableName: 'meter_readings_reminders',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    customerId: p.integer(),
    accountId: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A reminder already sent for a window. */
export const Notice = defineEntity({
  name: 'MeterReadingsNotice',
  tableName: 'meter_readings_notices',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    customerId: p.integer(),
    windowKey: p.string(),
    sentAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A photo waiting for the customer to confirm an unusual reading. */
export const HeldPhoto = defineEntity({
  name: 'MeterReadingsHeldPhoto',
  tableName: 'meter_readings_held_photos',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    customerId: p.integer(),
    fileKey: p.string(),
    mime: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type MeterRow = InferEntity<typeof Meter>;
export type ReadingRow = InferEntity<typeof Reading>;

export const entities = [Meter, ScheduledReading, Reading, Reminder, Notice, HeldPhoto];
