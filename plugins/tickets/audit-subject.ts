/** How tickets are named in the audit log, so the viewer's subject filter finds one ticket's whole trail. */
export const auditSubject = (number: number) => `ticket-${number}`;
