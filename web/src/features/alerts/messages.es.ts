// The alerts feed.
// Spanish, the default language. messages.en.ts is typed against these keys, so a key missing
// in either language fails `tsc`; test/i18n.test.ts checks placeholders.
export const es = {
  'nav.alerts': 'Alertas',

  'alerts.title': 'Alertas',
  'alerts.chartTitle': 'Alertas por área y severidad — {status}',
  'alerts.filter.status': 'Estado',
  'alerts.empty': 'No hay alertas en este estado.',
  'alerts.count': '{count} alertas',
} as const;
