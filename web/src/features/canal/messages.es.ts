// The Panama Canal area.
// Spanish, the default language. messages.en.ts is typed against these keys, so a key missing
// in either language fails `tsc`; test/i18n.test.ts checks placeholders.
export const es = {
  'nav.canal': 'Canal',

  'area.canal.title': 'Canal de Panamá',
  'area.canal.purpose':
    'Tránsitos y manifiestos de contenedores, puntuación de riesgo por carga, ruta, historial del embarcador y comportamiento del buque en el mar; cola de inspecciones y resultados.',
  'area.canal.records':
    'Los tránsitos y la cola de inspecciones se muestran aquí cuando el servicio del Canal esté activo en este servidor.',
} as const;
