// Cooperation oversight.
// Spanish, the default language. messages.en.ts is typed against these keys, so a key missing
// in either language fails `tsc`; test/i18n.test.ts checks placeholders.
export const es = {
  'nav.cooperation': 'Cooperación',

  'area.cooperation.title': 'Supervisión de la cooperación',
  'area.cooperation.purpose':
    'Actividades de capacitación (JCET, SFAB, INL, PANAMAX, Fuerzas Comando, Programa de Asociación Estatal), financiamiento por año fiscal, indicadores de resultados e informes.',
  'area.cooperation.records':
    'Las actividades y líneas de financiamiento se muestran aquí cuando el servicio de cooperación esté activo en este servidor.',
} as const;
