/**
 * Instants for the Date operators. RAM writes them in ISO 8601 (`2019-08-12T17:00:00+08:00` in
 * its "access in a specified period of time" example); epoch seconds are accepted too, as AWS does
 * for its date operators. Comparison is between instants, so `2019-08-12T17:00:00+08:00` equals
 * `2019-08-12T09:00:00Z`.
 *
 * Accepted forms (a strict subset of ISO 8601 that covers RFC 3339):
 *   YYYY-MM-DD                                   midnight UTC
 *   YYYY-MM-DDThh:mm[:ss[.fraction]][zone]       zone is Z, +hh:mm, +hhmm or -...; none means UTC
 *   digits only                                  seconds since 1970-01-01T00:00:00Z
 */

const ISO =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$/;
const EPOCH_SECONDS = /^[0-9]{1,12}$/;

/** Milliseconds since the epoch, or undefined if `text` is not an accepted form. */
export function parseInstant(text: string): number | undefined {
  if (EPOCH_SECONDS.test(text)) return Number(text) * 1000;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999; set the year explicitly to keep e.g. 0099 as 99.
  const utc = new Date(local);
  utc.setUTCFullYear(year);
  return utc.getTime() - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
