// The Maritime area.
// Spanish, the default language. messages.en.ts is typed against these keys, so a key missing
// in either language fails `tsc`; test/i18n.test.ts checks placeholders.
export const es = {
  'nav.maritime': 'Marítimo',

  'area.maritime.title': 'Marítimo — aguas jurisdiccionales de Panamá',
  'area.maritime.purpose':
    'Cuadro de buques a partir de AIS, detección de apagados, encuentros en el mar, merodeo, velocidades de lancha rápida y suplantación de identidad; casos de interdicción y sus resultados.',
  'area.maritime.records':
    'El cuadro de buques y los casos de interdicción se muestran aquí cuando la ingesta AIS esté activa en este servidor.',
} as const;
