// The shell's own messages: the frame (sign-in, navigation, language switch, page not found), the
// vocabulary every page shares (roles, areas, severities, statuses, API errors) and the texts of
// the shared components in ui/ (panels, map, charts, alert list, photo picker, dialogs).
// Spanish, the default language. messages.en.ts is typed against these keys, so a key missing
// in either language fails `tsc`; test/i18n.test.ts checks placeholders.
export const es = {
  'app.name': 'Istmo',
  'app.tagline': 'Cooperación de seguridad Panamá – Estados Unidos',
  'app.timezone': 'Horas en hora de Panamá (UTC−5)',

  'lang.label': 'Idioma',
  'lang.es': 'Español',
  'lang.en': 'English',

  'login.title': 'Iniciar sesión',
  'login.subtitle': 'Acceso para personal autorizado de las instituciones participantes.',
  'login.username': 'Usuario',
  'login.password': 'Contraseña',
  'login.submit': 'Entrar',
  'login.submitting': 'Verificando…',
  'login.required': 'Escriba su usuario y su contraseña.',
  'login.expired': 'Su sesión terminó. Inicie sesión de nuevo.',
  'login.loggedOut': 'Sesión cerrada.',
  'login.notice': 'Toda acción queda registrada en la bitácora de auditoría.',

  'nav.section.areas': 'Áreas',
  'nav.section.ops': 'Alertas',
  'nav.section.admin': 'Administración',
  'nav.logout': 'Cerrar sesión',
  'nav.signedInAs': 'Sesión de {name}',

  'role.officer': 'Oficial',
  'role.analyst': 'Analista',
  'role.supervisor': 'Supervisor',
  'role.admin': 'Administrador',

  'module.migration': 'Migración',
  'module.maritime': 'Marítimo',
  'module.canal': 'Canal',
  'module.cooperation': 'Cooperación',
  'module.biometrics': 'Biometría',

  'severity.info': 'Información',
  'severity.warning': 'Advertencia',
  'severity.critical': 'Crítica',

  'status.open': 'Abierta',
  'status.acknowledged': 'Reconocida',
  'status.closed': 'Cerrada',

  'common.loading': 'Cargando…',
  'common.retry': 'Reintentar',
  'common.close': 'Cerrar',
  'common.yes': 'Sí',
  'common.no': 'No',
  'common.none': '—',
  'common.cancel': 'Cancelar',
  'common.save': 'Guardar',

  'error.title': 'No se pudo completar la operación',
  'error.code.invalid_argument': 'Datos no válidos',
  'error.code.unauthenticated': 'Credenciales no válidas o sesión vencida',
  'error.code.permission_denied': 'No tiene permiso para esta acción',
  'error.code.not_found': 'No encontrado',
  'error.code.conflict': 'Conflicto con el estado actual',
  'error.code.unavailable': 'Servicio no disponible; intente de nuevo',
  'error.code.resource_exhausted': 'Demasiados intentos; espere un momento',
  'error.code.too_large': 'Demasiado grande',
  'error.code.data_loss': 'Datos dañados en el servidor',
  'error.code.internal': 'Error interno del servidor',
  'error.network': 'No se pudo contactar al servidor de Istmo.',
  'error.badResponse': 'El servidor respondió HTTP {status} sin un error legible.',
  'error.field': 'Campo: {field}',
  'error.requestId': 'Solicitud {id}',

  'notFound.title': 'Página no encontrada',
  'notFound.body': 'La dirección {path} no corresponde a ninguna página de Istmo.',

  'panel.map': 'Mapa',
  'panel.alerts': 'Alertas abiertas',
  'panel.alertsByModule': 'Alertas abiertas por área y severidad',
  'panel.alertsBySeverity': 'Alertas abiertas por severidad',
  'panel.records': 'Registros',
  'panel.alertsEmpty': 'No hay alertas abiertas en esta área.',
  'panel.alertsEmptyAll': 'No hay alertas abiertas en ninguna área.',

  'chart.count': 'Alertas',
  'chart.basis': 'Calculado sobre las últimas {count} alertas abiertas visibles para su organización.',

  'map.layer.panama_land': 'Límite terrestre de Panamá',
  'map.layer.panama_territorial_sea': 'Mar territorial (12 mn)',
  'map.layer.stations': 'Estaciones de recepción migratoria',
  'map.layerMissing': 'Capa no disponible en el servidor: {name}',
  'map.approximate': 'posición aproximada',
  'map.attribution': 'Mapa base: Natural Earth. Mar territorial: © colaboradores de OpenStreetMap.',
  'map.loading': 'Cargando mapa…',

  'alertList.col.time': 'Hora',
  'alertList.col.module': 'Área',
  'alertList.col.severity': 'Severidad',
  'alertList.col.title': 'Alerta',
  'alertList.col.org': 'Organización',
  'alertList.col.status': 'Estado',
  'alertList.ack': 'Reconocer',
  'alertList.acked': 'Alerta reconocida.',

  'photo.alt': 'Vista previa de la fotografía',
  'photo.info': 'Archivo {name} · {size} KiB',
  'photo.remove': 'Quitar foto',
  'photo.problem.empty': 'El archivo está vacío.',
  'photo.problem.type': 'El archivo no es una imagen JPEG ni PNG.',
  'photo.problem.size': 'La fotografía supera 6 MiB.',
  'photo.rejected': 'La fotografía no sirve para identificar',
} as const;
