// Migration's overview (/migration): the area page with the Darién map and, for the roles that
// may read encounters, the latest ones.
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty } from '../../shell/feedback';
import { hasAny } from '../../shell/session';
import { areaPage } from '../../ui/area-page';
import { READERS } from './logic';
import { t } from './messages';
import { encounterTable, migrationTabs, stationNames, stations } from './ui';

export function overviewView(ctx: Ctx): void {
  const latest = hasAny(ctx.session.user.roles, READERS);
  areaPage(ctx, {
    module: 'migration',
    title: t('area.migration.title'),
    purpose: t('area.migration.purpose'),
    tabs: migrationTabs(ctx, 'overview'),
    // Darién: the reception stations between Metetí and the Colombian border.
    map: { layers: ['panama_land', 'stations'], view: [-78.35, 7.95, -77.15, 8.9] },
    alertChart: 'module',
    alertModules: ['migration', 'biometrics'],
    records: latest
      ? {
        title: t('mig.overview.latest'),
        load: async () => {
          const [list, { items }] = await Promise.all([stations(ctx.api), ctx.api.encounters('limit=8')]);
          return h('div', null,
            items.length === 0 ? empty(t('mig.enc.empty')) : encounterTable(items, { names: stationNames(list), testid: 'latest-encounters' }),
            h('p', { class: 'small' }, h('a', { href: '/migration/encounters', 'data-link': true }, t('mig.overview.all'))));
        },
      }
      : { title: t('panel.records'), placeholder: t('area.migration.records') },
  });
}
